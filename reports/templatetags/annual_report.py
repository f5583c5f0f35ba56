"""Display helpers of the annual report pages (Vietnamese number conventions from ketnghia)."""

from django import template
from django.utils.translation import gettext as _

from partnerships.templatetags.ketnghia import number, percent, vnd

register = template.Library()


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
def change(figure) -> str:
    """+12,5 % for counts and money; +3,0 điểm % for shares; – when there is nothing to compare."""
    if figure.change is None:
        return "–"
    sign = "+" if figure.change > 0 else ("−" if figure.change < 0 else "±")
    amount = percent(abs(figure.change))
    if figure.kind == "share":
        return _("%(sign)s%(amount)s điểm") % {"sign": sign, "amount": amount.replace("\u00a0%", "")}
    return f"{sign}{amount}"
