"""Which rows a user may see: one function, used by every view, export, import and count.

Model permissions say which verbs a role may use; this says which rows.
- coordinators, leaders, administrators: everything;
- an agency officer: their own agency's partnerships and everything under them;
- a locality focal point: everything done in their district or commune;
- anyone else: nothing.
"""

from django.db import models
from django.db.models import Q

from partnerships import geography
from partnerships.access.roles import Role, roles_of, sees_whole_province

# Path from each scoped model to its partnership ("" for Partnership itself).
_PARTNERSHIP_PATH = {
    "Partnership": "",
    "Activity": "partnership__",
    "DevelopmentModel": "partnership__",
    "AnnualPlan": "partnership__",
    "ActivitySummary": "partnership__",
}
# Where the work physically happened, for the commune-level focal point.
_COMMUNE_FIELD = {"Activity": "commune", "DevelopmentModel": "commune", "ActivitySummary": "commune"}


def scope_condition(model_name: str, user) -> Q | None:
    """Q restricting `model_name` rows to what `user` may see; None means no restriction."""
    if sees_whole_province(user):
        return None
    path = _PARTNERSHIP_PATH[model_name]
    roles = roles_of(user)
    condition = Q(pk__in=[])
    if Role.OFFICER in roles and user.agency_id:
        condition |= Q(**{f"{path}agency_id": user.agency_id})
    if Role.FOCAL_POINT in roles and user.locality_id:
        locality = user.locality_id
        # Partnerships with the locality itself, or (for a district) with any of its communes.
        condition |= geography.in_area_q(f"{path}unit", locality)
        district = geography.district_id_of(user.locality)
        if model_name == "Partnership" and district != locality and district is not None:
            # A commune's focal point also sees the district-level partnership that covers the
            # commune (its activities stay limited to work done in the commune, below).
            condition |= Q(unit_id=district, unit__level="district")
        commune_field = _COMMUNE_FIELD.get(model_name)
        if commune_field:
            # Work done in the focal point's commune under a district-level partnership.
            condition |= Q(**{f"{commune_field}_id": locality})
    return condition


def own_agency_q(user, path: str) -> Q:
    """For an officer, rows whose agency at `path` is theirs; for anyone else, none. Lets apps
    above (inspections) scope rows that hang on an agency without a partnership."""
    if Role.OFFICER in roles_of(user) and user.agency_id:
        return Q(**{f"{path}_id": user.agency_id})
    return Q(pk__in=[])


def own_area_q(user, path: str) -> Q:
    """For a focal point, rows whose unit at `path` lies in their area; for anyone else, none."""
    if Role.FOCAL_POINT in roles_of(user) and user.locality_id:
        return geography.in_area_q(path, user.locality_id)
    return Q(pk__in=[])


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        condition = scope_condition(self.model.__name__, user)
        return self if condition is None else self.filter(condition)


def manageable_users(actor):
    """The accounts `actor` manages on the account pages: administrators every account;
    coordinators the accounts that hold no role above officer and focal point (nor superuser);
    anyone else none. (Which roles may be granted is the policy module's `grantable_roles`.)"""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.all()
    mine = roles_of(actor)
    if Role.ADMINISTRATOR in mine:
        return users
    if Role.COORDINATOR in mine:
        above = [Role.COORDINATOR.value, Role.LEADER.value, Role.ADMINISTRATOR.value]
        return users.filter(is_superuser=False).exclude(groups__name__in=above)
    return users.none()


def place_concerns(user, *, units=(), agency=None) -> bool:
    """Units and agencies are not scoped rows themselves: a page (or an API query) about one is
    in scope only for the province-wide roles, or when one of the user's visible partnerships
    concerns it (for a focal point, also their own locality, its district or its communes)."""
    if sees_whole_province(user):
        return True
    from partnerships.models import Partnership

    visible = Partnership.objects.visible_to(user)
    if agency is not None:
        return visible.filter(agency=agency).exists()
    ids = [unit.pk for unit in units]
    if visible.filter(Q(unit__in=ids) | Q(unit__parent__in=ids) | Q(unit__children__in=ids)).exists():
        return True
    locality = user.locality
    # Their own locality, a commune of their district, or the district of their commune.
    return bool(locality) and any(geography.in_area(u, locality) or geography.in_area(locality, u) for u in units)


def visible_agencies(user):
    """The agencies whose pages the user may open: all of them for the province-wide roles,
    otherwise the agencies of the partnerships the user sees."""
    from partnerships.models import Agency, Partnership

    if sees_whole_province(user):
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=Partnership.objects.visible_to(user).values("agency_id"))
def visible_name(model, user, outer_field: str):
    """The name of the `model` row that `outer_field` points at, only if `user` may see that row
    (else NULL): for labels such as a development model's "replicated from", which must not name
    another agency's model."""
    from django.db.models import OuterRef, Subquery

    return Subquery(model.objects.visible_to(user).filter(pk=OuterRef(outer_field)).values("name")[:1])
