"""Officers' Excel import: the template, the preview of bad rows, the all-or-nothing confirm."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from partnerships.io import officer_import
from partnerships.models import Activity, ActivityCategory, ActivityStatus, PartnershipStatus
from tests.factories import CommuneFactory, DistrictFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MODEL_CATEGORY = "Xây dựng, duy trì, phát triển và nhân rộng mô hình kinh tế - xã hội"


def url(name):
    return reverse(f"partnerships:{name}")


def template_for(client) -> Workbook:
    response = client.get(url("import_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def good_row(partnership, commune, **changes):
    row = {
        "Tên hoạt động (*)": "Hỗ trợ giống bò sinh sản",
        "Loại hoạt động (*)": MODEL_CATEGORY,
        "Địa phương kết nghĩa (*)": officer_import.partnership_label(partnership),
        "Xã thực hiện": officer_import.commune_label(commune),
        "Ngày bắt đầu (*)": datetime.date(2025, 3, 15),
        "Ngày kết thúc": "20/03/2025",
        "Ngân sách nhà nước (đồng)": 1_250_000,
        "Xã hội hóa (đồng)": "2.500.000",
        "Hiện vật quy đổi (đồng)": None,
        "Số người được hỗ trợ": 30,
        "Trong đó người dân tộc thiểu số": 25,
    }
    row.update(changes)
    return row


def fill_rows(workbook: Workbook, rows) -> bytes:
    """The workbook with `rows` ({header: value}) written from row 2 of the data sheet, as xlsx bytes."""
    sheet = workbook[officer_import.DATA_SHEET]
    headers = [cell.value for cell in sheet[1]]
    for number, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=number, column=headers.index(header) + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filled(workbook: Workbook, rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("hoat-dong.xlsx", fill_rows(workbook, rows), content_type=XLSX)


@pytest.fixture
def setup(client, officer, partnership, commune, other_partnership):
    client.force_login(officer)
    return partnership, commune


@pytest.mark.django_db
def test_template_has_dropdowns_from_hidden_sheet_and_instructions(client, setup, other_partnership):
    partnership, commune = setup
    workbook = template_for(client)
    assert workbook.sheetnames == [officer_import.DATA_SHEET, officer_import.LISTS_SHEET, officer_import.HELP_SHEET]
    lists = workbook[officer_import.LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    categories = [c.value for c in lists["A"][1:] if c.value]
    assert categories == list(ActivityCategory.objects.filter(is_active=True).values_list("name", flat=True))
    assert [c.value for c in lists["B"][1:] if c.value] == [officer_import.partnership_label(partnership)]
    communes = [c.value for c in lists["C"][1:] if c.value]
    assert officer_import.commune_label(commune) in communes
    assert not any(other_partnership.unit.name in c for c in communes)  # other agency's area is not offered
    validations = workbook[officer_import.DATA_SHEET].data_validations.dataValidation
    formulas = {v.formula1 for v in validations}
    assert f"'{officer_import.LISTS_SHEET}'!$A$2:$A${len(categories) + 1}" in formulas
    assert workbook[officer_import.DATA_SHEET]["E2"].number_format == "DD/MM/YYYY"
    assert "HƯỚNG DẪN" in workbook[officer_import.HELP_SHEET]["A1"].value


@pytest.mark.django_db
def test_good_file_preview_then_confirm_writes_drafts(client, setup, officer):
    partnership, commune = setup
    upload = filled(template_for(client), [good_row(partnership, commune),
                                           good_row(partnership, commune, **{"Tên hoạt động (*)": "Tập huấn"})])
    preview = client.post(url("import_upload"), {"file": upload})
    assert preview.status_code == 200
    assert preview.context["result"].ok and len(preview.context["result"].rows) == 2
    assert not Activity.objects.exists()  # the preview writes nothing
    assert "3.750.000\u00a0₫" in preview.content.decode()
    token = preview.context["token"]
    confirmed = client.post(url("import_confirm"), {"token": token})
    assert confirmed.status_code == 302
    activities = Activity.objects.order_by("title")
    assert [a.title for a in activities] == ["Hỗ trợ giống bò sinh sản", "Tập huấn"]
    first = activities[0]
    assert (first.status, first.partnership, first.commune, first.created_by) == (
        ActivityStatus.DRAFT, partnership, commune, officer)
    assert (first.budget_state, first.budget_society, first.end_date) == (1_250_000, 2_500_000, datetime.date(2025, 3, 20))
    assert first.history.first().history_user == officer
    # The same token cannot be confirmed twice.
    again = client.post(url("import_confirm"), {"token": token}, follow=True)
    assert Activity.objects.count() == 2
    assert "hết hạn" in again.content.decode()


@pytest.mark.django_db
def test_bad_rows_are_each_explained_and_nothing_is_written(client, setup):
    partnership, commune = setup
    outside = CommuneFactory(name="Xã Ngoài Vùng", parent=DistrictFactory(name="Huyện Khác"))
    rows = [
        good_row(partnership, commune),  # row 2 fine
        good_row(partnership, commune, **{"Loại hoạt động (*)": "Du lịch vũ trụ"}),  # 3
        good_row(partnership, commune, **{"Xã thực hiện": f"{outside.name} [{outside.code}]"}),  # 4
        good_row(partnership, commune, **{"Ngày bắt đầu (*)": "31/02/2025"}),  # 5
        good_row(partnership, commune, **{"Ngân sách nhà nước (đồng)": -5000}),  # 6
        good_row(partnership, commune, **{"Trong đó người dân tộc thiểu số": 40}),  # 7
        good_row(partnership, commune, **{"Tên hoạt động (*)": None}),  # 8
        good_row(partnership, commune, **{"Ngày kết thúc": "01/01/2025"}),  # 9
        good_row(partnership, commune, **{"Địa phương kết nghĩa (*)": "Huyện Nam Trà My [516]"}),  # 10: other agency's
        good_row(partnership, commune, **{"Xã hội hóa (đồng)": "1,5 triệu"}),  # 11
    ]
    response = client.post(url("import_upload"), {"file": filled(template_for(client), rows)})
    errors = {(e.row, e.column): e.message for e in response.context["result"].errors}
    assert errors == {
        (3, "Loại hoạt động (*)"): "Không có loại hoạt động “Du lịch vũ trụ”.",
        (4, "Xã thực hiện"): "Không có xã “Xã Ngoài Vùng [%s]” trong địa bàn kết nghĩa của cơ quan." % outside.code,
        (5, "Ngày bắt đầu (*)"): "“31/02/2025” không phải ngày hợp lệ; ghi theo dạng dd/mm/yyyy.",
        (6, "Ngân sách nhà nước (đồng)"): "Số tiền không được âm.",
        (7, "Trong đó người dân tộc thiểu số"): "Số người dân tộc thiểu số không được lớn hơn số người được hỗ trợ.",
        (8, "Tên hoạt động (*)"): "Thiếu tên hoạt động.",
        (9, "Ngày kết thúc"): "Ngày kết thúc không được trước ngày bắt đầu.",
        (10, "Địa phương kết nghĩa (*)"): "“Huyện Nam Trà My [516]” không phải địa phương đang kết nghĩa với cơ quan.",
        (11, "Xã hội hóa (đồng)"): "“1,5 triệu” không phải số nguyên.",
    }
    page = response.content.decode()
    assert "Chưa ghi dòng nào" in page and 'name="token"' not in page
    assert not Activity.objects.exists()
    assert client.post(url("import_confirm"), {"token": "x" * 32}).status_code == 302
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_commune_of_another_district_under_the_agencys_own_partnerships(client, setup, officer, agency):
    """A commune the agency twins with elsewhere is offered, but not for the wrong partnership."""
    partnership, commune = setup
    from tests.factories import PartnershipFactory

    far = CommuneFactory(name="Xã Trà Leng", parent=DistrictFactory(name="Huyện Nam Trà My 2"))
    PartnershipFactory(agency=agency, unit=far)
    row = good_row(partnership, commune, **{"Xã thực hiện": officer_import.commune_label(far)})
    response = client.post(url("import_upload"), {"file": filled(template_for(client), [row])})
    [error] = response.context["result"].errors
    assert error.column == "Xã thực hiện" and "không thuộc địa bàn kết nghĩa" in error.message


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "Tệp rỗng."),
        (b"ten,loai\nx,y\n", "Tệp không phải tệp Excel (.xlsx)."),
    ],
)
@pytest.mark.django_db
def test_not_an_xlsx_or_empty_file(client, setup, content, message):
    response = client.post(url("import_upload"), {"file": SimpleUploadedFile("a.xlsx", content)})
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors["file"])


@pytest.mark.django_db
def test_wrong_headers_and_no_rows(client, setup):
    workbook = Workbook()
    workbook.active.append(["Tên", "Ngày"])
    workbook.active.append(["Hoạt động", "01/01/2025"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(url("import_upload"), {"file": SimpleUploadedFile("a.xlsx", buffer.getvalue())})
    [error] = response.context["form"].errors["file"]
    assert error.startswith("Tệp không đúng mẫu: thiếu cột “Tên hoạt động (*)”")
    empty = filled(template_for(client), [])
    response = client.post(url("import_upload"), {"file": empty})
    assert response.context["form"].errors["file"] == ["Tệp không có dòng hoạt động nào."]


@pytest.mark.django_db
def test_confirm_that_no_longer_validates_shows_errors_and_writes_nothing(client, setup):
    partnership, commune = setup
    preview = client.post(url("import_upload"), {"file": filled(template_for(client), [good_row(partnership, commune)])})
    partnership.status, partnership.ended_on = PartnershipStatus.ENDED, datetime.date(2025, 6, 1)
    partnership.save()
    response = client.post(url("import_confirm"), {"token": preview.context["token"]})
    assert response.status_code == 200
    errors = {(e.row, e.column): e.message for e in response.context["result"].errors}
    assert "không phải địa phương đang kết nghĩa" in errors[(2, "Địa phương kết nghĩa (*)")]
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_confirm_needs_the_token_of_this_session(client, setup, other_officer, other_partnership):
    partnership, commune = setup
    preview = client.post(url("import_upload"), {"file": filled(template_for(client), [good_row(partnership, commune)])})
    client.force_login(other_officer)  # a new session: the token is not theirs
    response = client.post(url("import_confirm"), {"token": preview.context["token"]})
    assert response.status_code == 302 and not Activity.objects.exists()


@pytest.mark.django_db
def test_coordinator_imports_for_a_chosen_agency(client, coordinator, agency, partnership, commune):
    client.force_login(coordinator)
    assert client.get(url("import_template")).status_code == 302  # must choose an agency first
    template = client.get(url("import_template"), {"agency": agency.pk})
    workbook = load_workbook(io.BytesIO(template.content))
    upload = filled(workbook, [good_row(partnership, commune)])
    missing_agency = client.post(url("import_upload"), {"file": upload})
    assert "agency" in missing_agency.context["form"].errors
    upload.seek(0)
    preview = client.post(url("import_upload"), {"file": upload, "agency": agency.pk})
    assert preview.context["result"].ok
    client.post(url("import_confirm"), {"token": preview.context["token"]})
    assert Activity.objects.get().created_by == coordinator


@pytest.mark.django_db
def test_officer_template_is_always_their_own_agency(client, setup, other_agency, other_partnership):
    response = client.get(url("import_template"), {"agency": other_agency.pk})
    workbook = load_workbook(io.BytesIO(response.content))
    partnerships = [c.value for c in workbook[officer_import.LISTS_SHEET]["B"][1:] if c.value]
    assert officer_import.partnership_label(other_partnership) not in partnerships


@pytest.mark.django_db
def test_write_is_all_or_nothing_when_the_service_refuses_a_row(setup, officer, monkeypatch):
    partnership, commune = setup
    category = ActivityCategory.objects.first()
    fields = {"title": "A", "category": category, "commune": None, "start_date": datetime.date(2025, 1, 1)}
    result = officer_import.ImportCheck(rows=[
        officer_import.CheckedRow(2, partnership, dict(fields)),
        officer_import.CheckedRow(3, partnership, dict(fields, title="B", start_date=datetime.date(2024, 5, 1))),
    ])
    # The year 2024 was finalised between the check and the write: the service refuses row 3.
    monkeypatch.setattr("partnerships.services.activities.locked_years", lambda: {2024})
    with pytest.raises(officer_import.ImportRejected) as rejected:
        officer_import.write(result, actor=officer)
    [(row, message)] = [(e.row, e.message) for e in rejected.value.errors]
    assert row == 3 and "Năm 2024 đã chốt số liệu" in message
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_template_prints_one_page_wide_on_a4(client, setup):
    sheet = template_for(client)[officer_import.DATA_SHEET]
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 and sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$1"


@pytest.mark.django_db
def test_too_many_rows_is_refused_as_a_whole_but_empty_formatted_rows_are_not_rows(client, setup, monkeypatch):
    partnership, commune = setup
    monkeypatch.setattr(officer_import, "MAX_ROWS", 2)
    three = filled(template_for(client), [good_row(partnership, commune)] * 3)
    response = client.post(url("import_upload"), {"file": three})
    assert response.context["form"].errors["file"] == ["Tệp có quá 2 dòng; hãy chia thành nhiều tệp."]
    # The template's 500 formatted rows, and 25 blank ones before the data, are not counted.
    far_down = filled(template_for(client), [{}] * 25 + [good_row(partnership, commune)])
    response = client.post(url("import_upload"), {"file": far_down})
    assert response.context["result"].ok and [r.row for r in response.context["result"].rows] == [27]
    assert not Activity.objects.exists()
