"""Vietnamese display conventions: money as 1.250.000 ₫, counts with dot separators, figures by kind.

The one renderer of figures for pages and documents: Python code imports these functions, templates
load the `ketnghia` library.
"""

import unicodedata
from urllib.parse import urlencode

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def format_number(value) -> str:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        return ""
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", ".")


@register.filter
def vnd(value) -> str:
    """1250000 → '1.250.000 ₫' (a non-breaking space keeps the sign with the number)."""
    if value in (None, ""):
        return ""
    return f"{format_number(value)}\u00a0₫"


@register.filter
def number(value) -> str:
    return format_number(value)


@register.filter
def day(value) -> str:
    """A date as 30/06/2025: what `date:"d/m/Y"` writes, without its format lookups per call (a
    table row of a few hundred may carry one: the dashboard's communes that ended)."""
    if not value:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


@register.filter
def percent(value, digits: int = 1) -> str:
    """0.4567 → '45,7 %'."""
    if value is None:
        return "–"
    return f"{value * 100:.{int(digits)}f}".replace(".", ",") + "\u00a0%"


# --- dashboard figures ---

@register.filter
def figure_value(value, kind: str) -> str:
    """A figure as leaders read it: money in đồng, shares in per cent, counts with separators."""
    if kind == "money":
        return vnd(value)
    if kind == "share":
        return percent(value)
    return format_number(value)


# A share's change is a difference of two percentages: percentage points ("điểm phần trăm",
# written "điểm %"), never a relative "%". Plain "điểm" would read as the evaluation's score points,
# which the annual page and the workbook show beside it. The workbook's number format says the same.
SHARE_CHANGE_UNIT = "điểm %"


@register.filter
def figure_change(figure) -> str:
    """A figure's change against the previous period, for the dashboard and the annual page alike:
    '+25,0 %' (relative) for counts and money, '+5,0 điểm %' for shares, '' when not comparable."""
    change = figure.change
    if change is None:
        return ""
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    digits = f"{abs(float(change)) * 100:.1f}".replace(".", ",")
    if figure.kind == "share":
        return _("%(sign)s%(n)s điểm %%") % {"sign": sign, "n": digits}
    return f"{sign}{digits}\u00a0%"


@register.filter
def as_query(params: dict) -> str:
    """The filter's GET parameters as a query string, for links that keep the period."""
    return urlencode(params)


# --- annual report figures ---

@register.filter
def by_kind(value, kind: str) -> str:
    """A figure shown by its kind: money as 1.250.000 ₫, a share as 45,7 %, a count as 1.250."""
    if value is None:
        return "–"
    if kind == "money":
        return vnd(value)
    if kind == "share":
        return percent(value)
    if kind == "score":
        return f"{value:.1f}".replace(".", ",")
    return number(value)


@register.filter
def nfc(value) -> str:
    """Text in composed Unicode (NFC), as Vietnamese is typed and searched: Django's own language
    names ("Tiếng Việt") come decomposed."""
    return unicodedata.normalize("NFC", str(value))
