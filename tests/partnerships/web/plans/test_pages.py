"""Annual plans: entering targets (money typed 1.250.000) and plan vs APPROVED results of the year."""

import datetime

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.models import ActivityCategory, AnnualPlan
from tests.factories import ActivityFactory, AgencyFactory, DevelopmentModelFactory, DistrictFactory, PartnershipFactory


def url(name, *args):
    return reverse(f"partnerships:{name}", args=args)


def plan_post(**extra):
    data = {"money_target": "1.250.000", "society_money_target": "250.000", "people_trained_target": "10",
            "jobs_target": "4", "households_out_of_poverty_target": "3", "models_target": "2", "note": "Kế hoạch"}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_officer_enters_plan_with_category_targets(client, officer, partnership):
    model_cat = ActivityCategory.objects.get(code="mo-hinh")
    client.force_login(officer)
    form_page = client.get(url("plan_edit", partnership.pk, 2025))
    active = ActivityCategory.objects.filter(is_active=True).count()
    assert len(form_page.context["form"].category_rows()) == active
    response = client.post(url("plan_edit", partnership.pk, 2025), plan_post(**{f"cat_{model_cat.pk}": "3"}))
    assert response.status_code == 302
    plan = AnnualPlan.objects.get(partnership=partnership, year=2025)
    assert plan.money_target == 1_250_000 and plan.society_money_target == 250_000
    assert plan.category_targets.get(category=model_cat).activities_target == 3
    assert plan.history.first().history_user == officer
    # The form comes back with the money the Vietnamese way.
    again = client.get(url("plan_edit", partnership.pk, 2025)).content.decode()
    assert 'value="1.250.000"' in again


@pytest.mark.django_db
def test_plan_form_errors_keep_input(client, officer, partnership):
    client.force_login(officer)
    response = client.post(
        url("plan_edit", partnership.pk, 2025),
        plan_post(money_target="1.000.000", society_money_target="2.000.000", jobs_target="-1"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Kinh phí xã hội hóa không được lớn hơn tổng kinh phí dự kiến." in errors["society_money_target"]
    assert "jobs_target" in errors
    assert 'value="2.000.000"' in response.content.decode()
    bad_money = client.post(url("plan_edit", partnership.pk, 2025), plan_post(money_target="1,2 triệu"))
    assert "Số tiền tính bằng đồng, không có phần lẻ; dấu chấm ngăn cách hàng nghìn, ví dụ 1.250.000." in bad_money.context["form"].errors["money_target"]
    negative = client.post(url("plan_edit", partnership.pk, 2025), plan_post(money_target="-5.000"))
    assert "Số tiền không được âm." in negative.context["form"].errors["money_target"]
    assert not AnnualPlan.objects.exists()


@pytest.fixture
def results_2025(partnership, commune):
    """Hand-made figures for 2025: what counts and what must not."""
    model_cat = ActivityCategory.objects.get(code="mo-hinh")
    gifts = ActivityCategory.objects.get(code="tham-hoi")
    services.plan_save(
        actor=_writer(partnership), partnership=partnership, year=2025,
        money_target=100_000_000, society_money_target=40_000_000, people_trained_target=20, jobs_target=10,
        households_out_of_poverty_target=5, models_target=2, category_targets={model_cat: 4, gifts: 1},
    )
    common = {"partnership": partnership, "commune": commune}
    ActivityFactory(**common, category=model_cat, start_date=datetime.date(2025, 2, 1), status="approved",
                    budget_state=30_000_000, budget_society=10_000_000, budget_in_kind=5_000_000,
                    people_trained=8, jobs_created=3, households_out_of_poverty=2)
    ActivityFactory(**common, category=model_cat, start_date=datetime.date(2025, 11, 30), status="approved",
                    budget_state=0, budget_society=20_000_000, budget_in_kind=0, people_trained=4, jobs_created=2)
    ActivityFactory(**common, category=gifts, start_date=datetime.date(2025, 1, 10), status="approved",
                    budget_state=5_000_000, budget_society=0)
    # Not counted: a submitted one, a draft, an approved one of 2024.
    ActivityFactory(**common, category=model_cat, start_date=datetime.date(2025, 3, 1), status="submitted",
                    budget_state=99_000_000)
    ActivityFactory(**common, category=model_cat, start_date=datetime.date(2025, 3, 1), budget_state=99_000_000)
    ActivityFactory(**common, category=model_cat, start_date=datetime.date(2024, 12, 31), status="approved",
                    budget_state=99_000_000, people_trained=50)
    DevelopmentModelFactory(partnership=partnership, commune=commune, started_on=datetime.date(2025, 4, 1))
    DevelopmentModelFactory(partnership=partnership, commune=commune, started_on=datetime.date(2023, 4, 1))
    return partnership


def _writer(partnership):
    from partnerships.access.roles import Role
    from tests.factories import UserFactory

    return UserFactory(username="plan-writer", agency=partnership.agency, role=Role.OFFICER)


@pytest.mark.django_db
def test_plan_vs_results_against_hand_computed_figures(client, officer, results_2025):
    client.force_login(officer)
    response = client.get(url("plan_results", results_2025.pk, 2025))
    row = response.context["row"]
    figures = {f.label: (f.target, f.result) for f in row.figures}
    assert figures["Kinh phí hỗ trợ (tổng)"] == (100_000_000, 70_000_000)  # 45 + 20 + 5 millions
    assert figures["Trong đó xã hội hóa"] == (40_000_000, 30_000_000)
    assert figures["Số người được đào tạo, bồi dưỡng"] == (20, 12)
    assert figures["Số việc làm tạo ra"] == (10, 5)
    assert figures["Số hộ thoát nghèo"] == (5, 2)
    assert figures["Số mô hình xây dựng, nhân rộng"] == (2, 1)
    assert row.figures[0].ratio == pytest.approx(0.7)
    categories = {f.label: (f.target, f.result) for f in row.categories}
    assert categories["Xây dựng, duy trì, phát triển và nhân rộng mô hình kinh tế - xã hội"] == (4, 2)
    assert categories["Thăm hỏi, tặng quà"] == (1, 1)
    assert row.activities == 3
    page = response.content.decode()
    assert "70.000.000\u00a0₫" in page and "70\u00a0%" in page


@pytest.mark.django_db
def test_plan_list_for_year_with_constant_queries(client, coordinator, results_2025, django_assert_max_num_queries):
    for n in range(32):
        p = PartnershipFactory(agency=AgencyFactory(), unit=DistrictFactory())
        services.plan_save(actor=coordinator, partnership=p, year=2025, money_target=10_000_000)
        ActivityFactory(partnership=p, start_date=datetime.date(2025, 5, 5), status="approved")
    client.force_login(coordinator)
    with django_assert_max_num_queries(16):  # filters: 2; a per-row query would add 33
        response = client.get(url("plan_list"), {"year": 2025})
    rows = {row.partnership.pk: row for row in response.context["rows"]}
    assert len(rows) == 33
    assert rows[results_2025.pk].money.result == 70_000_000
    others = [row for pk, row in rows.items() if pk != results_2025.pk]
    assert all(row.money.result == 15_000_000 and row.money.target == 10_000_000 for row in others)


@pytest.mark.django_db
def test_officer_plan_list_shows_only_own_agency(client, officer, partnership, other_partnership):
    client.force_login(officer)
    response = client.get(url("plan_list"), {"year": 2025})
    assert [row.partnership for row in response.context["rows"]] == [partnership]
    assert response.context["rows"][0].plan is None


@pytest.mark.django_db
def test_years_are_written_as_years_not_numbers(client, officer, partnership):
    """USE_THOUSAND_SEPARATOR must not turn 2025 into 2.025 in titles, lists or the plan's history."""
    services.plan_save(actor=officer, partnership=partnership, year=2025, money_target=1_000_000)
    client.force_login(officer)
    for path in (url("plan_results", partnership.pk, 2025), url("plan_edit", partnership.pk, 2025),
                 url("plan_list") + "?year=2025", url("partnership_detail", partnership.pk)):
        page = client.get(path).content.decode()
        assert "2025" in page and "2.025" not in page, path


@pytest.mark.django_db
def test_plan_list_filters_by_agency_and_district(client, coordinator, partnership, other_partnership):
    client.force_login(coordinator)
    by_agency = client.get(url("plan_list"), {"year": 2025, "agency": other_partnership.agency.pk})
    assert [row.partnership for row in by_agency.context["rows"]] == [other_partnership]
    by_district = client.get(url("plan_list"), {"year": 2025, "district": partnership.unit.pk})
    assert [row.partnership for row in by_district.context["rows"]] == [partnership]


@pytest.mark.django_db
def test_no_plan_outside_the_partnership_years(client, coordinator, partnership):
    """An ended partnership takes no plan for a year after it ended, nor any before it was signed,
    even through a typed URL; the years it ran stay editable for corrections."""
    services.partnership_end(actor=coordinator, partnership=partnership, ended_on=datetime.date(2023, 6, 30),
                             reason="Sáp nhập đơn vị")
    client.force_login(coordinator)
    for year in (2024, 2020):
        response = client.post(url("plan_edit", partnership.pk, year), plan_post())
        assert response.status_code == 200
        assert "nằm ngoài thời gian kết nghĩa" in response.content.decode()
    assert not AnnualPlan.objects.exists()
    assert client.post(url("plan_edit", partnership.pk, 2023), plan_post()).status_code == 302
    assert AnnualPlan.objects.filter(partnership=partnership, year=2023).exists()
