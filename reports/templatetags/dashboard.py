"""Display of dashboard figures: values by kind and their change against the previous period."""

from urllib.parse import urlencode

from django import template
from django.utils.translation import gettext as _

from partnerships.templatetags.ketnghia import format_number, percent, vnd

register = template.Library()


@register.filter
def figure_value(value, kind: str) -> str:
    """A figure as leaders read it: money in đồng, shares in per cent, counts with separators."""
    if kind == "money":
        return vnd(value)
    if kind == "share":
        return percent(value)
    return format_number(value)


@register.filter
def figure_change(figure) -> str:
    """'+25,0 %' (relative) for counts and money, '+5,0 điểm %' for shares, '' when not comparable."""
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
