"""Report selectors against figures computed by hand on `report_world` (tests/reports/conftest.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test.utils import CaptureQueriesContext

from reports import selectors as s
from reports.selectors import ReportFilter
from tests.factories import ActivityFactory, CommuneFactory, DistrictFactory, PartnershipFactory, category

from tests.reports.conftest import M

Y2024 = ReportFilter.for_year(2024)


def test_filter_previous_period_has_equal_length():
    assert ReportFilter.for_year(2024).previous() == ReportFilter.for_year(2023)
    f = ReportFilter(year_from=2023, year_to=2025, district_code="504", include_submitted=True)
    assert f.previous() == ReportFilter(year_from=2020, year_to=2022, district_code="504", include_submitted=True)


@pytest.mark.django_db
def test_filter_from_querydata_round_trips_and_rejects_bad_input(report_world):
    f = ReportFilter(year_from=2022, year_to=2024, district_code="504", agency_kind="enterprise",
                     category_code="mo-hinh", include_submitted=True, agency_id=report_world.a.pk,
                     commune_code="20333")
    assert ReportFilter.from_querydata(f.as_querydict()) == f
    assert ReportFilter.from_querydata({}, default_year=2024) == Y2024
    assert ReportFilter.from_querydata({"year": "2024", "year_from": "2001"}) == Y2024
    for bad, message in [
        ({"year": "abc"}, "Năm phải là một số"),
        ({"year": "1900"}, "Năm phải từ 2000"),
        ({"year_from": "2025", "year_to": "2024"}, "Năm bắt đầu phải trước"),
        ({"year_from": "2000", "year_to": "2099"}, "tối đa là 30 năm"),
        ({"year": "2024", "district": "99999"}, "Không có huyện với mã này"),
        ({"year": "2024", "district": "20333"}, "Không có huyện với mã này"),  # a commune's code
        ({"year": "2024", "category": "khong-co"}, "Không có loại hoạt động"),
        ({"year": "2024", "agency_kind": "alien"}, "Loại cơ quan, đơn vị không hợp lệ"),
    ]:
        with pytest.raises(ValidationError) as caught:
            ReportFilter.from_querydata(bad)
        assert any(message in m for m in caught.value.messages), (bad, caught.value.messages)


@pytest.mark.django_db
def test_key_figures_for_a_year(report_world):
    k = s.key_figures(Y2024)
    assert k["activities"] == 3  # a1, a2, a3 (a4 submitted, a5 draft, a6/a7 in 2023)
    assert (k["money_state"], k["money_society"], k["money_in_kind"]) == (12 * M, 25 * M, 1 * M)
    assert k["money_total"] == 38 * M
    assert k["substantive_count"] == 2 and k["substantive_share_count"] == pytest.approx(2 / 3)
    assert k["substantive_money"] == 35 * M and k["substantive_share_money"] == pytest.approx(35 / 38)
    assert (k["people_trained"], k["jobs_created"], k["households_out_of_poverty"]) == (13, 7, 1)
    assert k["active_partnerships"] == 3  # P1, P2, P3 (P4 ended in 2022)
    assert (k["agencies"], k["districts_reached"], k["communes_reached"]) == (2, 1, 2)
    assert (k["confirmed_activities"], k["disputed_activities"]) == (1, 1)
    assert (k["models_built"], k["models_replicated"]) == (1, 1)


@pytest.mark.django_db
def test_include_submitted_adds_submitted_but_never_drafts(report_world):
    k = s.key_figures(ReportFilter.for_year(2024, include_submitted=True))
    assert k["activities"] == 4
    assert k["money_total"] == 42 * M
    assert k["substantive_share_count"] == pytest.approx(2 / 4)
    assert k["substantive_share_money"] == pytest.approx(35 / 42)
    assert s.activities(ReportFilter.for_year(2024, include_submitted=True)).filter(pk=report_world.a5.pk).count() == 0


@pytest.mark.django_db
def test_key_figures_with_change_against_the_previous_year(report_world):
    figures = {f.key: f for f in s.key_figures_with_change(Y2024)}
    assert (figures["activities"].value, figures["activities"].previous) == (3, 2)
    assert figures["activities"].change == pytest.approx(0.5)
    assert figures["money_total"].previous == 10 * M and figures["money_total"].change == pytest.approx(2.8)
    share = figures["substantive_share_money"]
    assert share.kind == "share" and share.previous == pytest.approx(0.8)
    assert share.change == pytest.approx(35 / 38 - 0.8)  # percentage points, not a ratio
    assert figures["active_partnerships"].previous == 2  # P3 was signed in 2024
    assert figures["people_trained"].previous == 0 and figures["people_trained"].change is None
    assert [f.key for f in s.key_figures_with_change(Y2024)] == [key for key, *_ in s.FIGURES]


@pytest.mark.django_db
def test_filters_district_agency_kind_and_category(report_world):
    assert s.key_figures(ReportFilter.for_year(2024, district_code="516"))["activities"] == 0
    assert s.key_figures(ReportFilter.for_year(2024, district_code="504"))["activities"] == 3
    enterprise = s.key_figures(ReportFilter.for_year(2024, agency_kind="enterprise"))
    assert (enterprise["activities"], enterprise["money_total"], enterprise["active_partnerships"]) == (1, 20 * M, 1)
    visits = s.key_figures(ReportFilter.for_year(2024, category_code="tham-hoi"))
    assert (visits["activities"], visits["money_total"], visits["substantive_share_count"]) == (1, 3 * M, 0)


@pytest.mark.django_db
def test_by_category_sets_substantive_apart(report_world):
    rows = s.by_category(Y2024)
    by_code = {r["code"]: r for r in rows}
    assert (by_code["mo-hinh"]["count"], by_code["mo-hinh"]["money_total"]) == (1, 15 * M)
    assert (by_code["dao-tao-nghe"]["count"], by_code["dao-tao-nghe"]["money_society"]) == (1, 20 * M)
    assert (by_code["tham-hoi"]["count"], by_code["tham-hoi"]["money_in_kind"]) == (1, 1 * M)
    assert by_code["an-sinh"]["count"] == 0  # every active category is listed
    flags = [r["is_substantive"] for r in rows]
    assert flags == sorted(flags, reverse=True)  # substantive first
    assert sum(r["count"] for r in rows) == 3


@pytest.mark.django_db
def test_by_district_trend_and_money_by_source(report_world):
    [row] = s.by_district(Y2024)
    assert (row["code"], row["count"], row["money_total"], row["substantive_count"]) == ("504", 3, 38 * M, 2)
    trend = s.trend_by_year(ReportFilter(year_from=2022, year_to=2024))
    assert [(r["year"], r["count"], r["money_total"]) for r in trend] == [(2022, 0, 0), (2023, 2, 10 * M),
                                                                           (2024, 3, 38 * M)]
    assert trend[1]["substantive_share_money"] == pytest.approx(0.8)
    assert s.money_by_source(Y2024) == {"money_state": 12 * M, "money_society": 25 * M, "money_in_kind": 1 * M,
                                        "money_total": 38 * M}


@pytest.mark.django_db
def test_district_category_matrix(report_world):
    matrix = s.district_category_matrix(Y2024)
    codes = [c.code for c in matrix["categories"]]
    [row] = matrix["rows"]
    assert row["district"] == report_world.d1 and (row["count"], row["money_total"]) == (3, 38 * M)
    assert row["cells"][codes.index("mo-hinh")] == {"count": 1, "money_total": 15 * M}
    assert row["cells"][codes.index("an-sinh")] == {"count": 0, "money_total": 0}
    assert matrix["totals"][codes.index("tham-hoi")] == {"count": 1, "money_total": 3 * M}


@pytest.mark.django_db
def test_coverage_gaps(report_world):
    w = report_world
    gaps = s.coverage_gaps(Y2024)
    # C4 (especially difficult) lies in Nam Trà My, whose partnership ended in 2022; C5 was merged
    # before 2024; C3 is not a target commune.
    assert gaps["communes_without_partner"] == [w.c4]
    assert gaps["communes_without_activity"] == [w.c3]  # P3 twins with it, nothing done
    assert gaps["partnerships_without_activity"] == [w.p3]
    assert gaps["agencies_without_activity"] == [w.z]
    # In 2022 P4 still covered Nam Trà My, and the merged commune still existed (covered too).
    assert s.coverage_gaps(ReportFilter.for_year(2022))["communes_without_partner"] == []
    # With a category, "activity" means an activity of that category.
    training = s.coverage_gaps(ReportFilter.for_year(2024, category_code="dao-tao-nghe"))
    assert training["partnerships_without_activity"] == [w.p1, w.p3]
    assert training["agencies_without_activity"] == [w.a, w.z]


@pytest.mark.django_db
def test_agency_rows_hold_results_against_plans(report_world):
    w = report_world
    rows = {r["agency"]: r for r in s.agency_rows(Y2024)}
    assert set(rows) == {w.a, w.b, w.z}
    a = rows[w.a]
    assert (a["partnerships"], a["count"], a["money_total"], a["confirmed"]) == (1, 2, 18 * M, 1)
    assert a["plan"]["money_target"] == 36 * M and a["plan_progress"]["money"] == pytest.approx(0.5)
    assert a["plan_progress"]["people_trained"] == pytest.approx(0.5)
    assert (a["models_built"], a["models_replicated"]) == (1, 1)
    assert (rows[w.b]["count"], rows[w.b]["disputed"], rows[w.b]["plan"]["plans"]) == (1, 1, 0)
    assert rows[w.b]["plan_progress"]["money"] is None
    assert (rows[w.z]["partnerships"], rows[w.z]["count"]) == (1, 0)


@pytest.mark.django_db
def test_models_summary(report_world):
    w = report_world
    summary = s.models_summary(Y2024)
    assert (summary["models_built"], summary["models_replicated"]) == (1, 1)
    models = {m: m for m in summary["models"]}
    assert set(models) == {w.m1, w.m2}
    assert models[w.m1].replica_count == 1 and models[w.m2].replicated_from == w.m1


@pytest.mark.django_db
def test_scope_officer_sees_only_their_agency_leader_sees_all(report_world, officer, leader, focal_point):
    assert s.key_figures(Y2024, leader)["activities"] == 3
    mine = s.key_figures(Y2024, officer)
    assert (mine["activities"], mine["money_total"], mine["active_partnerships"]) == (2, 18 * M, 1)
    assert {r["agency"] for r in s.agency_rows(Y2024, officer)} == {report_world.a}
    assert s.coverage_gaps(Y2024, officer)["agencies_without_activity"] == []
    # The focal point of Xã A Xan sees the work done there (a1, a2), not Xã Lăng's.
    assert s.key_figures(Y2024, focal_point)["activities"] == 2


def _queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_data(report_world):
    def everything():
        s.key_figures_with_change(Y2024)
        s.by_category(Y2024)
        s.by_district(Y2024)
        s.district_category_matrix(Y2024)
        s.trend_by_year(ReportFilter(year_from=2021, year_to=2024))
        s.money_by_source(Y2024)
        s.coverage_gaps(Y2024)
        s.agency_rows(Y2024)
        s.models_summary(Y2024)

    before = _queries(everything)
    for n in range(6):  # more districts, communes, partnerships, categories and activities
        district = DistrictFactory()
        p = PartnershipFactory(unit=district)
        for code in ("an-sinh", "ha-tang", "nha-tinh-nghia"):
            ActivityFactory.create_batch(2, partnership=p, commune=CommuneFactory(parent=district),
                                         category=category(code), status="approved")
    assert s.key_figures(Y2024)["activities"] == 3 + 36
    assert _queries(everything) == before


@pytest.mark.django_db
def test_summary_figures_equal_raw_aggregates(report_world):
    for f in [ReportFilter.for_year(2024), ReportFilter(year_from=2023, year_to=2024, include_submitted=True),
              ReportFilter.for_year(2024, district_code="504", category_code="mo-hinh")]:
        raw = s.activities(f).aggregate(
            count=Count("pk"), state=Sum("budget_state"), communes=Count("commune", distinct=True),
            substantive=Count("pk", filter=Q(category__is_substantive=True)),
        )
        figures = s.key_figures(f)
        assert (figures["activities"], figures["money_state"], figures["communes_reached"],
                figures["substantive_count"]) == (raw["count"], raw["state"] or 0, raw["communes"],
                                                  raw["substantive"])


@pytest.mark.django_db
def test_drill_down_criteria_agency_and_commune(report_world):
    w = report_world
    snn = s.key_figures(ReportFilter.for_year(2024, agency_id=w.a.pk))
    assert (snn["activities"], snn["money_total"], snn["active_partnerships"]) == (2, 18 * M, 1)
    lang = ReportFilter.for_year(2024, commune_code="20336")  # Xã Lăng: a3 under P2
    assert s.key_figures(lang)["activities"] == 1
    assert list(s.activities(lang)) == [w.a3]
    # Partnerships covering Xã Lăng: P2 with the commune, P1 with its district.
    assert set(s.partnerships(lang)) == {w.p1, w.p2}
    assert [m.name for m in s.development_models(lang)] == ["Nhân rộng nuôi bò"]


@pytest.mark.django_db
def test_by_commune_and_plans_by_year(report_world):
    rows = s.by_commune(ReportFilter.for_year(2024))
    assert [(r["commune"].name, r["count"], r["money_total"]) for r in rows] == [("Xã A Xan", 2, 18 * M),
                                                                                 ("Xã Lăng", 1, 20 * M)]
    history = s.plans_by_year(ReportFilter(year_from=2023, year_to=2024, agency_id=report_world.a.pk))
    assert [(y["year"], y["plan"]["money_target"], y["result"]["money_total"], y["models_built"]) for y in history] == [
        (2023, 0, 8 * M, 0), (2024, 36 * M, 18 * M, 1)]


@pytest.mark.django_db
def test_activity_list_url_speaks_the_list_filters(report_world):
    from urllib.parse import parse_qs, urlsplit

    w = report_world
    url = s.activity_list_url(ReportFilter.for_year(2024, district_code="504", category_code="mo-hinh",
                                                     agency_id=w.a.pk))
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert params == {"year": "2024", "status": "approved", "district": str(w.d1.pk),
                      "category": str(category("mo-hinh").pk), "agency": str(w.a.pk)}
    both = s.activity_list_url(ReportFilter(year_from=2023, year_to=2024, include_submitted=True, agency_kind="state"))
    params = parse_qs(urlsplit(both).query)
    assert params == {"year_from": ["2023"], "year_to": ["2024"], "statuses": ["approved", "submitted"],
                      "agency_kind": ["state"]}


@pytest.mark.django_db
@pytest.mark.parametrize("period", [
    dict(year_from=2023, year_to=2024),
    dict(year_from=2023, year_to=2024, include_submitted=True),
    dict(year_from=2024, year_to=2024, include_submitted=True, agency_kind="state"),
])
def test_a_figures_list_holds_exactly_the_counted_rows(client, leader, report_world, period):
    """Ranges, submitted-included and agency kinds too: the list behind a figure is the figure."""
    f = ReportFilter(**period)
    client.force_login(leader)
    listed = client.get(s.activity_list_url(f))
    assert listed.status_code == 200
    shown = {a.pk for a in listed.context["page_obj"].object_list}
    assert shown == set(s.activities(f, leader).values_list("pk", flat=True))
    assert shown and len(shown) == s.key_figures(f, leader)["activities"]
