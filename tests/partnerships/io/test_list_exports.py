"""The partnership, plan and model lists export what the page shows, filtered and scoped, to xlsx:
the one column vocabulary, money and dates formatted, ids plain, formula-like text kept as text,
the title merged over the sheet, wrapped rows tall enough; a long list as a background job."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jobs.models import Job, JobStatus
from partnerships.models import AnnualPlan, PartnershipStatus
from tests.factories import AgencyFactory, DevelopmentModelFactory, DistrictFactory, PartnershipFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def export(client, name, **params):
    response = client.get(reverse("partnerships:list_export", args=[name]), params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def table(sheet):
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    return rows[0], rows[1:]


@pytest.fixture
def lists(partnership, other_partnership, commune):
    partnership.agreement_number = "=1+1"  # formula-like text must stay text
    partnership.save()
    long_name = AgencyFactory(name="Ban Quản lý các dự án đầu tư xây dựng và phát triển nông thôn miền núi tỉnh "
                                   "Quảng Nam, chi nhánh phía Tây")
    ended = PartnershipFactory(agency=long_name, unit=DistrictFactory(name="Huyện Đông Giang", code="503"),
                               signed_on=D(2021, 10, 1), status=PartnershipStatus.ENDED, ended_on=D(2023, 6, 30),
                               end_reason="Chuyển sang giúp huyện khác")
    model = DevelopmentModelFactory(partnership=partnership, commune=commune, name="Mô hình nuôi bò sinh sản",
                                    stage="developed", started_on=D(2022, 3, 1), maintained_on=D(2022, 11, 1),
                                    developed_on=D(2023, 8, 15), households=25)
    AnnualPlan.objects.create(partnership=partnership, year=2025, money_target=120_000_000, people_trained_target=6)
    return {"ended": ended, "model": model}


def test_partnership_list_exports_what_the_page_shows(client, coordinator, partnership, other_partnership, lists):
    client.force_login(coordinator)
    sheet = export(client, "partnerships").active
    assert sheet["A1"].value == "Danh sách quan hệ kết nghĩa"
    assert "A1:K1" in {str(r) for r in sheet.merged_cells.ranges}
    header, rows = table(sheet)
    assert header[:4] == ("Mã quan hệ kết nghĩa", "Cơ quan, đơn vị", "Loại cơ quan, đơn vị", "Địa phương kết nghĩa")
    assert len(rows) == 3
    page = client.get(reverse("partnerships:partnership_list")).context["page_obj"]
    assert [row[0] for row in rows] == [p.pk for p in page]  # same rows, same (Vietnamese) order
    mine = next(row for row in rows if row[0] == partnership.pk)
    assert mine[7] == "=1+1"  # the agreement number stays text, as typed
    assert sheet.cell(row=4, column=1).number_format == "0"
    date_cell = next(c for c in sheet["G"][3:] if c.value)
    assert date_cell.number_format == "dd/mm/yyyy" and isinstance(date_cell.value, datetime.datetime)
    long_row = next(i for i, row in enumerate(rows, start=4) if row[0] == lists["ended"].pk)
    assert sheet.row_dimensions[long_row].height >= 30  # the long agency name wraps over lines
    # Filtered like the page: ended partnerships only.
    _header, ended = table(export(client, "partnerships", status="ended").active)
    assert [row[0] for row in ended] == [lists["ended"].pk]
    assert "Trạng thái: Đã kết thúc" in export(client, "partnerships", status="ended").active["A2"].value


def test_the_export_is_scoped_like_the_list(client, officer, partnership, lists):
    client.force_login(officer)
    _header, rows = table(export(client, "partnerships").active)
    assert [row[0] for row in rows] == [partnership.pk]
    _header, models = table(export(client, "models").active)
    assert [row[1] for row in models] == ["Mô hình nuôi bò sinh sản"]


def test_model_list_export_carries_the_stage_dates(client, coordinator, lists):
    client.force_login(coordinator)
    header, rows = table(export(client, "models").active)
    assert header[8:12] == ("Ngày xây dựng", "Ngày duy trì", "Ngày phát triển", "Ngày nhân rộng")
    (row,) = rows
    assert row[6] == "Phát triển" and row[7] == 25
    assert [v.date() if v else None for v in row[8:12]] == [D(2022, 3, 1), D(2022, 11, 1), D(2023, 8, 15), None]


def test_plan_list_export_formats_money(client, coordinator, partnership, lists):
    client.force_login(coordinator)
    sheet = export(client, "plans", year="2025").active
    assert sheet["A1"].value == "Kế hoạch và kết quả năm 2025"
    header, rows = table(sheet)
    assert header[4] == "Kinh phí kế hoạch (đồng)"
    mine = next(i for i, row in enumerate(rows, start=4) if row[0] == partnership.agency.name)
    assert sheet.cell(row=mine, column=5).value == 120_000_000
    assert sheet.cell(row=mine, column=5).number_format == '[$-42A]#,##0" ₫"'


def test_the_file_converts_to_pdf(client, coordinator, lists, tmp_path):
    client.force_login(coordinator)
    response = client.get(reverse("partnerships:list_export", args=["partnerships"]))
    path = tmp_path / "ds.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    done = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                          capture_output=True, timeout=120)
    assert done.returncode == 0 and (tmp_path / "ds.pdf").stat().st_size > 1000


def test_a_long_list_is_a_background_job(tasks_backend, client, coordinator, lists, settings,
                                         django_capture_on_commit_callbacks):
    settings.EXPORT_INLINE_MAX = 1
    client.force_login(coordinator)
    page = client.get(reverse("partnerships:list_export", args=["partnerships"]), {"status": "active"})
    assert page.status_code == 200 and "quá dài để tải ngay" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("partnerships:list_export_start", args=["partnerships"]),
                              {"query": "status=active"})
    job = Job.objects.get()
    assert started["Location"] == reverse("jobs:detail", args=[job.pk])
    tasks_backend.run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.total == 2
    _header, rows = table(load_workbook(job.file.path).active)
    assert len(rows) == 2


def test_an_unknown_list_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("partnerships:list_export", args=["users"])).status_code == 404
