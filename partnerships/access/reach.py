"""Which accounts, places and agencies a user reaches: rows that are not a scoped model's own,
decided from the rows `scoping` gives (a page about a district is in scope when one of the user's
visible partnerships concerns it).

Apart from `scoping` because it reads the models, which `scoping` may not: the models import
`scoping` for their `visible_to`.
"""

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, Subquery

from partnerships import geography
from partnerships.access.roles import Role, roles_of, sees_whole_province
from partnerships.models import Agency, Partnership


def manageable_users(actor):
    """The accounts `actor` manages on the account pages: administrators every account;
    coordinators the accounts that hold no role above officer and focal point (nor superuser);
    anyone else none. (Which roles may be granted is the policy module's `grantable_roles`.)"""
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
    visible = Partnership.objects.visible_to(user)
    if agency is not None:
        return visible.filter(agency=agency).exists()
    ids = [unit.pk for unit in units]
    if visible.filter(geography.related_q("unit", ids)).exists():
        return True
    locality = user.locality
    # Their own locality, a commune of their district, or the district of their commune.
    return bool(locality) and any(geography.in_area(u, locality) or geography.in_area(locality, u) for u in units)


def visible_agencies(user):
    """The agencies whose pages the user may open: all of them for the province-wide roles,
    otherwise the agencies of the partnerships the user sees."""
    if sees_whole_province(user):
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=Partnership.objects.visible_to(user).values("agency_id"))


def visible_name(model, user, outer_field: str):
    """The name of the `model` row that `outer_field` points at, only if `user` may see that row
    (else NULL): for labels such as a development model's "replicated from", which must not name
    another agency's model."""
    return Subquery(model.objects.visible_to(user).filter(pk=OuterRef(outer_field)).values("name")[:1])



def audit_rows_visible(rows, *, reader, model):
    """Of the audit trail's `rows` (versions of `model`, or the audit events when `model` is
    None), those `reader` may read: administrators everything; coordinators everything but the
    role groups' rights and the accounts they do not manage (coordinators, leaders,
    administrators); anyone else nothing."""
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField
    from django.db.models.functions import Cast

    mine = roles_of(reader)
    if Role.ADMINISTRATOR in mine:
        return rows
    if Role.COORDINATOR not in mine:
        return rows.none()
    managed = manageable_users(reader).values("pk")
    if model is Group:
        return rows.none()
    if model is get_user_model():
        return rows.filter(id__in=managed)
    if model is not None:
        return rows
    user_type = ContentType.objects.get_for_model(get_user_model())
    group_type = ContentType.objects.get_for_model(Group)
    return rows.exclude(content_type=group_type).exclude(
        Q(content_type=user_type) & ~Q(object_id__in=manageable_users(reader).annotate(
            key=Cast("pk", CharField())).values("key")))


def districts_in_reach(user, districts=None):
    """Of `districts` (default: every district), those a filter drop-down offers `user`: all of
    them to the province-wide roles; to an officer or focal point the districts whose area holds
    one of their visible partnerships (the district itself, one of its communes, or a commune
    formed from them). Place names are public, but a list of other agencies' places is not
    what an officer filters by."""
    from django.db.models import Exists

    districts = geography.districts() if districts is None else districts
    if sees_whole_province(user):
        return districts
    visible = Partnership.objects.visible_to(user)
    return districts.filter(Exists(visible.filter(geography.in_district_area_q("unit", OuterRef("pk")))))


def agencies_in_reach(user, agencies=None):
    """Of `agencies` (default: all), those a filter drop-down offers `user`: all to the
    province-wide roles, otherwise the agencies of their visible partnerships."""
    agencies = Agency.objects.all() if agencies is None else agencies
    if sees_whole_province(user):
        return agencies
    return agencies.filter(pk__in=Partnership.objects.visible_to(user).values("agency_id"))
