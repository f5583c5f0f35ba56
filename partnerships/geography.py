"""The only code that knows the hierarchy of administrative units.

Today's hierarchy is province > district (huyện) > commune (xã), each unit pointing at its parent.
Everything else asks this module: "the district of this unit", "the communes of this area", "is this
unit inside that area", "is it a target area of the directive", "its name with its district", and
the same questions as query conditions over a path to a unit (`"partnership__unit"`, `"commune"`).
The 2025 reform (districts abolished, communes merged) changes this module, not its callers.

Date-aware-ready: every function takes a keyword `on=` (a date; None means today). The hierarchy
does not change with the date yet, so `on` is accepted and not used; once units carry successors,
lookups answer "as of that date" without a change of signature.

API (keep it small):
- one unit, in Python: `district_of`, `district_id_of`, `in_area`, `is_target_area`,
  `name_with_district`, `activity_places`;
- querysets: `districts`, `communes`, `communes_of`, `units_of_province`;
- conditions and expressions for querysets: `in_area_q`, `in_district_q`, `covering_q`,
  `covering_outer_q`, `district_expr`, `target_area_q`.
"""

from __future__ import annotations

import datetime

from django.db.models import Case, CharField, F, IntegerField, OuterRef, Q, QuerySet, When

# The unit model only (not the models package): the models call this module in their clean().
from common.text import vi_key
from partnerships.models.units import AdministrativeUnit

Level = AdministrativeUnit.Level

# The directive's target areas (Chỉ thị 16-CT/TU: "vùng đồng bào dân tộc thiểu số và miền núi, biên
# giới đất liền"), plus the especially difficult communes the province lists.
TARGET_FLAGS = ("is_mountainous", "is_ethnic_minority_area", "is_border", "is_especially_difficult")


# --- one unit ------------------------------------------------------------------------------


def district_id_of(unit: AdministrativeUnit, *, on: datetime.date | None = None) -> int | None:
    """The id of the unit's district: the unit itself for a district, its parent for a commune,
    None for the province. Reads no row."""
    if unit.level == Level.DISTRICT:
        return unit.pk
    if unit.level == Level.COMMUNE:
        return unit.parent_id
    return None


def district_of(unit: AdministrativeUnit, *, on: datetime.date | None = None) -> AdministrativeUnit | None:
    """The unit's district (see `district_id_of`); a commune's parent is read if not loaded."""
    if unit.level == Level.DISTRICT:
        return unit
    if unit.level == Level.COMMUNE:
        return unit.parent
    return None


def in_area(unit: AdministrativeUnit | None, area: AdministrativeUnit | int, *, on: datetime.date | None = None) -> bool:
    """Whether `unit` is `area` (a unit or its id) itself or lies inside it (a commune of a district area)."""
    if unit is None:
        return False
    area_id = getattr(area, "pk", area)
    return unit.pk == area_id or unit.parent_id == area_id


def is_target_area(unit: AdministrativeUnit, *, on: datetime.date | None = None) -> bool:
    """A target area of the directive: mountainous, ethnic-minority, land border or especially
    difficult. The same definition as `target_area_q`."""
    return any(getattr(unit, flag) for flag in TARGET_FLAGS)


def name_with_district(unit: AdministrativeUnit, *, brackets: bool = False, on: datetime.date | None = None) -> str:
    """A commune's name with its district's ("Xã A – Huyện B", or "Xã A (Huyện B)" with
    `brackets`); a district's or province's name alone."""
    if unit.level != Level.COMMUNE or not unit.parent_id:
        return unit.name
    if brackets:
        return f"{unit.name} ({unit.parent.name})"
    return f"{unit.name} – {unit.parent.name}"


def activity_places(activity) -> set[int]:
    """Ids of the units an activity concerns: its partner unit, the unit above that one, and
    the commune where the work was done (a focal point of any of them is "of the place")."""
    unit = activity.partnership.unit
    return {unit.pk, unit.parent_id, activity.commune_id} - {None}


# --- querysets -----------------------------------------------------------------------------


def districts(*, on: datetime.date | None = None) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(level=Level.DISTRICT)


def communes(*, on: datetime.date | None = None) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(level=Level.COMMUNE)


def communes_of(areas, *, on: datetime.date | None = None) -> QuerySet[AdministrativeUnit]:
    """The communes in `areas` (units or ids: a district gives its communes, a commune itself)."""
    return communes(on=on).filter(Q(pk__in=areas) | Q(parent__in=areas))


def communes_by_district(communes) -> list[tuple[AdministrativeUnit, list[AdministrativeUnit]]]:
    """Communes grouped under their districts, both in Vietnamese alphabetical order:
    [(district, [commune, ...]), ...] (one query, the districts joined)."""
    groups: dict[int, tuple[AdministrativeUnit, list]] = {}
    for commune in communes.select_related("parent"):
        district = district_of(commune)
        groups.setdefault(district.pk, (district, []))[1].append(commune)
    ordered = sorted(groups.values(), key=lambda group: vi_key(group[0].name))
    return [(district, sorted(members, key=lambda c: vi_key(c.name))) for district, members in ordered]


def units_of_province(code: str, *, level: str | None = None, on: datetime.date | None = None) -> QuerySet[AdministrativeUnit]:
    """The districts and communes (or only those of `level`) of the province with this code."""
    units = AdministrativeUnit.objects.filter(Q(parent__code=code) | Q(parent__parent__code=code))
    return units if level is None else units.filter(level=level)


# --- conditions over a path to a unit ------------------------------------------------------


def _join(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


def in_area_q(path: str, area, *, on: datetime.date | None = None) -> Q:
    """The unit at `path` is `area` (a unit, an id or an OuterRef) or lies inside it."""
    if not path and isinstance(area, AdministrativeUnit):
        area = area.pk  # `pk=` wants the id
    return Q(**{path or "pk": area}) | Q(**{_join(path, "parent"): area})


def in_district_q(path: str, *, code: str, on: datetime.date | None = None) -> Q:
    """The unit at `path` is the district with this code or one of its communes."""
    return Q(**{_join(path, "code"): code, _join(path, "level"): Level.DISTRICT}) | Q(**{_join(path, "parent__code"): code})


def covering_q(path: str, *, code: str, on: datetime.date | None = None) -> Q:
    """The unit at `path` covers the commune with this code: it is the commune or its district."""
    return Q(**{_join(path, "code"): code}) | Q(**{_join(path, "children__code"): code})


def covering_outer_q(path: str, *, on: datetime.date | None = None) -> Q:
    """Inside a subquery over the outer query's communes: the unit at `path` is the outer commune
    or its district."""
    return Q(**{path: OuterRef("pk")}) | Q(**{path: OuterRef("parent")})


def district_expr(path: str, field: str = "id", *, on: datetime.date | None = None) -> Case:
    """The `field` ("id", "code" or "name") of the district of the unit at `path`: the unit itself
    for a district, its parent for a commune. An activity's district is its partnership's
    (`district_expr("partnership__unit")`): its commune always lies in that area."""
    output = IntegerField() if field == "id" else CharField()
    return Case(
        When(**{_join(path, "level"): Level.DISTRICT}, then=F(_join(path, field))),
        default=F(_join(path, f"parent__{field}")),
        output_field=output,
    )


def target_area_q(path: str = "", *, on: datetime.date | None = None) -> Q:
    """The unit at `path` is a target area (see `is_target_area`)."""
    condition = Q()
    for flag in TARGET_FLAGS:
        condition |= Q(**{_join(path, flag): True})
    return condition
