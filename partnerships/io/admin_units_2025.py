"""The two-level units in force since 1 July 2025 and the old → new map, read from the data
files of the PyPI package `vietnamadminunits` (MIT), pinned in requirements-data.txt.

The package is never imported: its `__init__` imports shapely and geopy, and its converter may
geocode online. `importlib.util.find_spec` finds its folder without running it, and the data is
read with `sqlite3` and `json` only (see docs/reference-data.md for why this package).

What is read (all statistics-office codes, zero-padded text as the office writes them):
- `data/dataset.db`, table `admin_units`: the 34 provinces and 3,321 communes/wards/special zones
  since 2025-07-01; table `admin_units_legacy`: the old communes with their name keys (used only
  to turn the map's name keys into old codes; the old units themselves come from
  vietnam-provinces 0.6.0, see admin_units.py);
- `data/converter_2025.json`: the map, keyed by *name keys*: `DICT_PROVINCE` (new province →
  old provinces), `DICT_PROVINCE_WARD_NO_DIVIDED` (new ward → old wards, whole), and
  `DICT_PROVINCE_WARD_DIVIDED` (old ward → the new wards sharing it, one marked default).

This module knows nothing of the database; `admin_units.py` loads what it returns.
"""

import datetime
import importlib.util
import json
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = "vietnamadminunits"
PACKAGE_VERSION = "1.0.4"

# The day the two-level structure took effect (Resolutions of the NA Standing Committee, 2025).
REFORM_DATE = datetime.date(2025, 7, 1)
LAST_DAY_BEFORE = REFORM_DATE - datetime.timedelta(days=1)

# Old communes that no package maps, with the decision taken and why. A later reform's gaps are
# added here as data; the loader reports every old commune still unmapped.
EXPLICIT_SUCCESSORS = {
    # 20674 Xã Quế Phước (Quế Sơn, formerly Nông Sơn) is in vietnam-provinces 0.6.0 but in neither
    # package's map. vietnamadminunits lists "Quế Phước" among the alias keywords of 20668 Xã Ninh
    # Phước (it had been merged into Ninh Phước before July 2025), and 20668 goes to 20669, the
    # new commune that is itself named Xã Quế Phước. So 20674 follows 20668 to 20669.
    "20674": (
        "20669",
        "Không có trong bảng chuyển đổi của gói; gói ghi “Quế Phước” là tên cũ của xã Ninh Phước "
        "(20668), xã này nhập vào Xã Quế Phước (20669).",
    ),
}


class PackageMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class NewProvince:
    code: str
    name: str


@dataclass(frozen=True)
class NewUnit:
    code: str
    name: str
    kind: str  # Xã, Phường, Đặc khu
    province_code: str


@dataclass(frozen=True)
class Succession:
    """One arrow of the map: an old unit (commune, or an island district without communes) → a new
    commune. `is_main` is False only on the secondary parts of a split commune."""

    old_code: str
    old_level: str  # "commune" or "district"
    new_code: str
    is_main: bool
    note: str = ""


def data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise PackageMissing(
            f"Thiếu gói {PACKAGE}=={PACKAGE_VERSION} (dữ liệu đơn vị hành chính từ 01/07/2025): "
            "chạy `make setup` hoặc `pip install --no-deps -r requirements-data.txt`."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _db() -> sqlite3.Connection:
    # Read-only: the package's files are never written.
    return sqlite3.connect(f"file:{data_dir() / 'dataset.db'}?mode=ro", uri=True)


@cache
def _converter() -> dict:
    with open(data_dir() / "converter_2025.json", encoding="utf-8") as fh:
        return json.load(fh)


@cache
def new_provinces() -> tuple[NewProvince, ...]:
    with _db() as db:
        rows = db.execute("SELECT DISTINCT provinceCode, province FROM admin_units ORDER BY provinceCode").fetchall()
    return tuple(NewProvince(code, name) for code, name in rows)


@cache
def new_units() -> tuple[NewUnit, ...]:
    with _db() as db:
        rows = db.execute(
            "SELECT wardCode, ward, wardType, provinceCode FROM admin_units ORDER BY provinceCode, wardCode"
        ).fetchall()
    return tuple(NewUnit(*row) for row in rows)


@cache
def province_successors() -> dict[str, str]:
    """Old province code → the new province it became part of (63 → 34)."""
    with _db() as db:
        new_by_key = dict(db.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units"))
        old_by_key = dict(db.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy"))
    return {
        old_by_key[old_key]: new_by_key[new_key]
        for new_key, old_keys in _converter()["DICT_PROVINCE"].items()
        for old_key in old_keys
    }


@cache
def successions() -> tuple[Succession, ...]:
    """Every arrow of the package's map, nationwide, plus EXPLICIT_SUCCESSORS, by old code."""
    with _db() as db:
        new_code = {
            (p, w): code for p, w, code in db.execute("SELECT provinceKey, wardKey, wardCode FROM admin_units")
        }
        old = {
            f"{p}_{d}_{w or ''}": (code or dcode, "commune" if code else "district")
            for p, d, w, code, dcode in db.execute(
                "SELECT provinceKey, districtKey, wardKey, wardCode, districtCode FROM admin_units_legacy"
            )
        }
    conv = _converter()
    arrows = []
    for province_key, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, old_keys in wards.items():
            for old_key in old_keys:
                code, level = old[old_key]
                arrows.append(Succession(code, level, new_code[(province_key, new_key)], True))
    for province_key, parts_by_old in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in parts_by_old.items():
            code, level = old[old_key]
            for part in parts:
                arrows.append(
                    Succession(code, level, new_code[(province_key, part["newWardKey"])], bool(part["isDefaultNewWard"]))
                )
    mapped = {a.old_code for a in arrows}
    for old_code, (target, note) in EXPLICIT_SUCCESSORS.items():
        if old_code not in mapped:
            arrows.append(Succession(old_code, "commune", target, True, note))
    return tuple(sorted(set(arrows), key=lambda a: (a.old_code, not a.is_main, a.new_code)))
