"""Background jobs of the partnerships app (registered with `jobs.registry` at start-up)."""

from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jobs.registry import job_kind
from partnerships.access import policy
from partnerships.exceptions import DomainError, NotPermitted
from partnerships.io import export, officer_import
from partnerships.models import Agency
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


@job_kind("partnerships.list_export", title=_("Danh sách (Excel)"))
def list_export(run, *, name: str, query: str = "", year: int | None = None) -> dict:
    """A long partnership, plan or model list's export (`partnerships.io.lists`), as its page shows it."""
    from partnerships.io import lists

    _filterset, queryset = lists.list_rows(name, run.user, query, year=year)
    run.set_total(queryset.count())
    with run.output(lists.filename(lists.STEMS[name])) as stream:
        lists.list_workbook_for(name, run.user, query, year=year, stream=stream, on_row=run.advance)
    return {"rows": run.job.done}


IMPORT = "partnerships.activity_import"
ERRORS_SHOWN = 20  # a job's error is a paragraph, not the preview's table: the first rows' errors


def _rows_refused(errors) -> DomainError:
    shown = "; ".join(
        gettext("dòng %(row)s%(column)s: %(message)s") % {
            "row": error.row, "column": f" ({error.column})" if error.column else "", "message": error.message}
        for error in errors[:ERRORS_SHOWN])
    more = len(errors) - ERRORS_SHOWN
    if more > 0:
        shown += "; " + ngettext("và %(count)s lỗi khác", "và %(count)s lỗi khác", more) % {"count": more}
    return DomainError(gettext("Chưa ghi dòng nào. Sửa tệp rồi tải lên lại: %(errors)s.") % {"errors": shown})


def _imported(result: dict) -> dict:
    text = gettext("Đã nhập %(count)s hoạt động ở trạng thái nháp. Kiểm tra lại rồi gửi duyệt.") % {
        "count": result.get("created", 0)}
    if result.get("skipped"):
        text += " " + ngettext("Đã bỏ qua %(count)s dòng trùng.", "Đã bỏ qua %(count)s dòng trùng.",
                               result["skipped"]) % {"count": result["skipped"]}
    return {"text": text, "url": reverse("partnerships:activity_list") + "?status=draft",
            "label": gettext("Xem các bản nháp")}


@job_kind(IMPORT, title=_("Nhập hoạt động từ Excel"), outcome=_imported)
def activity_import(run, *, token: str, agency: int, include: list, name: str = "", preview: str = "") -> dict:
    """A large officers' import after its preview: the same re-check and the same all-or-nothing
    write as the page (`officer_import.recheck`, `.write`), on the job's own copy of the previewed
    rows (`token`; `preview` names the preview it came from).

    The copy stays until the write has committed, so a failed job can be retried; the result is
    recorded in the write's own transaction (`run.keep_result`), so a retry after a worker died
    just after the commit finds it and writes nothing twice."""
    if run.job.result.get("created") is not None:
        officer_import.drop_pending(token)
        return run.job.result
    if not policy.can_record_activities(run.user) or (
            not policy.is_coordinator_or_admin(run.user) and run.user.agency_id != agency):
        raise NotPermitted(gettext("Bạn không được nhập hoạt động cho cơ quan, đơn vị này."))
    data = officer_import.load_pending(token)
    if data is None:
        raise DomainError(gettext("Phiên nhập đã hết hạn hoặc đã được xác nhận; hãy tải tệp lên lại."))
    try:
        checked = officer_import.recheck(data, user=run.user, agency=Agency.objects.get(pk=agency))
    except officer_import.ImportFileError as error:
        raise DomainError(str(error)) from None
    if not checked.ok:
        raise _rows_refused(checked.errors)
    run.set_total(len(checked.rows))
    try:
        with transaction.atomic():
            created = officer_import.write(checked, actor=run.user, include_doubles=include, file_name=name)
            result = {"created": len(created), "skipped": len(checked.rows) - len(created), "name": name}
            run.keep_result(result)
    except officer_import.ImportRejected as rejected:
        raise _rows_refused(rejected.errors) from None
    run.advance(len(checked.rows))
    officer_import.drop_pending(token)
    return result
