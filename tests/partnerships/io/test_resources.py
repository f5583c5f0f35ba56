"""Import and export through the admin: natural keys, all-or-nothing imports with every bad row
reported in Vietnamese, and an export that imports back unchanged."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tablib import Dataset

from partnerships.models import Activity, ActivityStatus, AdministrativeUnit, Agency, ImportBatch, Partnership
from partnerships.io.resources import ActivityResource
from tests.factories import ActivityFactory, category

FORMATS = {"xlsx": 0, "csv": 1}  # the order of import_formats in the admin


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(client, model_name, rows, fmt="csv"):
    """The admin's first step: upload, check, preview (a dry run)."""
    content = _csv(rows) if fmt == "csv" else _xlsx(rows)
    upload = SimpleUploadedFile(f"du-lieu.{fmt}", content)
    return client.post(
        reverse(f"admin:partnerships_{model_name}_import"),
        {"format": FORMATS[fmt], "import_file": upload, "resource": 0},
    )


def _import_and_confirm(client, model_name, rows, fmt="csv"):
    preview = _import(client, model_name, rows, fmt)
    assert preview.status_code == 200
    form = preview.context.get("confirm_form")
    assert form is not None, _errors(preview)
    return client.post(
        reverse(f"admin:partnerships_{model_name}_process_import"),
        {name: form.initial[name] for name in ("import_file_name", "original_file_name", "format", "resource")},
        follow=True,
    )


def _errors(response) -> list[tuple[int, str, str]]:
    """(spreadsheet row, column, message) for every error the page lists."""
    result = response.context["result"]
    found = [(row.number + 1, column, " ".join(messages))
             for row in result.invalid_rows for column, messages in row.error_dict.items()]
    found += [(0, "", str(error.error)) for error in result.base_errors]
    return found


UNIT_HEADER = ["Mã đơn vị", "Tên", "Cấp", "Mã đơn vị cấp trên", "Miền núi", "Biên giới đất liền"]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_units_import_by_code_with_parents_by_code(client, administrator, fmt):
    client.force_login(administrator)
    response = _import_and_confirm(client, "administrativeunit", [
        UNIT_HEADER,
        ["49", "Tỉnh Quảng Nam", "Tỉnh, thành phố", "", "", ""],
        ["504", "Huyện Tây Giang", "huyen, thi xa, thanh pho thuoc tinh", "49", "Có", "x"],
        ["20302", "Xã A Tiêng", "commune", "504", "có", "không"],
        [None, None, None, None, None, None],  # a trailing blank spreadsheet row is not a record
    ], fmt)
    assert response.status_code == 200
    commune = AdministrativeUnit.objects.get(code="20302")
    assert commune.parent.code == "504" and commune.parent.parent.code == "49"
    assert commune.level == "commune" and commune.is_mountainous and not commune.is_border
    assert AdministrativeUnit.objects.get(code="504").is_border
    assert "3 thêm mới" in response.content.decode()


@pytest.mark.django_db
def test_import_updates_a_unit_found_by_its_code(client, administrator, district):
    client.force_login(administrator)
    _import_and_confirm(client, "administrativeunit", [
        UNIT_HEADER, [district.code, "Huyện Tây Giang (mới)", "Huyện, thị xã, thành phố thuộc tỉnh", "49", "Có", "Có"],
    ])
    assert AdministrativeUnit.objects.filter(code=district.code).count() == 1
    district.refresh_from_db()
    assert district.name == "Huyện Tây Giang (mới)"


@pytest.mark.django_db
def test_agencies_and_partnerships_import_by_name_and_unit_code(client, administrator, district):
    client.force_login(administrator)
    _import_and_confirm(client, "agency", [
        ["Tên cơ quan, đơn vị", "Tên viết tắt", "Loại", "Đang hoạt động"],
        ["Ngân hàng Chính sách xã hội tỉnh", "NHCSXH", "Cơ quan nhà nước", "Có"],
        ["Công ty Cổ phần Cấp thoát nước Quảng Nam", "", "doanh nghiep", "Có"],
    ])
    assert Agency.objects.get(short_name="NHCSXH").kind == "state"
    assert Agency.objects.get(name__startswith="Công ty Cổ phần").kind == "enterprise"

    _import_and_confirm(client, "partnership", [
        ["Cơ quan, đơn vị", "Mã địa phương kết nghĩa", "Ngày ký kết", "Số quyết định / thỏa thuận"],
        ["Ngân hàng Chính sách xã hội tỉnh", district.code, "01/10/2021", "12/QĐ-NH"],
    ])
    partnership = Partnership.objects.get(agency__short_name="NHCSXH")
    assert partnership.unit == district and partnership.signed_on.isoformat() == "2021-10-01"
    assert partnership.status == "active"


ACTIVITY_HEADER = ["Mã hoạt động", "Cơ quan, đơn vị", "Mã địa phương kết nghĩa", "Loại hoạt động", "Tên hoạt động",
                   "Ngày bắt đầu", "Mã xã thực hiện", "Ngân sách nhà nước (đồng)", "Xã hội hóa (đồng)",
                   "Số người được hỗ trợ", "Trong đó người dân tộc thiểu số", "Trạng thái"]


def _activity_row(partnership, commune, title, **overrides):
    row = {"Mã hoạt động": "", "Cơ quan, đơn vị": partnership.agency.name,
           "Mã địa phương kết nghĩa": partnership.unit.code, "Loại hoạt động": "mo-hinh", "Tên hoạt động": title,
           "Ngày bắt đầu": "15/03/2024", "Mã xã thực hiện": commune.code, "Ngân sách nhà nước (đồng)": "1.250.000",
           "Xã hội hóa (đồng)": "0", "Số người được hỗ trợ": "20", "Trong đó người dân tộc thiểu số": "15",
           "Trạng thái": "Đã duyệt"}
    row.update(overrides)
    return [row[column] for column in ACTIVITY_HEADER]


@pytest.mark.django_db
def test_imported_activities_are_drafts_through_the_service(client, coordinator, partnership, commune):
    client.force_login(coordinator)
    _import_and_confirm(client, "activity", [
        ACTIVITY_HEADER,
        _activity_row(partnership, commune, "Mô hình nuôi bò sinh sản"),
        _activity_row(partnership, commune, "Lớp bồi dưỡng cán bộ xã", **{"Loại hoạt động": "Đào tạo, bồi dưỡng cán bộ, công chức"}),
    ])
    activities = Activity.objects.order_by("title")
    assert [a.title for a in activities] == ["Lớp bồi dưỡng cán bộ xã", "Mô hình nuôi bò sinh sản"]
    for activity in activities:
        assert activity.status == ActivityStatus.DRAFT  # "Đã duyệt" in the file is ignored
        assert activity.created_by == coordinator
        assert activity.budget_state == 1_250_000
        assert list(activity.status_changes.values_list("to_status", flat=True)) == [ActivityStatus.DRAFT]
    assert activities[0].category.code == "dao-tao-can-bo"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_one_bad_row_among_good_ones_writes_nothing_and_every_bad_row_is_listed(
        client, coordinator, partnership, commune, other_partnership, fmt):
    before = Activity.objects.count()
    elsewhere = other_partnership.unit  # not inside the partner district
    client.force_login(coordinator)
    response = _import(client, "activity", [
        ACTIVITY_HEADER,
        _activity_row(partnership, commune, "Dòng tốt 1"),
        _activity_row(partnership, commune, "Dân tộc nhiều hơn tổng", **{"Trong đó người dân tộc thiểu số": "50"}),
        _activity_row(partnership, commune, "Dòng tốt 2"),
        _activity_row(partnership, commune, "Tiền âm", **{"Xã hội hóa (đồng)": "-5"}),
        _activity_row(partnership, commune, "Sai xã", **{"Mã xã thực hiện": elsewhere.code}),
        _activity_row(partnership, commune, "Sai ngày", **{"Ngày bắt đầu": "31/02/2024"}),
        _activity_row(partnership, commune, "Không có cơ quan", **{"Cơ quan, đơn vị": "Sở Không Tồn Tại"}),
    ], fmt)
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None  # nothing to confirm
    assert Activity.objects.count() == before
    errors = _errors(response)
    rows = {row for row, _, _ in errors}
    assert rows == {3, 5, 6, 7, 8}  # spreadsheet rows; row 1 is the header
    assert (3, "Số người được hỗ trợ, Trong đó người dân tộc thiểu số",
            "Số người dân tộc thiểu số không được lớn hơn số người được hỗ trợ.") in errors
    assert any(row == 5 and column == "Xã hội hóa (đồng)" for row, column, _ in errors)
    assert (6, "Mã xã thực hiện", "Xã thực hiện phải thuộc địa phương kết nghĩa.") in errors
    assert (7, "Ngày bắt đầu", "“31/02/2024” không phải ngày hợp lệ; ghi theo dạng dd/mm/yyyy.") in errors
    assert any(row == 8 and column == "Cơ quan, đơn vị" and "Không có quan hệ kết nghĩa" in message
               for row, column, message in errors)
    text = response.content.decode()
    assert "Có 5 dòng không hợp lệ: chưa có dữ liệu nào được ghi" in text
    assert "Xã thực hiện phải thuộc địa phương kết nghĩa." in text
    assert "Traceback" not in text


@pytest.mark.django_db
def test_the_confirm_step_is_all_or_nothing_too(coordinator, partnership, commune):
    """Whoever calls the resource (the confirm step re-imports for real): one bad row, nothing written."""
    dataset = Dataset(headers=ACTIVITY_HEADER)
    dataset.append(_activity_row(partnership, commune, "Dòng tốt"))
    dataset.append(_activity_row(partnership, commune, "Dòng xấu", **{"Số người được hỗ trợ": "nhiều"}))
    result = ActivityResource(user=coordinator).import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_duplicate_active_partnership_is_a_message_not_a_traceback(client, administrator, partnership):
    client.force_login(administrator)
    Partnership.objects.create(agency=partnership.agency, unit=partnership.unit, signed_on="2020-01-01",
                               status="ended", ended_on="2020-12-31")
    before = Partnership.objects.count()
    response = _import(client, "partnership", [
        ["Cơ quan, đơn vị", "Mã địa phương kết nghĩa", "Ngày ký kết"],
        [partnership.agency.name, partnership.unit.code, "01/10/2021"],  # the current one: an update
        [partnership.agency.name, "không-có", "01/10/2021"],
        ["", partnership.unit.code, ""],
    ])
    errors = _errors(response)
    assert {row for row, _, _ in errors} == {3, 4}
    assert (3, "Mã địa phương kết nghĩa", "Không có đơn vị hành chính mã “không-có”.") in errors
    assert Partnership.objects.count() == before


@pytest.mark.django_db
def test_a_file_without_the_key_columns_is_refused_in_vietnamese(client, administrator):
    client.force_login(administrator)
    response = _import(client, "administrativeunit", [["Tên"], ["Huyện Nam Giang"]])
    assert any("Tệp thiếu cột: Mã đơn vị." in message for _, _, message in _errors(response))
    assert "Traceback" not in response.content.decode()


def _export(client, model_name, fmt):
    response = client.post(
        reverse(f"admin:partnerships_{model_name}_export"),
        {"format": FORMATS[fmt], "resource": 0, **_all_fields(client, model_name)},
    )
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content) if response.streaming else response.content


def _all_fields(client, model_name):
    form = client.get(reverse(f"admin:partnerships_{model_name}_export")).context["form"]
    return {name: "on" for name in form.fields if name not in ("format", "resource", "export_items")}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_reimport_round_trips(client, administrator, partnership, commune, fmt):
    approved = ActivityFactory(partnership=partnership, commune=commune, title="Hỗ trợ giống quế Trà My",
                               budget_state=1_250_000)
    Activity.objects.filter(pk=approved.pk).update(status=ActivityStatus.APPROVED)
    ActivityFactory(partnership=partnership, commune=commune, title="Tặng quà Tết", category=category("tham-hoi"))
    client.force_login(administrator)
    for model_name in ("administrativeunit", "agency", "partnership", "activity"):
        content = _export(client, model_name, fmt)
        if fmt == "csv":
            text = content.decode("utf-8-sig")
            assert text.lstrip("\"").startswith(("Mã đơn vị", "Tên cơ quan", "Cơ quan, đơn vị", "Mã hoạt động"))
        before = {m: m.objects.count() for m in (AdministrativeUnit, Agency, Partnership, Activity)}
        upload = SimpleUploadedFile(f"xuat.{fmt}", content)
        preview = client.post(reverse(f"admin:partnerships_{model_name}_import"),
                              {"format": FORMATS[fmt], "import_file": upload, "resource": 0})
        assert preview.context.get("confirm_form") is not None, _errors(preview)
        totals = preview.context["result"].totals
        assert totals["new"] == 0 and totals["update"] == 0 and totals["skip"] > 0, (model_name, dict(totals))
        assert before == {m: m.objects.count() for m in before}
    assert Activity.objects.get(pk=approved.pk).status == ActivityStatus.APPROVED


@pytest.mark.django_db
def test_export_is_in_vietnamese_with_natural_keys(client, administrator, partnership, commune):
    ActivityFactory(partnership=partnership, commune=commune, title="Hỗ trợ giống quế", budget_state=1_250_000)
    client.force_login(administrator)
    rows = list(csv.reader(io.StringIO(_export(client, "activity", "csv").decode("utf-8-sig"))))
    record = dict(zip(rows[0], rows[1]))
    assert record["Cơ quan, đơn vị"] == partnership.agency.name
    assert record["Mã địa phương kết nghĩa"] == partnership.unit.code
    assert record["Mã xã thực hiện"] == commune.code
    assert record["Ngày bắt đầu"] == "15/03/2024"
    assert record["Trạng thái"] == "Nháp"
    assert record["Ngân sách nhà nước (đồng)"] == "1250000"


@pytest.mark.django_db
def test_an_officer_cannot_import_into_another_agencys_partnership(officer, partnership, other_partnership, commune):
    dataset = Dataset(headers=ACTIVITY_HEADER)
    dataset.append(_activity_row(partnership, commune, "Của mình"))
    foreign_commune = AdministrativeUnit.objects.filter(parent=other_partnership.unit).first()
    dataset.append(_activity_row(other_partnership, foreign_commune or other_partnership.unit, "Của người khác"))
    result = ActivityResource(user=officer).import_data(dataset, dry_run=False)
    assert [row.number for row in result.invalid_rows] == [2]
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_a_row_that_fails_at_confirmation_rolls_everything_back_and_says_why(client, coordinator, partnership,
                                                                            commune):
    """The preview passed, then the partnership ended before the coordinator confirmed."""
    client.force_login(coordinator)
    preview = _import(client, "activity", [
        ACTIVITY_HEADER,
        _activity_row(partnership, commune, "Dòng 2"),
        _activity_row(partnership, commune, "Dòng 3"),
    ])
    form = preview.context["confirm_form"]
    Partnership.objects.filter(pk=partnership.pk).update(status="ended", ended_on="2024-12-31")
    response = client.post(
        reverse("admin:partnerships_activity_process_import"),
        {name: form.initial[name] for name in ("import_file_name", "original_file_name", "format", "resource")},
    )
    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert {row for row, _, _ in _errors(response)} == {2, 3}
    text = response.content.decode()
    assert "Quan hệ kết nghĩa đã kết thúc; không thể ghi nhận hoạt động mới." in text
    assert "Đã nhập xong" not in text
    assert reverse("admin:partnerships_activity_import") in text  # a way back to the upload


DANGEROUS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "=cmd|' /C calc'!A0"]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_admin_export_keeps_formulas_dead(client, administrator, partnership, commune, fmt):
    """Text that a spreadsheet would run (= + - @ tab CR first) comes out as text in every model's
    export, in both formats; numbers stay numbers."""
    Agency.objects.filter(pk=partnership.agency_id).update(
        name=DANGEROUS[0], short_name=DANGEROUS[3]
    )
    AdministrativeUnit.objects.filter(pk=commune.pk).update(name=DANGEROUS[1])
    for title in DANGEROUS:
        ActivityFactory(partnership=partnership, commune=commune, title=title, description=DANGEROUS[2],
                        budget_state=1_250_000)
    client.force_login(administrator)
    for model_name in ("administrativeunit", "agency", "partnership", "activity"):
        content = _export(client, model_name, fmt)
        if fmt == "csv":
            cells = [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            cells = [cell for row in sheet.iter_rows() for cell in row]
            assert not [c.coordinate for c in cells if c.data_type == "f"], model_name
            numbers = [c.value for c in cells if isinstance(c.value, int)]
            cells = [c.value for c in cells if isinstance(c.value, str)]
            if model_name == "activity":
                assert 1_250_000 in numbers or "1250000" in cells
            assert any(cell.startswith(("=", "+")) for cell in cells), model_name  # string cells, as typed
            continue
        live = [cell for cell in cells if cell and cell[0] in "=+-@\t\r"]
        assert live == [], (model_name, live[:5])
        assert any(cell.startswith("'=") or cell.startswith("'+") for cell in cells), model_name


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "confirm"])
def test_the_activity_import_costs_a_constant_number_of_queries(coordinator, partnership, commune, dry_run,
                                                                django_assert_max_num_queries):
    """New rows are checked with lookups read once and written together by
    services.activities_import (issue 15: it was 76 queries a row), in the preview as in the confirm."""
    dataset = Dataset(headers=ACTIVITY_HEADER)
    for index in range(300):
        dataset.append(_activity_row(partnership, commune, f"Hoạt động {index}"))
    # The batch, its audit, the locked years, one lookup per partnership, category and commune
    # code, the rules' reads, then bulk inserts of the activities, their history and workflow
    # rows (SQLite's limit of bound variables splits 300 rows into a few batches).
    with django_assert_max_num_queries(50):
        result = ActivityResource(user=coordinator).import_data(dataset, dry_run=dry_run)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 300
    assert Activity.objects.count() == (0 if dry_run else 300)
    if not dry_run:
        first = Activity.objects.get(title="Hoạt động 0")
        assert first.history.get().history_user == coordinator and first.created_by == coordinator
        assert first.status_changes.get().to_status == ActivityStatus.DRAFT
        batch = ImportBatch.objects.get()  # one batch, the admin's, naming every row
        assert (batch.source, batch.rows_written) == (ImportBatch.Source.ADMIN, 300)
        assert first.history.get().history_change_reason == batch.change_reason


@pytest.mark.django_db
def test_the_preview_shows_new_and_edited_rows_as_the_library_would(coordinator, partnership, commune):
    """New rows skip import-export's per-row copy and diff-match-patch (NewRowDiff); the HTML they
    get is the library's own, character for character, and edited rows keep the library's diff."""
    from import_export.resources import Diff

    edited = ActivityFactory(partnership=partnership, commune=commune, title="Cũ", created_by=coordinator)
    dataset = Dataset(headers=ACTIVITY_HEADER)
    dataset.append(_activity_row(partnership, commune, "Tên <mới> & \"khác\"", **{"Xã hội hóa (đồng)": ""}))
    dataset.append(_activity_row(partnership, commune, "Thứ hai", **{"Ngân sách nhà nước (đồng)": "0"}))
    dataset.append(_activity_row(partnership, commune, "Đã sửa", **{"Mã hoạt động": str(edited.pk)}))

    class LibraryDiff(ActivityResource):
        def get_diff_class(self):
            return Diff

    ours = ActivityResource(user=coordinator).import_data(dataset, dry_run=True)
    library = LibraryDiff(user=coordinator).import_data(dataset, dry_run=True)
    assert not ours.has_errors() and not ours.has_validation_errors()
    assert [row.import_type for row in ours.rows] == ["new", "new", "update"]
    assert [row.diff for row in ours.rows] == [row.diff for row in library.rows]
    assert any("<ins" in cell and "&lt;mới&gt; &amp;" in cell for cell in ours.rows[0].diff)
