"""Display helpers of the annual report pages (Vietnamese number conventions from ketnghia)."""

from django import template
from django.utils.translation import gettext as _

from partnerships.roles import sees_whole_province
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


@register.inclusion_tag("reports/partials/agency_evaluation.html", takes_context=True)
def agency_evaluation(context, agency, report_filter, row=None):
    """The agency's score and breakdown for the filter's last year: for province-wide roles and the
    agency's own officers (the score is the agency's whole-province one, not a locality's share).
    The page's `row` is reused when it was computed for exactly that year over the province."""
    from reports.evaluation import evaluate_agency
    from reports.selectors import ReportFilter

    user = context["request"].user
    if not (sees_whole_province(user) or getattr(user, "agency_id", None) == agency.pk):
        return {"hidden": True}
    year = report_filter.year_to
    reusable = sees_whole_province(user) and report_filter == ReportFilter.for_year(year, agency_id=agency.pk)
    return {"agency_evaluation": evaluate_agency(agency, year, row=row if reusable else None), "year": year}


@register.filter
def reads_annual_report(user) -> bool:
    return sees_whole_province(user)
