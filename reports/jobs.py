"""Background jobs of the annual report (registered with `jobs.registry` at start-up): building
its workbook or its narrative, and finalising a year.

Both read the whole province's year, which takes longer than a web request may at the
province's size; the annual page starts them (`reports/web/annual/views.py`) and shows their
progress. The finalise job calls the finalise service and nothing else: the policy, the year
lock and every rule of finalising stay the service's (`reports/services/finalise.py`).
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.registry import job_kind
from partnerships.access import policy
from partnerships.exceptions import NotPermitted
from reports.documents import docx, xlsx
from reports.documents.annual import build, in_report_language
from reports.filters import ReportFilter
from reports.services import finalise

BUILD = "reports.annual_build"
FINALISE = "reports.annual_finalise"
FORMATS = ("xlsx", "docx")


def build_params(report_filter: ReportFilter, file_format: str) -> dict:
    """The job's parameters: the report's own query (what `from_querydata` reads back) and the file."""
    return {"query": report_filter.as_querydict(), "format": file_format}


def annual_url(query: dict) -> str:
    return f"{reverse('reports:annual')}?{urlencode(query)}"


def _renderer(file_format: str):
    # Looked up when the job runs (not bound at import), like the views did.
    return {"xlsx": xlsx.render_xlsx, "docx": docx.render_docx}[file_format]


def _built(result: dict) -> dict:
    return {"text": _("Đã tạo tệp %(name)s.") % {"name": result.get("file", "")},
            "url": annual_url(result.get("query", {})), "label": _("Về trang báo cáo")}


@job_kind(BUILD, title=gettext_lazy("Tệp báo cáo năm"), unit=gettext_lazy("bước"), outcome=_built)
def annual_build(run, *, query: dict, format: str) -> dict:  # noqa: A002 (the parameter's name in the job)
    """The report as the person asked for it on the page (their scope), as .xlsx or .docx:
    gather the figures (step 1), lay them out (step 2); the file is published at the end."""
    if not policy.may_read_annual_report(run.user):
        raise NotPermitted(_("Trang này dành cho lãnh đạo tỉnh và cán bộ tổng hợp cấp tỉnh."))
    if format not in FORMATS:
        raise NotPermitted(_("Không có loại tệp này."))
    report_filter = ReportFilter.from_querydata(query)
    run.set_total(2)
    with in_report_language():
        report = build(report_filter, run.user)
        run.advance()
        filename = f"{report.file_stem}.{format}"
        with run.output(filename) as stream:
            stream.write(_renderer(format)(report))
        run.advance()
    return {"file": filename, "query": query}


def _finalised(result: dict) -> dict:
    return {"text": _("Đã chốt số liệu báo cáo năm %(year)s (lần %(version)s). Từ nay dữ liệu của năm này không "
                      "thể thay đổi.") % {"year": result.get("year"), "version": result.get("version")},
            "url": annual_url({"year": result.get("year")}), "label": _("Xem bản đã chốt")}


@job_kind(FINALISE, title=gettext_lazy("Chốt số liệu báo cáo năm"), unit=gettext_lazy("bước"), outcome=_finalised)
def annual_finalise(run, *, year: int, waiting_acknowledged: bool = False) -> dict:
    """One step, all or nothing: the service builds, stores and locks in one transaction."""
    run.set_total(1)
    report = finalise.finalise_year(actor=run.user, year=int(year), waiting_acknowledged=bool(waiting_acknowledged))
    run.advance()
    return {"year": report.year, "version": report.version}
