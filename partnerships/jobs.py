"""Background jobs of the partnerships app (registered with `jobs.registry` at start-up)."""

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.registry import job_kind
from partnerships.io import export
from partnerships.selectors.activities import scoped_activities
from partnerships.selectors.filters import ActivityFilter


def export_filename() -> str:
    return f"hoat-dong-ket-nghia-{timezone.localdate():%Y%m%d}.xlsx"


def filtered_activities(user, query: str):
    """The activity list as the user filtered it: the same FilterSet and scoping as the page."""
    params = QueryDict(query)
    return ActivityFilter(params or None, queryset=scoped_activities(user), user=user).qs


@job_kind("partnerships.activity_export", title=_("Danh sách hoạt động (Excel)"))
def activity_export(run, *, query: str = "") -> dict:
    """The list's export of any size: rows done / total as it goes, the file published at the end."""
    rows = filtered_activities(run.user, query)
    run.set_total(rows.count())
    with run.output(export_filename()) as stream:
        export.activities_workbook(rows, stream=stream, on_row=run.advance)
    return {"rows": run.job.done}
