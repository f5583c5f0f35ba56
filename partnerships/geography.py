"""The only code that knows the hierarchy of administrative units.

Today's hierarchy is province > district (huyện) > commune (xã), each unit pointing at its parent.
Everything else asks this module: "the district of this unit", "the communes of this area", "is this
unit inside that area", "is it a target area of the directive", "its name with its district", and
the same questions as query conditions over a path to a unit (`"partnership__unit"`, `"commune"`).
The 2025 reform (districts abolished, communes merged) changes this module, not its callers.

Dates: a unit's identity is its code *and* its validity (`valid_from` / `valid_to`; the 2025
reform reused codes), and the successor map (`UnitSuccession`) says which unit took which. Every
lookup by code says as of which date (`unit_by_code(code, on=)`, `units_by_code`), and
`successors_of` / `successor_of` follow the map to the units valid on a date. Where a function
takes `on=None` over querysets, None means "every generation" (reports read old and new units
alike); the lookups by code and the successor walks read None as today.

API (keep it small):
- one unit, in Python: `parent_of`, `district_of`, `district_id_of`, `district_area_of`, `district_area_id_of`, `in_area`, `is_target_area`,
  `covering_ids`, `activity_places`; its name for pages, forms, imports and documents alike:
  `name_with_district`, `district_area_name` (the former district's area after the reform, never the city);
- querysets: `districts`, `communes`, `communes_of`, `units_of_province`, `naming_joins`, `with_parents`, `in_district_order`, `communes_by_district`, `parent_name_order`;
- by date: `is_valid_on`, `valid_on_q`, `unit_by_code`, `units_by_code`, `successors_of`,
  `successors_on` (many at once), `successor_of`, `as_of`, `validity_error` (the sentence shown
  when a unit is not valid on a date), `validity_error_in_year`; (today's unit of any unit is also stored: `current_unit`,
  kept by `link_units_forward`, for list pages and reports);
- conditions and expressions for querysets: `in_area_q`, `inside_q`, `in_district_area_q`, `in_district_q`, `covering_q`,
  `related_q`, `covering_outer_q`, `covering_units_q`, `district_expr`, `target_area_q`;
- the two geographies of reports (as recorded / as of today): `link_units_forward` (precomputes
  `current_unit` and `former_district` from the successor map), `current_expr`, `current_id_expr`,
  `with_current_units`, `count_current_units`, `unit_expr`, `unit_id_expr`, `units_carried_by`, `split_units`, `district_label`;
- a code read by date for report pages (else the latest unit with it): `unit_for_code`, `unit_for_code_qs`.

Longer than 400 lines on purpose: it is the one home of the unit hierarchy, so every question
about units lands here; split, the hierarchy would have two homes again. The reform work changes
it this session; once settled, the date lookups and the reports' two geographies can become
submodules of a `geography/` package behind the same names.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Case, CharField, Count, DateField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When,
)
from django.db.models import prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The unit model only (not the models package): the models call this module in their clean().
from common.text import vi_key, vi_order
from partnerships.models.units import AdministrativeUnit, UnitSuccession

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


def district_area_of(unit: AdministrativeUnit) -> AdministrativeUnit | None:
    """For reports, which group by district across the reform: the unit's district, or for a
    commune of the generation without districts the old district it was formed from (its
    `former_district`, read if not loaded); None when there is neither."""
    if unit.former_district_id:
        return unit.former_district
    district = district_of(unit)
    return district if district is not None and district.level == Level.DISTRICT else None


def district_area_id_of(unit: AdministrativeUnit) -> int | None:
    """The id of `district_area_of(unit)`, reading no row."""
    if unit.former_district_id:
        return unit.former_district_id
    if unit.level == Level.DISTRICT:
        return unit.pk
    return unit.parent_id if unit.level == Level.COMMUNE else None


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
    """How a commune is named wherever it is shown or written (pickers, lists, pages, imports,
    documents): with its district ("Xã Trà Leng – Huyện Nam Trà My", or "Xã Trà Leng (Huyện Nam
    Trà My)" with `brackets`), and for a commune formed after the districts were abolished with its
    former district's area ("Xã Hùng Sơn – khu vực huyện Tây Giang cũ"), never the city above it;
    with `on` (a report's period end), a district abolished by then is named as its area too. A
    district, a province or a commune with neither (Hoàng Sa) is named alone. Load the units
    through `naming_joins` / `with_parents` so that naming reads no row."""
    area = district_area_name(unit, in_text=True, on=on) if unit.level == Level.COMMUNE else ""
    if not area:
        return unit.name
    return f"{unit.name} ({area})" if brackets else f"{unit.name} – {area}"


def district_area_name(unit: AdministrativeUnit, *, in_text: bool = False, on: datetime.date | None = None) -> str:
    """A commune's district as leaders name it: its district ("Huyện Nam Trà My"), or for a commune
    formed after the districts were abolished its former district's area ("Khu vực huyện Tây Giang
    cũ", through gettext: `district_label`; "khu vực …" inside a sentence, `in_text`); with `on`, a
    district abolished by that day is named as its area as well. A district's own name for a
    district; "" when there is neither (a province, Hoàng Sa)."""
    if unit.level != Level.COMMUNE:
        return unit.name if unit.level == Level.DISTRICT else ""
    district = district_area_of(unit)
    if district is None or district.level != Level.DISTRICT:
        return ""
    # A new commune's own first day already lies after its former district ended.
    on = on or (unit.valid_from or _today() if unit.former_district_id else None)
    area = district_label(district.name, valid_to=district.valid_to, on=on)
    if in_text and area != district.name:
        return area[:1].lower() + area[1:]
    return area


def covering_ids(unit: AdministrativeUnit) -> set[int]:
    """Ids of the units a partnership may be with to cover `unit`: the unit and the one above it
    (as `covering_q`, in Python), reading no row."""
    return {unit.pk, unit.parent_id} - {None}


def activity_places(activity) -> set[int]:
    """Ids of the units an activity concerns: its partner unit, the unit above that one, and
    the commune where the work was done (a focal point of any of them is "of the place")."""
    unit = activity.partnership.unit
    return {unit.pk, unit.parent_id, activity.commune_id} - {None}


# --- querysets -----------------------------------------------------------------------------


def districts(*, on: datetime.date | None = None) -> QuerySet[AdministrativeUnit]:
    """The districts (only those valid on `on` if given; none after the 2025 reform)."""
    units = AdministrativeUnit.objects.filter(level=Level.DISTRICT)
    return units if on is None else units.filter(valid_on_q(on=on))


def communes(*, on: datetime.date | None = None) -> QuerySet[AdministrativeUnit]:
    """The communes (only those valid on `on` if given)."""
    units = AdministrativeUnit.objects.filter(level=Level.COMMUNE)
    return units if on is None else units.filter(valid_on_q(on=on))


def communes_of(areas, *, on: datetime.date | None = None) -> QuerySet[AdministrativeUnit]:
    """The communes in `areas` (units or ids: a district gives its communes, a commune itself)."""
    return communes(on=on).filter(Q(pk__in=areas) | Q(parent__in=areas))


def parent_of(unit: AdministrativeUnit) -> AdministrativeUnit | None:
    """The unit a unit belongs to directly, as the admin's "Thuộc" column shows it: a commune's
    district (after the 2025 reform, the city), a district's province; None for a province."""
    return unit.parent  # None for a province: the foreign key is empty


def parent_name_order(path: str):
    """The order by the name of the unit's parent at `path` (the admin's "Thuộc" column)."""
    return vi_order(_join(_join(path, "parent"), "name"))


def naming_joins(*paths: str) -> tuple[str, ...]:
    """What `select_related` needs so that `name_with_district` (and `district_area_of`) reads no
    row for the unit at each path: the district above an old commune, the former district of a new
    one. `.select_related("agency", *geography.naming_joins("unit"))`."""
    return tuple(_join(path, field) for path in paths for field in ("parent", "former_district"))


def inside_q(path: str, area) -> Q:
    """The unit at `path` lies inside `area` (a unit or id), not the area itself."""
    return Q(**{_join(path, "parent"): area})


def with_parents(units):
    """The units with what they are named and grouped by (`name_with_district`, `district_area_of`):
    a queryset joins them (`naming_joins`); units already read (a list, a generator, None left out)
    get them in one query each, none for what is already loaded (documents name models' communes)."""
    if hasattr(units, "select_related"):  # a queryset or a manager
        return units.select_related(*naming_joins(""))
    units = [unit for unit in units if unit is not None]
    prefetch_related_objects(units, *naming_joins(""))
    return units


def _area_name_expr():
    """The name a unit is looked for under: a district's own, an old commune's district's, a new
    commune's former district's (else its parent's: the city, for a commune with no former district)."""
    return Case(
        When(level=Level.DISTRICT, then=F("name")),
        When(former_district__isnull=False, then=F("former_district__name")),
        default=F("parent__name"),
        output_field=CharField(),
    )


def in_district_order(units: QuerySet[AdministrativeUnit]) -> QuerySet[AdministrativeUnit]:
    """Units as a person looks for them in a list: under their district, a new commune under its
    former district's area (after the old district's own communes), not in one block under the
    city; a district before its communes; then by name, in Vietnamese order; joined as
    `with_parents`."""
    # A commune of the city formed from no district (Hoàng Sa) after all the districts' areas.
    unplaced = Case(When(level=Level.COMMUNE, former_district__isnull=True, parent__level=Level.PROVINCE, then=1),
                    default=0, output_field=IntegerField())
    generation = Case(When(former_district__isnull=False, then=1), default=0, output_field=IntegerField())
    rank = Case(When(level=Level.COMMUNE, then=1), default=0, output_field=IntegerField())
    return with_parents(units).order_by(unplaced, vi_order(_area_name_expr()), generation, rank, vi_order("name"))


# What `communes_by_district`, `district_area_name` and the pickers' choices (code, name) read of
# a commune and the units above it.
GROUPING_FIELDS = ("name", "code", "level", "valid_from", "valid_to", "parent__name", "parent__level", "parent__valid_to",
                   "former_district__name", "former_district__level", "former_district__valid_to")


def communes_by_district(communes) -> list[tuple[str, list[AdministrativeUnit]]]:
    """Communes grouped as a picker offers them, in Vietnamese alphabetical order: [(heading,
    [commune, ...]), ...], the heading an old commune's district ("Huyện Tây Giang") or a new
    commune's former district's area ("Khu vực huyện Tây Giang cũ", right after it), else the unit
    above, after all the districts (one query, the districts joined)."""
    groups: dict[tuple, tuple[str, list]] = {}
    units = with_parents(communes)
    if hasattr(units, "only"):
        # A picker's hundreds of communes: only what naming and grouping read (three tables' other
        # columns made most of the activity list's cold filter bar).
        units = units.only(*GROUPING_FIELDS)
    for commune in units:
        district = district_area_of(commune)
        if district is None or district.level != Level.DISTRICT:
            key, heading = (1, vi_key(commune.parent.name), 0, commune.parent_id), commune.parent.name
        else:
            area = bool(commune.former_district_id)
            key, heading = (0, vi_key(district.name), int(area), district.pk), district_area_name(commune)
        groups.setdefault(key, (heading, []))[1].append(commune)
    return [(heading, sorted(members, key=lambda c: vi_key(c.name))) for key, (heading, members) in sorted(groups.items())]


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
    return Q(**{path or "pk": area}) | inside_q(path, area)


def in_district_area_q(path: str, district) -> Q:
    """The unit at `path` is `district` (a unit or id), one of its communes, or (after the
    districts were abolished) a commune formed from its communes: the district's area in reports."""
    district_id = getattr(district, "pk", district)
    return in_area_q(path, district_id) | Q(**{_join(path, "former_district"): district_id})


def in_district_q(path: str, *, code: str, on: datetime.date | None = None) -> Q:
    """The unit at `path` is the district with this code or one of its communes, or (after the
    districts were abolished) a commune formed from its communes."""
    return (
        Q(**{_join(path, "code"): code, _join(path, "level"): Level.DISTRICT})
        | Q(**{_join(path, "parent__code"): code})
        | Q(**{_join(path, "former_district__code"): code})
    )


def covering_q(path: str, *, code: str, on: datetime.date | None = None) -> Q:
    """The unit at `path` covers the commune with this code: it is the commune or its district."""
    return Q(**{_join(path, "code"): code}) | Q(**{_join(path, "children__code"): code})


def covering_units_q(path: str, units: QuerySet[AdministrativeUnit]) -> Q:
    """The unit at `path` covers one of `units` (communes): it is one of them or their district.
    Semi-joins only, so a partnership covering several of them is not repeated."""
    return Q(**{f"{path}__in": units.values("pk")}) | Q(**{f"{path}__in": units.values("parent")})


def related_q(path: str, ids) -> Q:
    """The unit at `path` is one of the units `ids`, lies inside one, or contains one (a page about
    a place concerns the partnerships of the place, of its district and of its communes)."""
    return Q(**{f"{path}__in": ids}) | Q(**{_join(path, "parent__in"): ids}) | Q(**{_join(path, "children__in"): ids})


def covering_outer_q(path: str, *, on: datetime.date | None = None) -> Q:
    """Inside a subquery over the outer query's communes: the unit at `path` is the outer commune
    or its district."""
    return Q(**{path: OuterRef("pk")}) | Q(**{path: OuterRef("parent")})


def district_expr(path: str, field: str = "id", *, on: datetime.date | None = None) -> Case:
    """The `field` ("id", "code" or "name") of the district of the unit at `path`: the unit itself
    for a district, its parent for a commune. An activity's district is its partnership's
    (`district_expr("partnership__unit")`): its commune always lies in that area."""
    output = {"id": IntegerField(), "valid_to": DateField()}.get(field, CharField())
    return Case(
        When(**{_join(path, "level"): Level.DISTRICT}, then=F(_join(path, field))),
        # A commune formed after the districts were abolished: the old district's area.
        When(**{_join(path, "former_district__isnull"): False}, then=F(_join(path, f"former_district__{field}"))),
        default=F(_join(path, f"parent__{field}")),
        output_field=output,
    )


def target_area_q(path: str = "", *, on: datetime.date | None = None) -> Q:
    """The unit at `path` is a target area (see `is_target_area`)."""
    condition = Q()
    for flag in TARGET_FLAGS:
        condition |= Q(**{_join(path, flag): True})
    return condition


# --- by date: validity, codes, successors ----------------------------------------------------


def _today() -> datetime.date:
    return datetime.date.today()


def is_valid_on(unit: AdministrativeUnit, on: datetime.date | None = None) -> bool:
    """Whether the unit exists on that date (today if None)."""
    on = on or _today()
    return (unit.valid_from is None or unit.valid_from <= on) and (unit.valid_to is None or unit.valid_to >= on)


def valid_on_q(path: str = "", *, on: datetime.date | None = None) -> Q:
    """The unit at `path` exists on that date (today if None); the query form of `is_valid_on`."""
    on = on or _today()
    return (Q(**{_join(path, "valid_from__isnull"): True}) | Q(**{_join(path, "valid_from__lte"): on})) & (
        Q(**{_join(path, "valid_to__isnull"): True}) | Q(**{_join(path, "valid_to__gte"): on})
    )


def _code_candidates(code: str) -> set[str]:
    # A spreadsheet may have dropped leading zeros ("01" → 1): the padded codes are tried too.
    code = str(code).strip()
    return {code} | ({code.zfill(n) for n in (2, 3, 5)} if code.isdigit() else set())


def units_by_code(codes, *, on: datetime.date | None = None, level: str | None = None) -> dict[str, AdministrativeUnit]:
    """{code as given: the unit with that code valid on `on`} in one query; a code that names no
    unit valid then is left out (codes were reused: 20443 is Xã A Xan until 30/06/2025 and Xã Hùng
    Sơn from 01/07/2025)."""
    wanted = {str(c).strip(): _code_candidates(c) for c in codes if str(c).strip()}
    units = AdministrativeUnit.objects.filter(valid_on_q(on=on), code__in=set().union(*wanted.values()) if wanted else [])
    if level:
        units = units.filter(level=level)
    found: dict[str, list] = {}
    for unit in units.select_related("parent"):
        found.setdefault(unit.code, []).append(unit)
    result = {}
    for given, candidates in wanted.items():
        exact = found.get(given, [])
        matches = exact or [u for c in candidates for u in found.get(c, [])]
        if len(matches) == 1:
            result[given] = matches[0]
    return result


def unit_by_code(code, *, on: datetime.date | None = None, level: str | None = None) -> AdministrativeUnit | None:
    """The unit with this code valid on `on` (today if None), or None."""
    return units_by_code([code], on=on, level=level).get(str(code).strip())


def successors_of(unit: AdministrativeUnit, *, on: datetime.date | None = None, main_only: bool = False) -> list[AdministrativeUnit]:
    """The units valid on `on` (today if None) that took (part of) `unit`, following the successor
    map through later reforms; the main successor first. [] if the unit is itself valid then, or
    nothing took it. `main_only`: only the chain of main successors (a split commune's main part)."""
    on = on or _today()
    return successors_on([(unit, on)], main_only=main_only)[(unit.pk, on)]


def successors_on(pairs, *, main_only: bool = False) -> dict[tuple[int, datetime.date], list[AdministrativeUnit]]:
    """`successors_of` for many (unit, date) pairs at once: {(unit id, date): [unit, ...]}, with a
    query per step of the successor chains (one for the 2025 reform), not one per pair."""
    pairs = [(unit, on or _today()) for unit, on in pairs]
    links_of: dict[int, list[UnitSuccession]] = {}
    frontier = {unit.pk for unit, on in pairs if not is_valid_on(unit, on)}
    while frontier:
        links = UnitSuccession.objects.filter(predecessor_id__in=frontier)
        if main_only:
            links = links.filter(is_main=True)
        frontier = set()
        for link in links.select_related("successor__parent").order_by("-is_main", "successor__code"):
            links_of.setdefault(link.predecessor_id, []).append(link)
            # a successor that ended too (a later reform) is followed on
            if link.successor.valid_to is not None and link.successor_id not in links_of:
                frontier.add(link.successor_id)
        frontier -= set(links_of)
    result = {}
    for unit, on in pairs:
        found, step, seen = [], [unit.pk] if not is_valid_on(unit, on) else [], {unit.pk}
        while step:
            level = [link for pk in step for link in links_of.get(pk, []) if link.effective_on <= on]
            level.sort(key=lambda link: (not link.is_main, link.successor.code))
            step = []
            for link in level:
                successor = link.successor
                if successor.pk in seen:
                    continue
                seen.add(successor.pk)
                if is_valid_on(successor, on):
                    found.append(successor)
                else:  # ended by a later reform: follow it on
                    step.append(successor.pk)
        result[(unit.pk, on)] = found
    return result


def successor_of(unit: AdministrativeUnit, *, on: datetime.date | None = None) -> AdministrativeUnit | None:
    """The main successor valid on `on` (today if None) of a unit that no longer exists then, or
    None (valid itself, or no main successor: an old district went to several communes)."""
    found = successors_of(unit, on=on, main_only=True)
    return found[0] if found else None


def as_of(unit: AdministrativeUnit | None, *, on: datetime.date | None = None) -> AdministrativeUnit | None:
    """The unit as of that date (today if None): itself while valid, else its main successor
    (a development model spanning the reform shows its commune as of today). Today's answer is
    the stored `current_unit` (select_related("…__current_unit") reads it without a query)."""
    if unit is None or is_valid_on(unit, on):
        return unit
    if on is None or on >= _today():
        return unit.current_unit if unit.current_unit_id else unit
    return successor_of(unit, on=on) or unit


def validity_error_in_year(unit: AdministrativeUnit, year: int) -> str | None:
    """Why `unit` cannot be used for a whole year's work (a plan): it did not exist on any day of it."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if unit.valid_to is not None and unit.valid_to < first:
        return validity_error(unit, on=first)
    if unit.valid_from is not None and unit.valid_from > last:
        return validity_error(unit, on=last)
    return None


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "d/m/Y") if value else ""


def validity_error(unit: AdministrativeUnit, *, on: datetime.date) -> str | None:
    """Why `unit` cannot be used for something dated `on`, in a sentence naming what to choose
    instead; None if it can. "Xã A Xan đã sáp nhập vào Xã Hùng Sơn từ 01/07/2025; chọn Xã Hùng Sơn." """
    if is_valid_on(unit, on):
        return None
    if unit.valid_to is not None and on > unit.valid_to:
        successors = successors_of(unit, on=on)
        if not successors:
            return _("%(unit)s hết hiệu lực sau ngày %(end)s; chọn đơn vị hành chính còn hiệu lực vào ngày %(on)s.") % {
                "unit": unit.name, "end": _date(unit.valid_to), "on": _date(on)}
        names = ", ".join(s.name for s in successors)
        effective = unit.valid_to + datetime.timedelta(days=1)
        return _("%(unit)s đã sáp nhập vào %(names)s từ %(since)s; chọn %(choice)s.") % {
            "unit": unit.name, "names": names, "since": _date(effective),
            "choice": successors[0].name if len(successors) == 1 else _("một trong các đơn vị: %s") % names}
    predecessors = [link.predecessor for link in unit.predecessor_links.select_related("predecessor")
                    if is_valid_on(link.predecessor, on)]
    if predecessors:
        names = ", ".join(p.name for p in predecessors)
        return _("%(unit)s có hiệu lực từ %(since)s; trước ngày đó chọn đơn vị cũ: %(names)s.") % {
            "unit": unit.name, "since": _date(unit.valid_from), "names": names}
    return _("%(unit)s có hiệu lực từ %(since)s.") % {"unit": unit.name, "since": _date(unit.valid_from)}

# --- the two geographies: as recorded, as of today -----------------------------------------
#
# Work is recorded at the unit valid on its date (an old commune before 1 July 2025, a new one
# after). Reports read it either "as recorded" or "as of today": old work mapped forward through
# the successor map to the unit that carries it now. The mapping is precomputed per unit
# (`current_unit`, `former_district`, kept by `link_units_forward`), so that a report in either
# geography is the same aggregate query with another grouping key, at a constant query count.

AS_RECORDED = "recorded"
AS_OF_TODAY = "today"
GEOGRAPHIES = (AS_RECORDED, AS_OF_TODAY)


def link_units_forward(unit_model=AdministrativeUnit, succession_model=None) -> int:
    """Recompute every unit's `current_unit` and `former_district` from the successor map; return
    how many units changed. (The models are parameters so that a migration can run it too.)

    - `current_unit`: for a unit that was succeeded, the unit that carries its work today: its
      main successor (`is_main`), followed to the end of the chain (a later reform adds a link,
      not code). A split commune's work goes to its main successor. None for a unit still in
      force, and for an old district (its communes went to several new ones: no main successor).
    - `former_district`: for a unit of a generation without districts, the old district its
      predecessor communes lay in ("khu vực huyện … cũ"); when they lay in several, the one
      most of them came from (none in Quảng Nam). None for units that have a district above them.
    """
    if succession_model is None:
        from partnerships.models.units import UnitSuccession as succession_model
    units = {
        row[0]: row for row in unit_model.objects.values_list("pk", "level", "parent_id", "current_unit", "former_district")
    }
    main, predecessors = {}, {}
    for pred, succ, is_main in succession_model.objects.values_list("predecessor_id", "successor_id", "is_main"):
        if units[pred][1] != Level.COMMUNE:
            continue
        if is_main:
            main[pred] = succ
        predecessors.setdefault(succ, []).append(pred)

    def current_of(pk):
        seen = {pk}
        while pk in main and main[pk] not in seen:
            pk = main[pk]
            seen.add(pk)
        return pk

    district_memo: dict[int, int | None] = {}

    def district_area(pk, depth=0):
        """The old district unit `pk` lies in (itself for a district), through its predecessors
        for a unit without a district above it."""
        if pk in district_memo:
            return district_memo[pk]
        _, level, parent_id, _, _ = units[pk]
        if level == Level.DISTRICT:
            found = pk
        elif level == Level.COMMUNE and parent_id and units[parent_id][1] == Level.DISTRICT:
            found = parent_id
        elif depth < 10 and pk in predecessors:
            counts: dict[int, int] = {}
            for pred in predecessors[pk]:
                d = district_area(pred, depth + 1)
                if d:
                    counts[d] = counts.get(d, 0) + 1
            found = max(sorted(counts), key=counts.get) if counts else None
        else:
            found = None
        district_memo[pk] = found
        return found

    changed = []
    for pk, (_, level, parent_id, current, former) in units.items():
        want_current = current_of(pk) if pk in main else None
        has_district_above = bool(parent_id) and units[parent_id][1] == Level.DISTRICT
        want_former = district_area(pk) if level == Level.COMMUNE and not has_district_above else None
        if (want_current, want_former) != (current, former):
            changed.append(unit_model(pk=pk, current_unit_id=want_current, former_district_id=want_former))
    unit_model.objects.bulk_update(changed, ["current_unit", "former_district"], batch_size=500)
    return len(changed)


def current_id_of(unit: AdministrativeUnit) -> int:
    """The id of the unit carrying `unit`'s work today (itself while in force)."""
    return unit.current_unit_id or unit.pk


def current_expr(path: str):
    """The id of the unit at `path` as of today (a FK path, e.g. "commune")."""
    return Coalesce(F(_join(path, "current_unit")), F(path or "pk"))


def current_id_expr(id_field: str):
    """The same for a plain integer column holding a unit id (the summary's `commune_id`)."""
    current = AdministrativeUnit.objects.filter(pk=OuterRef(id_field)).values("current_unit")[:1]
    # An integer either way: a foreign key's id column (an activity's commune_id) is a BigAutoField.
    return Coalesce(Subquery(current, output_field=IntegerField()), F(id_field), output_field=IntegerField())


def with_current_units(unit_ids) -> QuerySet[AdministrativeUnit]:
    """The units `unit_ids` and the units carrying their work today, in one query: rows grouped
    by the unit as recorded are placed as of today in Python (`current_id_of`), rather than by
    `current_id_expr`'s subquery for each row of the grouped table."""
    carried = AdministrativeUnit.objects.filter(pk__in=unit_ids).exclude(current_unit=None).values("current_unit")
    return AdministrativeUnit.objects.filter(Q(pk__in=unit_ids) | Q(pk__in=carried))


def count_current_units(unit_ids) -> Subquery:
    """How many units carry the work of the units `unit_ids` (a subquery of ids) today: an old
    commune and the one that took it over count once. One uncorrelated scalar subquery: the
    database reads the ids once, where counting `current_id_expr` over a table's rows runs a
    subquery per row (and at a million activities made PostgreSQL compile the query: JIT)."""
    places = (
        AdministrativeUnit.objects.filter(pk__in=unit_ids).order_by()
        .values(everything=Value(1))  # a constant: no GROUP BY, one row
        .annotate(n=Count(current_expr(""), distinct=True)).values("n")
    )
    return Subquery(places, output_field=IntegerField())


def unit_expr(path: str, geography: str):
    """The id of the unit at `path` in the chosen geography."""
    return current_expr(path) if geography == AS_OF_TODAY else F(path or "pk")


def unit_id_expr(id_field: str, geography: str):
    return current_id_expr(id_field) if geography == AS_OF_TODAY else F(id_field)


def units_carried_by(unit_ids, geography: str) -> QuerySet[AdministrativeUnit]:
    """The units whose work counts for `unit_ids` in the geography: the units themselves, and
    as of today also every unit they took over (an old commune's work counts for its successor)."""
    if geography == AS_OF_TODAY:
        return AdministrativeUnit.objects.filter(Q(pk__in=unit_ids) | Q(current_unit__in=unit_ids))
    return AdministrativeUnit.objects.filter(pk__in=unit_ids)


def split_units(unit_ids) -> QuerySet[AdministrativeUnit]:
    """Among `unit_ids`, the communes that were split between several successors: their work goes
    to the main successor as of today, and pages that map it forward say so."""
    from partnerships.models.units import UnitSuccession

    split = UnitSuccession.objects.filter(is_main=False, predecessor=OuterRef("pk"))
    return AdministrativeUnit.objects.filter(pk__in=unit_ids, level=Level.COMMUNE).filter(Exists(split))


def district_label(name: str, *, valid_to: datetime.date | None = None, on: datetime.date | None = None) -> str:
    """A district's name; after it was abolished (`valid_to` before `on`), the area it covered:
    "Khu vực huyện Tây Giang cũ" (leaders still think in districts after the 2025 reform)."""
    if valid_to and on and on > valid_to:
        # Vietnamese writes the kind of unit in lower case inside the phrase ("khu vực huyện Tây
        # Giang cũ"); in English the name stays as written ("Area of the former Huyện Tây Giang").
        in_phrase = name[:1].lower() + name[1:] if (get_language() or "vi").startswith("vi") else name
        return _("Khu vực %(name)s cũ") % {"name": in_phrase}
    return name


def unit_for_code_qs(code: str, *, level: str | None = None, on: datetime.date | None = None) -> QuerySet:
    """At most one unit, as a queryset (usable in a subquery): the one with this code valid on
    `on` (codes were reused by the reform), else the latest one that carried it. For report pages,
    where an old code in a link still names the old commune's page."""
    units = AdministrativeUnit.objects.filter(code=code)
    if level:
        units = units.filter(level=level)
    order = [F("valid_from").desc(nulls_last=True), "pk"]
    if on:
        units = units.annotate(valid_then=Case(When(valid_on_q(on=on), then=1), default=0, output_field=IntegerField()))
        order.insert(0, F("valid_then").desc())
    return units.order_by(*order)[:1]


def unit_for_code(code: str, *, level: str | None = None, on: datetime.date | None = None):
    """The unit `unit_for_code_qs` names, or None."""
    return unit_for_code_qs(code, level=level, on=on).first()
