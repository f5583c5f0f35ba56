"""Keys and row numbers in HTML attributes are written unlocalised.

USE_THOUSAND_SEPARATOR is on (money reads 1.250.000 ₫), so `{{ obj.pk }}` renders 12345 as
"12.345". In an id, a value or a data- attribute that breaks the browser's round trip once a table
passes a thousand rows: a test database rarely gets there, so the templates are read instead.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ATTRIBUTE = re.compile(r'\b(?:value|id|for|data-[a-z-]+)="([^"]*)"')
KEY = re.compile(r"\{\{\s*[\w.]+\.(?:pk|id|row)\s*\}\}")


def test_no_key_or_row_number_is_localised_inside_an_attribute():
    offenders = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            for value in ATTRIBUTE.findall(line):
                if KEY.search(value):
                    offenders.append(f"{template.relative_to(ROOT)}:{number}: {value}")
    assert not offenders, "add |unlocalize (load l10n):\n" + "\n".join(offenders)
