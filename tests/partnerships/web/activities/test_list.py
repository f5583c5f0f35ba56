"""The activity list: filters (in the URL), diacritic-free search, sorting, paging, scoping,
invalid parameters, query counts, and the Excel export of the filtered list."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partnerships.models import Activity, ActivityStatus
from tests.factories import ActivityFactory, CommuneFactory, category

LIST = reverse("partnerships:activity_list")
EXPORT = reverse("partnerships:activity_export")


def titles(response):
    return [a.title for a in response.context["activities"]]


@pytest.fixture
def own(partnership, commune):
    return ActivityFactory(partnership=partnership, commune=commune, title="Hỗ trợ giống bò cho đồng bào Cơ Tu",
                           budget_state=1_250_000, budget_society=0)


@pytest.fixture
def foreign(other_partnership):
    return ActivityFactory(partnership=other_partnership, title="Kéo điện về thôn", category=category("ha-tang"),
                           start_date=datetime.date(2023, 5, 2))


def test_officer_sees_only_own_agency(client, officer, own, foreign):
    client.force_login(officer)
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == [own.title]
    assert "agency" not in response.context["filter"].filters


def test_coordinator_sees_all_and_filters_by_agency(client, coordinator, own, foreign, other_agency):
    client.force_login(coordinator)
    assert sorted(titles(client.get(LIST))) == sorted([own.title, foreign.title])
    assert titles(client.get(LIST, {"agency": other_agency.pk})) == [foreign.title]


def test_search_ignores_diacritics_and_case(client, coordinator, own, foreign):
    client.force_login(coordinator)
    assert titles(client.get(LIST, {"q": "giong bo co tu"})) == [own.title]
    assert titles(client.get(LIST, {"q": "KEO DIEN"})) == [foreign.title]


def test_filters_year_category_status_district_commune(client, coordinator, own, foreign, district, commune):
    client.force_login(coordinator)
    assert titles(client.get(LIST, {"year": 2023})) == [foreign.title]
    assert titles(client.get(LIST, {"category": category("ha-tang").pk})) == [foreign.title]
    assert titles(client.get(LIST, {"district": district.pk})) == [own.title]
    assert titles(client.get(LIST, {"commune": commune.pk})) == [own.title]
    Activity.objects.filter(pk=own.pk).update(status=ActivityStatus.SUBMITTED)
    assert titles(client.get(LIST, {"status": "submitted"})) == [own.title]
    assert titles(client.get(LIST, {"confirmation_status": "pending", "status": "draft"})) == [foreign.title]


def test_district_filter_includes_partnerships_with_its_communes(client, coordinator, agency, district):
    from tests.factories import PartnershipFactory

    commune_partner = PartnershipFactory(agency=agency, unit=CommuneFactory(parent=district))
    activity = ActivityFactory(partnership=commune_partner, title="Lớp tập huấn trồng sâm")
    client.force_login(coordinator)
    assert titles(client.get(LIST, {"district": district.pk})) == [activity.title]


def test_sorting_by_money_both_ways(client, coordinator, partnership, commune):
    for amount in (3_000_000, 1_000_000, 2_000_000):
        ActivityFactory(partnership=partnership, commune=commune, title=f"Hoạt động {amount}",
                        budget_state=amount, budget_society=0, budget_in_kind=0)
    client.force_login(coordinator)
    assert titles(client.get(LIST, {"sort": "money"})) == [
        "Hoạt động 1000000", "Hoạt động 2000000", "Hoạt động 3000000"]
    response = client.get(LIST, {"sort": "-money"})
    assert titles(response) == ["Hoạt động 3000000", "Hoạt động 2000000", "Hoạt động 1000000"]
    # The column header keeps the other filters and offers the opposite direction.
    assert "sort=money" in response.content.decode()


def test_invalid_filter_params_give_a_message_not_an_error(client, coordinator, own):
    client.force_login(coordinator)
    response = client.get(LIST, {"year": "abc", "category": "99999", "status": "bogus", "sort": "'; drop", "page": "x"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Một số điều kiện lọc không hợp lệ" in text
    assert titles(response) == [own.title]


def test_paginated_by_50_with_filters_kept_in_links(client, coordinator, partnership, commune):
    ActivityFactory.create_batch(55, partnership=partnership, commune=commune)
    client.force_login(coordinator)
    response = client.get(LIST, {"status": "draft"})
    assert len(response.context["activities"]) == 50
    assert "status=draft&amp;page=2" in response.content.decode()
    assert len(client.get(LIST, {"status": "draft", "page": 2}).context["activities"]) == 5


@pytest.fixture
def many(partnership):
    """35 activities in 35 communes: enough rows that a query per row would show."""
    return [ActivityFactory(partnership=partnership, commune=CommuneFactory(parent=partnership.unit)) for _ in range(35)]


def test_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, coordinator, many):
    client.force_login(coordinator)
    with django_assert_max_num_queries(11):
        response = client.get(LIST)
    assert len(response.context["activities"]) == 35


def test_export_is_filtered_scoped_and_safe(client, officer, partnership, commune, foreign):
    ActivityFactory(partnership=partnership, commune=commune, title="=HYPERLINK(\"http://x\")",
                    budget_state=1_250_000, budget_society=0, budget_in_kind=500_000, people_reached=30,
                    ethnic_minority_people=12, start_date=datetime.date(2024, 3, 15),
                    end_date=datetime.date(2024, 3, 20))
    ActivityFactory(partnership=partnership, commune=commune, title="Hoạt động năm khác",
                    start_date=datetime.date(2022, 1, 5))
    client.force_login(officer)
    response = client.get(EXPORT, {"year": 2024})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert header[3] == "Tên hoạt động" and "Ngân sách nhà nước (đồng)" in header
    assert len(data) == 1  # the other year and the other agency's activity are left out
    row = dict(zip(header, data[0]))
    assert row["Tên hoạt động"] == "=HYPERLINK(\"http://x\")"  # as typed, a string cell
    assert sheet.cell(2, 4).data_type == "s"
    assert row["Ngân sách nhà nước (đồng)"] == 1_250_000
    assert row["Tổng kinh phí (đồng)"] == 1_750_000
    assert row["Ngày bắt đầu"].date() == datetime.date(2024, 3, 15)
    assert row["Xã thực hiện"] == "Xã A Xan"
    assert row["Trạng thái"] == "Nháp"
    # The names the export looks up by id (category, agency, partner unit) and the end date.
    activity = partnership.activities.get(start_date=datetime.date(2024, 3, 15))
    assert data[0][4:7] == (activity.category.name, partnership.agency.name, partnership.unit.name)
    assert data[0][2].date() == datetime.date(2024, 3, 20)
    money_cell = sheet.cell(row=2, column=header.index("Ngân sách nhà nước (đồng)") + 1)
    assert "#,##0" in money_cell.number_format and "₫" in money_cell.number_format


def test_export_query_count_constant(client, django_assert_max_num_queries, coordinator, many):
    client.force_login(coordinator)
    # Session, user, roles, the filter's units, the count, the rows, and the names of the
    # categories, partnerships and units looked up once per export (not joined per row).
    with django_assert_max_num_queries(9):
        response = client.get(EXPORT)
        content = b"".join(response.streaming_content)
    assert load_workbook(io.BytesIO(content)).active.max_row == 36


def test_conditions_from_a_dashboard_link_are_kept_and_said(client, coordinator, own, foreign, other_partnership):
    client.force_login(coordinator)
    query = "year_from=2023&year_to=2023&statuses=draft&statuses=submitted&partnership=%d" % other_partnership.pk
    response = client.get(f"{LIST}?{query}")
    assert titles(response) == [foreign.title]
    html = response.content.decode()
    assert 'id="linked-conditions"' in html and "từ năm 2023" in html and "Nháp, Chờ duyệt" in html
    # Refining the list keeps them: they travel as hidden fields of the filter form.
    assert '<input type="hidden" name="year_from" value="2023"' in html
    assert 'name="statuses" value="submitted"' in html
    assert titles(client.get(LIST, {"partnership": other_partnership.pk, "statuses": ["approved"]})) == []


def test_a_partnership_out_of_scope_in_the_url_is_not_named(client, officer, own, foreign, other_partnership):
    client.force_login(officer)
    response = client.get(LIST, {"partnership": other_partnership.pk})
    html = response.content.decode()
    assert str(other_partnership) not in html
    assert titles(response) == [own.title]  # the unknown choice is dropped, with a message
