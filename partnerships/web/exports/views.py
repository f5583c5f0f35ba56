"""Export of the partnership, plan and model lists: what the page shows, filtered and scoped the
same way, as .xlsx. A short list downloads at once; a longer one (more than EXPORT_INLINE_MAX
rows) is built in the background like the activity export (`jobs/`, "Tệp của tôi")."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jobs.services import job_start
from partnerships.io import lists
from partnerships.web.plans.forms import YearForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plan_year(params) -> int:
    """The plan list's year as its page reads it (the year select), else this year."""
    form = YearForm(params)
    if form.is_valid() and form.cleaned_data["year"]:
        return form.cleaned_data["year"]
    return datetime.date.today().year


@login_required
def list_export(request, name):
    if name not in lists.LIST_NAMES:
        raise Http404
    query = request.GET.urlencode()
    year = _plan_year(request.GET) if name == "plans" else None
    _filterset, queryset = lists.list_rows(name, request.user, query, year=year)
    count = queryset.count()
    if count > settings.EXPORT_INLINE_MAX:
        return render(request, "partnerships/list_export.html", {
            "count": count, "query": query, "name": name, "back": reverse(lists.PAGES[name])})
    stream = lists.list_workbook_for(name, request.user, query, year=year)
    return FileResponse(stream, as_attachment=True, filename=lists.filename(lists.STEMS[name]), content_type=XLSX)


@login_required
@require_POST
def list_export_start(request, name):
    if name not in lists.LIST_NAMES:
        raise Http404
    query = request.POST.get("query", "")
    params = {"name": name, "query": query}
    if name == "plans":
        params["year"] = _plan_year(QueryDict(query))
    job = job_start(actor=request.user, kind="partnerships.list_export", params=params)
    return redirect("jobs:detail", job.pk)
