"""Vietnamese display conventions: money as 1.250.000 ₫, counts with dot separators."""

from django import template

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
def percent(value, digits: int = 1) -> str:
    """0.4567 → '45,7 %'."""
    if value is None:
        return "–"
    return f"{value * 100:.{int(digits)}f}".replace(".", ",") + "\u00a0%"
