"""Loading Việt Nam's administrative units from the `vietnam-provinces` package (0.6 line).

The package holds the three-level structure (province > district > commune) as of January 2025,
with the statistics office's codes as integers; we store them zero-padded the way the office
writes them (province "49", district "504", commune "20335").

Flags (mountainous, ethnic-minority area, land border, especially difficult) are our own
targeting data, not the package's: they are set when a unit is first created (or on an explicit
reset) and never overwritten afterwards, because coordinators edit them as official lists change.
See docs/reference-data.md for where the defaults come from.
"""

import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from partnerships.models import AdministrativeUnit

Level = AdministrativeUnit.Level

QUANG_NAM = "49"

# Quảng Nam's mountainous districts (DOMAIN.md). Nông Sơn (formerly 519) merged into Quế Sơn (509)
# at the start of 2025; Quế Sơn itself is a midland district, so only the communes that came from
# Nông Sơn are flagged (FORMER_NONG_SON_COMMUNES below).
MOUNTAINOUS_DISTRICTS = {
    "504": "Tây Giang",
    "505": "Đông Giang",
    "510": "Nam Giang",
    "511": "Phước Sơn",
    "512": "Hiệp Đức",
    "514": "Tiên Phước",
    "515": "Bắc Trà My",
    "516": "Nam Trà My",
}
# Districts on the land border with Laos.
BORDER_DISTRICTS = {"504", "510", "511"}
# A believable default for "especially difficult": the communes (not the towns) of the two Trà My
# districts and of Tây Giang. Coordinators correct it against the current official decision.
ESPECIALLY_DIFFICULT_DISTRICTS = {"504", "515", "516"}
# Units of the former Nông Sơn district, now under Quế Sơn in the pinned data (codes in the
# package, names for the reader).
FORMER_NONG_SON_COMMUNES = {
    "20656": "Thị trấn Trung Phước",
    "20668": "Xã Ninh Phước",
    "20669": "Xã Phước Ninh",
    "20671": "Xã Quế Lộc",
    "20674": "Xã Quế Phước",
    "20692": "Xã Quế Lâm",
}

_LEVEL_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}
_FLAGS = ("is_mountainous", "is_ethnic_minority_area", "is_border", "is_especially_difficult")


def unit_code(level: str, number: int) -> str:
    return f"{number:0{_LEVEL_WIDTH[level]}d}"


def default_flags(level: str, code: str, name: str, district_code: str | None) -> dict:
    """The flags a unit gets when it is first loaded (all False outside Quảng Nam's target areas)."""
    flags = dict.fromkeys(_FLAGS, False)
    if level == Level.DISTRICT:
        if code in MOUNTAINOUS_DISTRICTS:
            flags.update(is_mountainous=True, is_ethnic_minority_area=True)
        flags["is_border"] = code in BORDER_DISTRICTS
        flags["is_especially_difficult"] = False  # a commune-level classification
    elif level == Level.COMMUNE:
        if district_code in MOUNTAINOUS_DISTRICTS or code in FORMER_NONG_SON_COMMUNES:
            flags.update(is_mountainous=True, is_ethnic_minority_area=True)
        flags["is_border"] = district_code in BORDER_DISTRICTS
        is_town = name.startswith(("Thị trấn", "Phường"))
        flags["is_especially_difficult"] = district_code in ESPECIALLY_DIFFICULT_DISTRICTS and not is_town
    return flags


def read_divisions() -> list[dict]:
    import vietnam_provinces

    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as fh:
        return json.load(fh)


@dataclass
class LoadResult:
    counts: dict = field(default_factory=lambda: dict.fromkeys(Level.values, 0))
    created: int = 0
    updated: int = 0
    flags_reset: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class UnknownProvince(ValueError):
    pass


def _rows(provinces: list[dict]):
    """(level, code, name, parent_code) for every unit, parents before children."""
    for province in provinces:
        p_code = unit_code(Level.PROVINCE, province["code"])
        yield Level.PROVINCE, p_code, province["name"], None
    for province in provinces:
        p_code = unit_code(Level.PROVINCE, province["code"])
        for district in province["districts"]:
            yield Level.DISTRICT, unit_code(Level.DISTRICT, district["code"]), district["name"], p_code
    for province in provinces:
        for district in province["districts"]:
            d_code = unit_code(Level.DISTRICT, district["code"])
            for ward in district["wards"]:
                yield Level.COMMUNE, unit_code(Level.COMMUNE, ward["code"]), ward["name"], d_code


@transaction.atomic
def load_units(province_codes: list[int] | None = None, *, reset_flags: bool = False) -> LoadResult:
    """Create or update the units of the given provinces (all of them when None).

    Names, levels and parents follow the package; flags are only written on creation or when
    `reset_flags` is set. A handful of queries per level, whatever the number of units.
    """
    divisions = read_divisions()
    if province_codes is not None:
        known = {p["code"] for p in divisions}
        unknown = [c for c in province_codes if c not in known]
        if unknown:
            raise UnknownProvince(
                _("Không có tỉnh, thành phố mã %(codes)s trong dữ liệu vietnam-provinces 0.6 (mã hợp lệ: 01–96).")
                % {"codes": ", ".join(str(c) for c in unknown)}
            )
        wanted = set(province_codes)
        divisions = [p for p in divisions if p["code"] in wanted]

    result = LoadResult()
    rows = list(_rows(divisions))
    # At most the whole country (~11k rows): one query, and no `code IN (...)` of 11k parameters.
    # The three-level units have no start date; the units of later reforms (same codes, other
    # units) are another generation and are left alone (admin_units_reform.py).
    generation = AdministrativeUnit.objects.filter(valid_from__isnull=True)
    existing = {u.code: u for u in generation}
    ids = {code: unit.pk for code, unit in existing.items()}

    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        to_create, to_update = [], []
        for row_level, code, name, parent_code in rows:
            if row_level != level:
                continue
            result.counts[level] += 1
            district_code = parent_code if level == Level.COMMUNE else None
            parent_id = ids[parent_code] if parent_code else None
            unit = existing.get(code)
            if unit is None:
                to_create.append(
                    AdministrativeUnit(
                        code=code, name=name, level=level, parent_id=parent_id,
                        **default_flags(level, code, name, district_code),
                    )
                )
                continue
            changed = (unit.name, unit.level, unit.parent_id) != (name, level, parent_id)
            unit.name, unit.level, unit.parent_id = name, level, parent_id
            if reset_flags:
                flags = default_flags(level, code, name, district_code)
                if any(getattr(unit, f) != v for f, v in flags.items()):
                    result.flags_reset += 1
                    changed = True
                    for f, v in flags.items():
                        setattr(unit, f, v)
            if changed:
                to_update.append(unit)
        AdministrativeUnit.objects.bulk_create(to_create, batch_size=2000)
        AdministrativeUnit.objects.bulk_update(
            to_update, ["name", "level", "parent", *_FLAGS], batch_size=500
        )
        result.created += len(to_create)
        result.updated += len(to_update)
        if to_create:
            # Children need their parents' ids; one query per level, whatever the backend returns.
            ids.update(generation.filter(level=level).values_list("code", "pk"))
    return result
