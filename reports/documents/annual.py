"""The annual report (or a multi-year review): its figures gathered once from the selectors, then
laid out by the web page, the workbook (annual_xlsx) and the narrative (annual_docx)."""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partnerships import geography
from partnerships.models import AdministrativeUnit
from partnerships.names import Names, report_names
from inspections.selectors import annual_contribution
from reports import selectors
from reports.evaluation import Evaluation, evaluate
from reports.selectors import ReportFilter



@dataclass
class AnnualReport:
    filter: ReportFilter
    district: AdministrativeUnit | None
    figures: list  # selectors.Figure, with the previous period beside
    key: dict
    previous_key: dict
    by_category: list[dict]
    matrix: dict
    evaluation: Evaluation
    models: dict
    gaps: dict
    overview: dict = field(default_factory=dict)  # selectors.models_overview
    rows: list = field(default_factory=list)  # selectors.agency_rows
    generated_at: datetime.datetime = field(default_factory=timezone.now)
    user: object = None
    inspections: dict = field(default_factory=dict)  # inspections.selectors.annual_contribution

    @property
    def period_label(self) -> str:
        f = self.filter
        if f.is_single_year:
            return _("năm %(year)s") % {"year": f.year_from}
        return _("giai đoạn %(start)s - %(end)s") % {"start": f.year_from, "end": f.year_to}

    @property
    def planned_agencies(self) -> int:
        return selectors.agencies_with_plan(self.rows)

    @property
    def missed_plans(self) -> list[dict]:
        return selectors.plans_missed(self.rows)

    @property
    def replication(self) -> list[tuple]:
        return selectors.replication_targets(self.overview["replicable"], self.gaps)

    @property
    def until(self) -> datetime.date | None:
        """The day a running period is counted to (its comparison: the same months before)."""
        cut = self.filter.to_date()
        return cut.until if cut.is_cut else None

    @property
    def compared(self) -> bool:
        """Whether the figures are compared with a previous period (`ReportFilter.compared`: not
        when it lies wholly before the programme); without one, no document shows a comparison."""
        return self.filter.compared() is not None

    @property
    def compared_with(self) -> str:
        """'năm 2024', or 'cùng kỳ năm 2024' for a running year: what every change is against."""
        p = self.filter.previous()
        label = (_("năm %(year)s") % {"year": p.year_from} if p.is_single_year
                 else _("giai đoạn %(start)s - %(end)s") % {"start": p.year_from, "end": p.year_to})
        return _("cùng kỳ %(period)s") % {"period": label} if self.until else label

    @property
    def previous_label(self) -> str:
        p = self.filter.previous()
        if p.is_single_year:
            return _("Năm %(year)s") % {"year": p.year_from}
        return _("Giai đoạn %(start)s - %(end)s") % {"start": p.year_from, "end": p.year_to}

    @property
    def current_label(self) -> str:
        label = self.period_label
        return label[:1].upper() + label[1:]

    @property
    def scope_label(self) -> str:
        scope = self.district.name if self.district else _("Toàn tỉnh")
        if self.filter.as_of_today:
            # The finalised report is as recorded; a draft read on today's map says so.
            return _("%(scope)s, theo địa giới hiện nay (hoạt động tại xã cũ tính vào xã mới)") % {"scope": scope}
        return scope

    @property
    def kind_label(self) -> str:
        """Báo cáo năm, or sơ kết / tổng kết for a review of several years."""
        return _("Báo cáo") if self.filter.is_single_year else _("Báo cáo sơ kết, tổng kết")

    @cached_property
    def names(self) -> Names:
        """The bodies in force on the last day of the period (a reform changes them: the 2024
        report is Quảng Nam's, the 2026 one Đà Nẵng's), from `partnerships.names`."""
        return report_names(datetime.date(self.filter.year_to, 12, 31))

    @property
    def issuer(self) -> str:
        return self.names.issuer

    @property
    def issuer_in_sentence(self) -> str:
        """'BAN CÁN SỰ ĐẢNG UBND TỈNH' → 'Ban cán sự đảng UBND tỉnh' (abbreviations stay upper case)."""
        words = self.issuer.split()
        keep = {"UBND", "HĐND", "MTTQ", "CT-XH"}
        text = " ".join(word if word.upper() in keep else word.lower() for word in words)
        return text[:1].upper() + text[1:]

    @property
    def parent_body(self) -> str:
        return self.names.parent_body

    @property
    def place(self) -> str:
        return self.names.place

    @property
    def file_stem(self) -> str:
        f = self.filter
        years = str(f.year_from) if f.is_single_year else f"{f.year_from}-{f.year_to}"
        return f"bao-cao-ket-nghia-{years}" + (f"-{f.district_code}" if f.district_code else "")


def build(f: ReportFilter, user=None) -> AnnualReport:
    """Gather every figure of the report. `user` scopes the rows (None: the whole province)."""
    district = None
    if f.district_code:
        district = geography.districts().get(code=f.district_code)
    key, figures = selectors.key_figures_and_changes(f, user)
    rows = selectors.agency_rows(f, user)
    models, overview = selectors.models_summary(f, user), selectors.models_overview(f, user)
    # The files name a new commune with its former district's area (geography.name_with_district):
    # the selectors join it; whatever was read without it is loaded here, in one query.
    named = [*models["models"], *overview["replicable"], *(m for kind in overview["examples"].values() for m in kind)]
    geography.with_parents(m.commune for m in named)
    return AnnualReport(
        filter=f,
        district=district,
        figures=figures,
        key=key,
        previous_key={fig.key: fig.previous for fig in figures},
        by_category=selectors.by_category(f, user),
        matrix=selectors.district_category_matrix(f, user),
        evaluation=evaluate(f, rows=rows),
        models=models,
        gaps=selectors.coverage_gaps(f, user),
        overview=overview,
        rows=rows,
        user=user,
        inspections=annual_contribution(f.year_from, f.year_to, user=user),
    )


def figures_json(report: AnnualReport) -> dict:
    """What a finalised report stores as its figures: plain JSON, stable to checksum."""
    f = report.filter
    return {
        "period": {"year_from": f.year_from, "year_to": f.year_to, "district": f.district_code},
        "key_figures": {fig.key: fig.value for fig in report.figures},
        "previous_period": {fig.key: fig.previous for fig in report.figures},
        "by_category": [
            {"code": row["code"], "count": row["count"], "money_total": row["money_total"]}
            for row in report.by_category
        ],
        "districts": [
            {"code": row["district"].code, "count": row["count"], "money_total": row["money_total"]}
            for row in report.matrix["rows"]
        ],
        "agencies": [
            {
                "agency": a.agency.name,
                "activities": a.row["count"],
                "money_total": a.row["money_total"],
                "score": a.score,
                "classification": a.classification,
                "overridden": a.override is not None,
            }
            for a in report.evaluation.agencies
        ],
        "communes_without_partner": [u.code for u in report.gaps["communes_without_partner"]],
        "agencies_without_activity": [a.name for a in report.gaps["agencies_without_activity"]],
    }


def in_report_language():
    """The workbook and the narrative go to the Provincial Party Standing Committee: they are
    written in Vietnamese whatever language the person downloading them reads the portal in."""
    return translation.override(settings.LANGUAGE_CODE)


def build_files(*, year_from: int, year_to: int, district_code: str | None, user=None) -> tuple[dict, bytes, bytes]:
    """(figures, workbook bytes, narrative bytes) of one report."""
    from reports.documents.docx import render_docx
    from reports.documents.xlsx import render_xlsx

    with in_report_language():
        report = build(ReportFilter(year_from=year_from, year_to=year_to, district_code=district_code), user)
        return figures_json(report), render_xlsx(report), render_docx(report)
