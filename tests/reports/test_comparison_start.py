"""A period whose previous one lies wholly before the programme's first year (Directive 16-CT/TU,
2021) is compared with nothing: no "trước", no arrow, no previous column, on the dashboard, the
annual page and its documents alike (`ReportFilter.compared` decides, the selector applies it).
2022 is still compared with 2021."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from partnerships.models import ActivityStatus
from reports import selectors
from reports.documents.annual import build
from reports.documents.docx import render_docx
from reports.documents.xlsx import render_xlsx
from reports.filters import ReportFilter
from tests.factories import ActivityFactory, category

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(partnership, commune):
    for year, money in ((2021, 5_000_000), (2022, 7_500_000)):
        ActivityFactory(partnership=partnership, commune=commune, category=category("mo-hinh"),
                        status=ActivityStatus.APPROVED, start_date=datetime.date(year, 3, 1), budget_state=money)


def test_the_filter_decides_which_periods_have_a_previous_one():
    assert ReportFilter.for_year(2021).compared() is None
    assert ReportFilter(year_from=2021, year_to=2026).compared() is None  # 2015–2020: before the programme
    assert ReportFilter.for_year(2022).compared() == ReportFilter.for_year(2021)
    assert ReportFilter(year_from=2022, year_to=2023).compared() == ReportFilter(year_from=2020, year_to=2021)


def test_2021_shows_no_comparison_and_2022_is_compared_with_2021(years):
    first = selectors.key_figures_with_change(ReportFilter.for_year(2021))
    assert all(not f.compared and f.previous is None and f.change is None for f in first)
    second = {f.key: f for f in selectors.key_figures_with_change(ReportFilter.for_year(2022))}
    assert second["money_state"].compared and second["money_state"].previous == 5_000_000
    assert second["money_state"].change == pytest.approx(0.5)


def _figures_html(response) -> str:
    html = response.content.decode()
    return html[html.index('id="figures-title"'):html.index("</section>", html.index('id="figures-title"'))]


@pytest.mark.parametrize("params", [{"year": 2021}, {"year_from": 2021, "year_to": 2026}])
def test_the_dashboard_shows_no_previous_figure_before_the_programme(client, leader, years, params):
    client.force_login(leader)
    figures = _figures_html(client.get(reverse("reports:dashboard"), params))
    assert "trước:" not in figures and "so với" not in figures and "bi-arrow-" not in figures
    assert "5.000.000" in figures or "12.500.000" in figures


def test_the_dashboard_compares_2022_with_2021(client, leader, years):
    client.force_login(leader)
    figures = _figures_html(client.get(reverse("reports:dashboard"), {"year": 2022}))
    assert "so với năm 2021" in figures and "trước:" in figures and "+50,0\u00a0%" in figures
    assert "bi-arrow-up-short" in figures


def test_the_annual_page_and_documents_of_2021_have_no_previous_column(client, coordinator, years):
    client.force_login(coordinator)
    html = client.get(reverse("reports:annual"), {"year": 2021}).content.decode()
    section = html[html.index('id="key-figures"'):]
    section = section[:section.index("</section>")]
    assert "Năm 2020" not in section and "Tăng, giảm" not in section
    assert "Năm 2021" in client.get(reverse("reports:annual"), {"year": 2022}).content.decode()

    report = build(ReportFilter.for_year(2021))
    document = Document(io.BytesIO(render_docx(report)))
    [summary] = [t for t in document.tables if t.rows[0].cells[0].text == "Chỉ tiêu"]
    assert [c.text for c in summary.rows[0].cells] == ["Chỉ tiêu", "Năm 2021"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "so với" not in text and "năm 2020" not in text.lower()
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))["Tổng hợp"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Năm 2020" not in cells and "Tăng, giảm" not in cells and "Năm 2021" in cells

    compared = build(ReportFilter.for_year(2022))
    document = Document(io.BytesIO(render_docx(compared)))
    [summary] = [t for t in document.tables if t.rows[0].cells[0].text == "Chỉ tiêu"]
    assert [c.text for c in summary.rows[0].cells] == ["Chỉ tiêu", "Năm 2022", "Năm 2021", "Tăng, giảm"]
    assert "so với năm 2021" in "\n".join(p.text for p in document.paragraphs)
