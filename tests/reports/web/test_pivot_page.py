"""The pivot explorer page: reachable from the dashboard, the layout in the URL, bad parameters
as messages (never a 500), the cap, exports opened back, saved views for coordinators only."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import PivotView

M = 1_000_000
URL = "/reports/kham-pha/"

pytestmark = pytest.mark.django_db


def test_reachable_from_the_dashboard(client, leader, report_world):
    client.force_login(leader)
    page = client.get(reverse("reports:dashboard"), {"year": 2024}).content.decode()
    assert f'href="{URL}?year=2024"' in page


def test_layout_in_the_url(client, leader, report_world):
    client.force_login(leader)
    response = client.get(URL, {"year_from": 2023, "year_to": 2024, "rows": "agency_kind", "cols": "year",
                                "measure": ["money_total", "count"]})
    assert response.status_code == 200
    table = response.context["table"]
    assert [c.labels for c in table.columns] == [("2023",), ("2024",)]
    assert [m.key for m in table.measures] == ["money_total", "count"]
    page = response.content.decode()
    assert ">26.000.000\xa0₫<" in page  # the state agency's two years
    assert 'id="pivot-chart"' in page and 'id="pivot-chart-data"' in page


def test_the_geography_is_offered_and_kept_in_the_links(client, leader, report_world):
    client.force_login(leader)
    response = client.get(URL, {"year": 2024, "rows": "commune", "geography": "today"})
    assert response.context["f"].as_of_today
    page = response.content.decode()
    assert 'name="geography"' in page and "theo địa giới hiện nay" in page
    assert "geography=today" in response.context["export_xlsx"]


def test_an_outer_row_name_is_shown_once(client, leader, report_world):
    client.force_login(leader)
    page = client.get(URL, {"year": 2024, "rows": ["district", "category"], "measure": "count"}).content.decode()
    assert page.count('<th scope="row" class="fw-normal">Huyện Tây Giang</th>') == 1
    assert '<span class="visually-hidden">Huyện Tây Giang</span>' in page


def test_default_layout_covers_the_programmes_years(client, leader, report_world):
    client.force_login(leader)
    response = client.get(URL)
    assert response.status_code == 200
    f = response.context["f"]
    assert f.year_from == 2021 and f.year_to >= 2026
    assert response.context["layout"].rows == ("agency_kind",)


@pytest.mark.parametrize("params", [
    {"rows": "nonsense"}, {"rows": ""}, {"rows": ["year", "year"]}, {"rows": ["year", "agency", "category"]},
    {"rows": "year", "cols": "year"}, {"measure": "x"}, {"sort": "-jobs_created"}, {"quarter": "5"},
    {"quarter": "abc"}, {"substantive": "maybe"}, {"partnership": "abc"}, {"partnership": "99999999999999999999"},
    {"status": "draft"}, {"chart": "pie"}, {"year_from": "2025", "year_to": "2020"}, {"year": "abc"},
    {"agency": "-1"}, {"commune": "x" * 300}, {"sort": "x" * 500}, {"export": "pdf"}, {"geography": "x"},
    {"commune_on": "31/02/2025"},
])
def test_bad_parameters_give_a_message_not_a_500(client, leader, report_world, params):
    client.force_login(leader)
    response = client.get(URL, params)
    assert response.status_code == 200
    if params != {"export": "pdf"}:
        assert [m for m in response.context["messages"] if m.level_tag == "error"], params


def test_the_cap_is_a_clear_message(client, leader, report_world, monkeypatch):
    from reports.pivot import table as pivot_table

    monkeypatch.setattr(pivot_table, "MAX_CELLS", 3)
    client.force_login(leader)
    response = client.get(URL, {"year_from": 2023, "year_to": 2024, "rows": "partnership", "cols": "year"})
    assert response.status_code == 200
    assert "giới hạn" in response.context["too_large"]
    assert 'id="pivot-too-large"' in response.content.decode()
    # the export of a layout over the cap: the page with the message, not a file
    response = client.get(URL, {"year_from": 2023, "year_to": 2024, "rows": "partnership", "cols": "year",
                                "export": "xlsx"})
    assert response["Content-Type"].startswith("text/html")


def test_an_officer_sees_only_their_agency(client, officer, report_world):
    client.force_login(officer)
    response = client.get(URL, {"year_from": 2023, "year_to": 2024, "rows": "agency"})
    table = response.context["table"]
    assert [r.header.labels for r in table.rows] == [(report_world.a.name,)]
    # another agency's partnership is not a filter the officer may use
    response = client.get(URL, {"year_from": 2023, "year_to": 2024, "rows": "agency",
                                "partnership": report_world.p2.pk})
    assert [m for m in response.context["messages"] if m.level_tag == "error"]
    assert report_world.b.name not in response.content.decode()


def test_the_commune_filter_is_a_list_of_the_users_communes(client, officer, leader, report_world):
    w = report_world
    client.force_login(leader)
    page = client.get(URL, {"year": 2024}).content.decode()
    assert f'<option value="{w.c4.code}">{w.c4.name}</option>' in page  # Nam Trà My's commune
    client.force_login(officer)  # agency a: partnerships with Tây Giang (and the ended one with Nam Trà My)
    response = client.get(URL, {"year": 2024, "commune": w.c2.code, "rows": "agency"})
    page = response.content.decode()
    assert f'<option value="{w.c2.code}" selected>{w.c2.name}</option>' in page
    assert response.context["table"].grand_total["count"] == 0  # Lăng's work is the other agency's


def test_no_role_no_page(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_xlsx_export_holds_the_pages_figures(client, leader, report_world):
    client.force_login(leader)
    params = {"year_from": 2023, "year_to": 2024, "rows": "agency_kind", "cols": "year",
              "measure": ["money_total", "substantive_share_money"]}
    response = client.get(URL, {**params, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bang-tong-hop-2023-2024.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "BẢNG TỔNG HỢP HOẠT ĐỘNG HỖ TRỢ KẾT NGHĨA"
    assert "Từ năm 2023 đến năm 2024" in rows[1][0]
    assert rows[4][:4] == ["Loại cơ quan, đơn vị", "2023", None, "2024"]
    assert rows[5][1:3] == ["Tổng kinh phí (đồng)", "Tỷ lệ hỗ trợ thiết thực (theo kinh phí)"]
    state = next(r for r in rows if r[0] == "Cơ quan nhà nước")
    assert state[1:7] == [8 * M, 1.0, 18 * M, pytest.approx(15 / 18), 26 * M, pytest.approx(23 / 26)]
    assert rows[-1][0] == "Tổng cộng" and rows[-1][5] == 48 * M
    assert sheet.cell(7, 2).number_format.endswith('#,##0" ₫"')
    assert sheet.cell(7, 3).number_format.endswith("0.0%")
    assert sheet.print_title_rows == "$5:$6"
    assert sheet.page_setup.orientation == "landscape"


def test_csv_export(client, leader, report_world):
    client.force_login(leader)
    response = client.get(URL, {"year_from": 2023, "year_to": 2024, "rows": "category", "measure": "money_total",
                                "export": "csv"})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text[1:])))
    assert lines[0] == ["Loại hoạt động", "Tổng cộng – Tổng kinh phí (đồng)"]
    assert lines[-1] == ["Tổng cộng", str(48 * M)]


def test_formula_like_labels_stay_text(client, leader, report_world):
    report_world.z.name = "=HYPERLINK(\"x\")"
    report_world.z.save()
    from tests.factories import ActivityFactory, category
    from partnerships.models import ActivityStatus

    ActivityFactory(partnership=report_world.p3, commune=report_world.c3, category=category("tham-hoi"),
                    status=ActivityStatus.APPROVED, start_date="2024-05-01", budget_state=M)
    client.force_login(leader)
    response = client.get(URL, {"year": 2024, "rows": "agency", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert any(c.value == "=HYPERLINK(\"x\")" and c.data_type == "s" for c in sheet["A"])


def test_a_coordinator_saves_a_named_view_everyone_sees(client, coordinator, leader, officer, report_world):
    client.force_login(coordinator)
    response = client.post(reverse("reports:pivot_view_save"), {
        "name": "  Kinh phí  theo loại cơ quan ", "query": "rows=agency_kind&cols=year&measure=money_total&year=2024&junk=1"})
    view = PivotView.objects.get()
    assert view.name == "Kinh phí theo loại cơ quan"
    assert "junk" not in view.query and "rows=agency_kind" in view.query
    assert response.url == view.url
    for user in (leader, officer):
        client.force_login(user)
        page = client.get(URL).content.decode()
        assert "Kinh phí theo loại cơ quan" in page
        assert "Lưu bảng" not in page
    # the name is unique, a bad query is refused, others may not save or delete
    client.force_login(coordinator)
    client.post(reverse("reports:pivot_view_save"), {"name": "Kinh phí theo loại cơ quan", "query": "rows=year"})
    client.post(reverse("reports:pivot_view_save"), {"name": "Khác", "query": "rows=nonsense"})
    assert PivotView.objects.count() == 1
    client.force_login(leader)
    assert client.post(reverse("reports:pivot_view_save"), {"name": "L", "query": "rows=year"}).status_code == 403
    assert client.post(reverse("reports:pivot_view_delete", args=[view.pk])).status_code == 403
    client.force_login(coordinator)
    client.post(reverse("reports:pivot_view_delete", args=[view.pk]))
    assert not PivotView.objects.exists()


def test_queries_do_not_grow_with_the_data(client, leader, report_world, django_assert_max_num_queries):
    client.force_login(leader)
    with django_assert_max_num_queries(25):
        client.get(URL, {"year_from": 2023, "year_to": 2024, "rows": ["district", "category"], "cols": "year"})
