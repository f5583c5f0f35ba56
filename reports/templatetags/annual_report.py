"""Display helpers of the annual report pages (Vietnamese number conventions from ketnghia)."""

from django import template

from partnerships.access.roles import sees_whole_province

register = template.Library()


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
