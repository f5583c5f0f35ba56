"""The imports against hostile and awkward files, each a real file made by tests/hostile_xlsx.py:
zip bombs, re-uploads, two confirms at once, a title above the header, formatted empty rows,
a stray far cell, formulas, money and dates as officers type them, every error in one pass,
and the admin import held to the same limits."""

import datetime
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.io import officer_import
from partnerships.models import Activity
from tests import hostile_xlsx
from tests.factories import CommuneFactory, DistrictFactory
from tests.partnerships.web.imports.test_officer_import import MODEL_CATEGORY, filled, good_row, template_for

HEADERS = [header for _name, header, _required, _kind in officer_import.COLUMNS]


def url(name):
    return reverse(f"partnerships:{name}")


def upload(client, data, name="hoat-dong.xlsx"):
    return client.post(url("import_upload"), {"file": SimpleUploadedFile(name, data)})


def plain_file(rows, **kwargs) -> bytes:
    """A file made without the template: the header, then rows ({header: value})."""
    return hostile_xlsx.workbook_bytes([HEADERS] + [[row.get(h) for h in HEADERS] for row in rows], **kwargs)


@pytest.fixture
def setup(client, officer, partnership, commune, other_partnership):
    client.force_login(officer)
    return partnership, commune


def form_errors(response):
    return response.context["form"].errors["file"]


# --- zip bombs ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(hostile_xlsx.BOMBS))
def test_officer_import_refuses_every_bomb_with_a_message(client, setup, name):
    response = upload(client, hostile_xlsx.BOMBS[name]())
    assert response.status_code == 200
    [message] = form_errors(response)
    assert "Excel" in message
    assert not Activity.objects.exists()


def admin_import(client, data, name="du-lieu.xlsx", model="activity"):
    return client.post(reverse(f"admin:partnerships_{model}_import"),
                       {"format": 0, "import_file": SimpleUploadedFile(name, data), "resource": 0})


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(hostile_xlsx.BOMBS))
def test_admin_import_refuses_every_bomb_with_a_message(client, administrator, name):
    client.force_login(administrator)
    response = admin_import(client, hostile_xlsx.BOMBS[name]())
    assert response.status_code == 200
    messages = response.context["form"].errors["import_file"]
    assert any("Excel" in m for m in messages), messages
    assert not Activity.objects.exists()


# --- doubles, and two confirms at once --------------------------------------------------------


@pytest.mark.django_db
def test_a_re_uploaded_file_shows_its_doubles_and_skips_them_unless_ticked(client, setup):
    partnership, commune = setup
    rows = [good_row(partnership, commune), good_row(partnership, commune, **{"Tên hoạt động (*)": "Tập huấn"})]
    first = upload(client, fill(client, rows))
    client.post(url("import_confirm"), {"token": first.context["token"]})
    assert Activity.objects.count() == 2

    # Last month's file with one new row appended, and that row typed twice.
    new = good_row(partnership, commune, **{"Tên hoạt động (*)": "Trao học bổng"})
    again = upload(client, fill(client, rows + [new, new]))
    result = again.context["result"]
    assert result.ok
    doubles = {row.row: (row.same_as_activity, row.same_as_row) for row in result.doubles}
    existing = dict(Activity.objects.values_list("title", "pk"))
    assert doubles == {2: (existing["Hỗ trợ giống bò sinh sản"], None), 3: (existing["Tập huấn"], None),
                       5: (None, 4)}
    page = again.content.decode()
    assert 'name="include" value="5"' in page and "dòng 4 của tệp" in page
    # Confirmed without ticking: only the new row; ticked: the repeated one too.
    response = client.post(url("import_confirm"), {"token": again.context["token"], "include": ["5"]}, follow=True)
    assert sorted(Activity.objects.values_list("title", flat=True)) == [
        "Hỗ trợ giống bò sinh sản", "Trao học bổng", "Trao học bổng", "Tập huấn"]
    assert "Đã bỏ qua 2 dòng trùng." in response.content.decode()


def fill(client, rows) -> bytes:
    return filled(template_for(client), rows).read()


@pytest.mark.django_db
def test_doubles_ignore_case_diacritics_spacing_of_the_title_but_not_the_money(client, setup):
    partnership, commune = setup
    upload_ = upload(client, fill(client, [good_row(partnership, commune)]))
    client.post(url("import_confirm"), {"token": upload_.context["token"]})
    same = good_row(partnership, commune, **{"Tên hoạt động (*)": "  ho tro giong  BO sinh san "})
    other_money = good_row(partnership, commune, **{"Ngân sách nhà nước (đồng)": 1_000_000})
    result = upload(client, fill(client, [same, other_money])).context["result"]
    assert [row.row for row in result.doubles] == [2]


@pytest.mark.django_db
def test_a_second_confirm_of_the_same_preview_writes_nothing(client, setup):
    partnership, commune = setup
    preview = upload(client, fill(client, [good_row(partnership, commune)] * 1))
    token = preview.context["token"]
    # The session is read by both requests before either confirms (two tabs, a double click).
    session = client.session
    client.post(url("import_confirm"), {"token": token})
    session.save()  # the second request still carries the token in its session
    client.post(url("import_confirm"), {"token": token})
    assert Activity.objects.count() == 1


def test_claiming_a_preview_is_atomic_across_threads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    token = officer_import.store_pending(b"file")
    barrier, got = threading.Barrier(8), []

    def confirm():
        barrier.wait()
        got.append(officer_import.claim_pending(token))

    threads = [threading.Thread(target=confirm) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(got, key=bool) == [None] * 7 + [b"file"]
    assert not list((tmp_path / "import-pending").iterdir())


# --- awkward but honest files ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_title_row_above_the_header_is_found(client, setup):
    partnership, commune = setup
    data = plain_file([good_row(partnership, commune)], title_row="DANH SÁCH HOẠT ĐỘNG NĂM 2025")
    result = upload(client, data).context["result"]
    assert result.ok and [row.row for row in result.rows] == [4]  # title, blank line, header, row 4


@pytest.mark.django_db
def test_formatted_empty_rows_are_not_rows_and_a_stray_far_cell_is_named(client, setup):
    partnership, commune = setup
    data = hostile_xlsx.with_formatted_empty_rows(plain_file([good_row(partnership, commune)]), 25_000)
    result = upload(client, data).context["result"]
    assert result.ok and len(result.rows) == 1
    stray = hostile_xlsx.with_stray_cell(data, "A1048576", "x")
    [error] = upload(client, stray).context["result"].errors
    assert error.row == 1048576
    assert error.message == "Dòng 1048576 chỉ có một ô có dữ liệu (“x”); nếu nhập nhầm, hãy xóa ô đó."


@pytest.mark.django_db
def test_formula_cells_are_called_formulas(client, setup):
    partnership, commune = setup
    data = plain_file([good_row(partnership, commune, **{"Tên hoạt động (*)": "=B1",
                                                         "Số người được hỗ trợ": "=SUM(1,2)"})])
    data = hostile_xlsx.replace_in_sheet(data, '<c r="A2"><f>B1</f><v></v></c>',
                                         '<c r="A2" t="e"><f>B1</f><v>#REF!</v></c>')
    errors = {e.column: e.message for e in upload(client, data).context["result"].errors}
    assert errors["Tên hoạt động (*)"].startswith("Ô có công thức cho kết quả lỗi “#REF!”")
    assert "công thức (=SUM(1,2)) nhưng tệp không lưu kết quả" in errors["Số người được hỗ trợ"]
    assert "Dán đặc biệt → Giá trị" in errors["Số người được hỗ trợ"]


@pytest.mark.django_db
def test_money_and_dates_as_officers_type_them_and_what_is_ambiguous(client, setup):
    partnership, commune = setup
    rows = [
        good_row(partnership, commune, **{"Ngân sách nhà nước (đồng)": "1.250.000 VNĐ",
                                          "Xã hội hóa (đồng)": "1.250.000,00",
                                          "Ngày bắt đầu (*)": 45731, "Ngày kết thúc": None}),  # a General cell
        good_row(partnership, commune, **{"Ngân sách nhà nước (đồng)": "1,250", "Ngày bắt đầu (*)": 2025,
                                          "Xã hội hóa (đồng)": "1.250.000,50"}),
    ]
    result = upload(client, plain_file(rows)).context["result"]
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert errors == {
        (3, "Ngân sách nhà nước (đồng)"): "“1,250” có thể hiểu hai cách (dấu phẩy là phần lẻ hay ngăn cách hàng "
                                          "nghìn?); ghi số nguyên với dấu chấm ngăn cách hàng nghìn, ví dụ 1.250.",
        (3, "Xã hội hóa (đồng)"): "“1.250.000,50” có phần lẻ; ghi số nguyên (số tiền tính bằng đồng).",
        (3, "Ngày bắt đầu (*)"): "“2025” là một số, không phải ngày; ghi ngày theo dạng dd/mm/yyyy.",
    }
    accepted = upload(client, plain_file(rows[:1])).context["result"].rows[0]
    assert (accepted.fields["budget_state"], accepted.fields["budget_society"], accepted.fields["start_date"]) == (
        1_250_000, 1_250_000, datetime.date(2025, 3, 15))


@pytest.mark.django_db
def test_every_error_of_a_row_is_reported_in_one_pass(client, setup):
    partnership, commune = setup
    outside = CommuneFactory(name="Xã Ngoài Vùng", parent=DistrictFactory(name="Huyện Khác"))
    row = good_row(partnership, commune, **{
        "Loại hoạt động (*)": "Du lịch vũ trụ", "Ngày bắt đầu (*)": "31/02/2025", "Ngày kết thúc": "01/01/2025",
        "Xã thực hiện": f"{outside.name} [{outside.code}]", "Ngân sách nhà nước (đồng)": "nhiều",
        "Trong đó người dân tộc thiểu số": 40, "Tên hoạt động (*)": "x" * 300,
    })
    errors = {e.column for e in upload(client, fill(client, [row])).context["result"].errors}
    assert errors == {"Loại hoạt động (*)", "Ngày bắt đầu (*)", "Xã thực hiện", "Ngân sách nhà nước (đồng)",
                      "Trong đó người dân tộc thiểu số", "Tên hoạt động (*)"}


@pytest.mark.django_db
def test_the_import_costs_a_constant_number_of_queries(client, setup, officer, django_assert_max_num_queries):
    partnership, commune = setup
    rows = [good_row(partnership, commune, **{"Tên hoạt động (*)": f"Hoạt động {i}"}) for i in range(300)]
    data = fill(client, rows)
    with django_assert_max_num_queries(15):
        preview = upload(client, data)
    # Session, roles, the three dictionaries, the doubles, the locked years, then bulk inserts of
    # the activities, their history rows and their workflow rows (SQLite's limit of bound
    # variables splits 300 rows into a few batches; PostgreSQL takes 1 000 rows a statement).
    with django_assert_max_num_queries(40):
        client.post(url("import_confirm"), {"token": preview.context["token"]})
    assert Activity.objects.count() == 300
    first = Activity.objects.get(title="Hoạt động 0")
    assert first.history.get().history_user == officer and first.created_by == officer
    assert first.status_changes.get().to_status == "draft"


# --- the admin import: the same limits, and no row checked after a header error ----------------


@pytest.mark.django_db
def test_admin_import_stops_at_a_header_error(client, administrator, django_assert_max_num_queries):
    client.force_login(administrator)
    rows = [["Tên hoạt động", "Ngày bắt đầu"]] + [[f"Hoạt động {i}", "01/01/2025"] for i in range(2000)]
    with django_assert_max_num_queries(20):  # no query per row: the rows are never looked at
        response = admin_import(client, hostile_xlsx.workbook_bytes(rows))
    result = response.context["result"]
    assert [str(e.error) for e in result.base_errors][0].startswith("Tệp thiếu cột: Cơ quan, đơn vị")
    assert not result.invalid_rows and not result.rows


@pytest.mark.django_db
def test_admin_import_has_the_officers_row_limit_and_names_formulas(client, administrator, monkeypatch,
                                                                   partnership, commune):
    client.force_login(administrator)
    monkeypatch.setattr(officer_import, "MAX_ROWS", 3)
    header = ["Mã hoạt động", "Cơ quan, đơn vị", "Mã địa phương kết nghĩa", "Loại hoạt động", "Tên hoạt động",
              "Ngày bắt đầu"]
    row = [None, partnership.agency.name, partnership.unit.code, MODEL_CATEGORY, "Hỗ trợ", "15/03/2025"]
    response = admin_import(client, hostile_xlsx.workbook_bytes([header] + [row] * 4))
    assert response.context["form"].errors["import_file"] == ["Tệp có quá 3 dòng; hãy chia thành nhiều tệp."]
    formula = hostile_xlsx.workbook_bytes([header, row[:4] + ["=A1", "15/03/2025"]])
    response = admin_import(client, formula)
    [invalid] = response.context["result"].invalid_rows
    assert "công thức" in " ".join(invalid.error_dict["Tên hoạt động"])
