"""Inspections shown where people look: on the agency and partnership pages and the dashboard.

These pages belong to lower layers (partnerships, reports) that never import inspections; they
load this library in the template, and the reads stay in `inspections.selectors`."""

from django import template
from django.utils import timezone

from inspections import selectors

register = template.Library()


@register.inclusion_tag("inspections/partials/panel.html", takes_context=True)
def inspections_panel(context, target):
    """The inspections of an agency or a partnership the viewer may see, newest first."""
    user = context["request"].user
    from partnerships.models import Agency

    rows = (selectors.inspections_for_agency(user, target) if isinstance(target, Agency)
            else selectors.inspections_for_partnership(user, target))
    return {"rows": list(rows.order_by("-year", "-planned_date")[:10]), "today": timezone.localdate()}


@register.inclusion_tag("inspections/partials/figures.html", takes_context=True)
def inspection_figures(context, year):
    user = context["request"].user
    return {"figures": selectors.year_figures(user, int(year)), "year": year}

