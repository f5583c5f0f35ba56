"""The unit hierarchy has one home: outside `partnerships/geography.py`, only the code that keeps the
unit records themselves (their model, admin, import resource, loaders and the API's unit endpoint)
names a unit's `parent`. A page, form, report or service that needs "the district of", "in the area
of" or "in district order" asks geography, so the 2025 reform changed one module."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("common", "partnerships", "inspections", "reports", "portal", "api", "jobs", "notifications")
KEEPERS_OF_UNIT_RECORDS = {
    "partnerships/geography.py",
    "partnerships/models/units.py",
    "partnerships/admin/units.py",
    "partnerships/io/resources.py",
    "partnerships/io/admin_units.py",
    "partnerships/io/admin_units_reform.py",
    "partnerships/management/commands/load_admin_units.py",
    "api/serializers.py",
    "api/filters.py",
    "api/views.py",
}
PARENT = re.compile(r"""\.parent\b(?!\.mkdir)|\bparent_id\b|\bparent__|__parent\b|["']parent["']""")


def test_only_geography_and_the_unit_records_name_a_units_parent():
    offenders = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if "/migrations/" in name or name in KEEPERS_OF_UNIT_RECORDS:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if PARENT.search(line.split("#", 1)[0]):
                    offenders.append(f"{name}:{number}: {line.strip()}")
    assert not offenders, "ask partnerships.geography instead:\n" + "\n".join(offenders)
