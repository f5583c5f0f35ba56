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
    "ActivityYearSummary": "partnership__",
}
# Where the work physically happened, for the commune-level focal point.
_COMMUNE_FIELD = {"Activity": "commune", "DevelopmentModel": "commune", "ActivitySummary": "commune",
                  "ActivityYearSummary": "commune"}


# Read whole by the lists' and dashboards' aggregates: the focal point's partnerships as a
# subquery (a hashed lookup per row), not a join through the partnership to its unit, which the
# "or the work is in the commune" branch keeps PostgreSQL from narrowing first: 54,000 summary
# rows joined to find 765 (EXPLAIN ANALYZE at 1 M: 70–83 ms → 26–29 ms at load 13).
_PARTNERSHIP_IDS_FIRST = {"ActivitySummary", "ActivityYearSummary"}


def _partnerships_in_area(locality):
    from django.apps import apps

    partnership = apps.get_model("partnerships", "Partnership")
    return partnership.objects.filter(geography.in_area_q("unit", locality)).values("pk")


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
        if model_name in _PARTNERSHIP_IDS_FIRST:
            condition |= Q(partnership__in=_partnerships_in_area(locality))
        else:
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


def reach_key(user) -> tuple:
    """What decides the rows a user sees and the partnerships they write for, as plain values:
    their roles, agency and locality. For the keys of values cached per user's scope: these
    change (in the admin) without a new data version, as a user's row is not among the tables
    that raise it (partnerships/selectors/cache.py)."""
    return (sorted(roles_of(user)), user.agency_id, user.locality_id)


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
