"""Reports across the 1 July 2025 reform, in both geographies: "as recorded" (each activity at the
unit valid on its date) and "as of today" (old units' work mapped forward through the successor
map). Every total is the same under both; only where the work is placed changes."""

import datetime
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships import geography
from partnerships.models import ActivityStatus as S
from partnerships.models import AdministrativeUnit, PartnershipStatus, UnitSuccession
from partnerships.models.units import AdministrativeUnit as Unit
from reports import selectors
from reports.filters import ReportFilter
from tests.factories import ActivityFactory, AgencyFactory, PartnershipFactory, category

M = 1_000_000
D = datetime.date
END, START = D(2025, 6, 30), D(2025, 7, 1)
Level = Unit.Level
ENDED = PartnershipStatus.ENDED
TODAY, RECORDED = geography.AS_OF_TODAY, geography.AS_RECORDED


class World:
    pass


def _unit(code, name, level, parent=None, **kw):
    return AdministrativeUnit.objects.create(code=code, name=name, level=level, parent=parent, **kw)


@pytest.fixture
def reform(db):
    """Old Quảng Nam (two districts) and old Đà Nẵng (one district with the split Hòa Liên),
    ending 30/06/2025; the new city 48 from 01/07/2025, whose Xã Hùng Sơn reuses A Xan's code.

    Approved work: 2024: A Xan 10M, Ch'ơm 5M (P1, Tây Giang), district-wide 1M (P1), Tà Bhing 3M
    (P2), Hòa Liên 2M (P3). 2025 before the reform: A Xan 4M, Tà Bhing 2M (on 30/06). After it:
    Hùng Sơn 6M (on 01/07), Nam Giang 1M, Liên Chiểu 7M. 2026: Hùng Sơn 8M, Liên Chiểu 9M.
    """
    w = World()
    w.qn = _unit("49", "Tỉnh Quảng Nam", Level.PROVINCE, valid_to=END)
    w.dn = _unit("48", "Thành phố Đà Nẵng", Level.PROVINCE, valid_to=END)
    w.d1 = _unit("504", "Huyện Tây Giang", Level.DISTRICT, w.qn, valid_to=END)
    w.d2 = _unit("510", "Huyện Nam Giang", Level.DISTRICT, w.qn, valid_to=END)
    w.d3 = _unit("497", "Huyện Hòa Vang", Level.DISTRICT, w.dn, valid_to=END)
    w.c1 = _unit("20443", "Xã A Xan", Level.COMMUNE, w.d1, valid_to=END, is_mountainous=True)
    w.c2 = _unit("20437", "Xã Ch'ơm", Level.COMMUNE, w.d1, valid_to=END, is_mountainous=True)
    w.c3 = _unit("20500", "Xã Tà Bhing", Level.COMMUNE, w.d2, valid_to=END, is_mountainous=True)
    w.c4 = _unit("20296", "Xã Hòa Liên", Level.COMMUNE, w.d3, valid_to=END)
    w.city = _unit("48", "Thành phố Đà Nẵng", Level.PROVINCE, valid_from=START)
    w.n1 = _unit("20443", "Xã Hùng Sơn", Level.COMMUNE, w.city, valid_from=START, is_mountainous=True)
    w.n2 = _unit("20501", "Xã Nam Giang", Level.COMMUNE, w.city, valid_from=START, is_mountainous=True)
    w.n3 = _unit("20197", "Phường Liên Chiểu", Level.COMMUNE, w.city, valid_from=START)
    w.n4 = _unit("20194", "Phường Hải Vân", Level.COMMUNE, w.city, valid_from=START)
    arrows = [(w.c1, w.n1, True), (w.c2, w.n1, True), (w.c3, w.n2, True), (w.c4, w.n3, True), (w.c4, w.n4, False),
              (w.d1, w.n1, True), (w.d2, w.n2, True), (w.d3, w.n3, False), (w.d3, w.n4, False),
              (w.qn, w.city, True), (w.dn, w.city, True)]
    for old, new, is_main in arrows:
        UnitSuccession.objects.create(predecessor=old, successor=new, effective_on=START, is_main=is_main)
    geography.link_units_forward()

    w.a, w.b, w.c = (AgencyFactory(name=n) for n in ("Sở Nông nghiệp", "Sở Y tế", "Công ty Điện lực"))
    w.p1 = PartnershipFactory(agency=w.a, unit=w.d1, signed_on=D(2021, 10, 1), ended_on=END, status=ENDED, end_reason="Sắp xếp đơn vị hành chính")
    w.p2 = PartnershipFactory(agency=w.b, unit=w.c3, signed_on=D(2021, 10, 1), ended_on=END, status=ENDED, end_reason="Sắp xếp đơn vị hành chính")
    w.p3 = PartnershipFactory(agency=w.c, unit=w.c4, signed_on=D(2021, 10, 1), ended_on=END, status=ENDED, end_reason="Sắp xếp đơn vị hành chính")
    w.q1 = PartnershipFactory(agency=w.a, unit=w.n1, signed_on=START)
    w.q2 = PartnershipFactory(agency=w.b, unit=w.n2, signed_on=START)
    w.q3 = PartnershipFactory(agency=w.c, unit=w.n3, signed_on=START)

    def act(p, commune, money, start, cat="mo-hinh", **kw):
        return ActivityFactory(partnership=p, commune=commune, category=category(cat), status=S.APPROVED,
                               start_date=start, budget_state=money, budget_society=0, budget_in_kind=0, **kw)

    act(w.p1, w.c1, 10 * M, D(2024, 3, 1), people_trained=4)
    act(w.p1, w.c2, 5 * M, D(2024, 4, 1), cat="tham-hoi")
    act(w.p1, None, 1 * M, D(2024, 5, 1))
    act(w.p2, w.c3, 3 * M, D(2024, 6, 1), jobs_created=2)
    act(w.p3, w.c4, 2 * M, D(2024, 7, 1))
    act(w.p1, w.c1, 4 * M, D(2025, 3, 1))
    act(w.p2, w.c3, 2 * M, END, cat="tham-hoi")
    act(w.q1, w.n1, 6 * M, START, people_trained=3)
    act(w.q2, w.n2, 1 * M, D(2025, 9, 1))
    act(w.q3, w.n3, 7 * M, D(2025, 10, 1))
    act(w.q1, w.n1, 8 * M, D(2026, 2, 1))
    act(w.q3, w.n3, 9 * M, D(2026, 3, 1), jobs_created=1)
    return w


PERIODS = {
    "2024": ReportFilter.for_year(2024),
    "2025": ReportFilter.for_year(2025),
    "2026": ReportFilter.for_year(2026),
    "2021-2026": ReportFilter(year_from=2021, year_to=2026),
}
# Figures that count places: the number of distinct communes depends on the map they are counted on.
PLACE_COUNTS = {"communes_reached"}


def both(f):
    return replace(f, geography=RECORDED), replace(f, geography=TODAY)


def _sums(rows, keys=("count", "money_total", "people_trained", "jobs_created")):
    return {k: sum(r[k] for r in rows) for k in keys}


def test_link_units_forward_maps_old_communes_to_their_main_successor(reform):
    w = reform
    units = AdministrativeUnit.objects.in_bulk()
    assert units[w.c1.pk].current_unit_id == w.n1.pk
    assert units[w.c4.pk].current_unit_id == w.n3.pk  # split: the main part
    assert units[w.d1.pk].current_unit_id is None  # a district has no main successor
    assert units[w.n1.pk].current_unit_id is None  # still in force
    assert units[w.n1.pk].former_district_id == w.d1.pk
    assert units[w.n3.pk].former_district_id == w.d3.pk
    assert units[w.c1.pk].former_district_id is None  # it has a district above it
    assert geography.link_units_forward() == 0  # nothing left to change


@pytest.mark.parametrize("period", PERIODS)
def test_every_key_figure_is_the_same_in_both_geographies(reform, period):
    recorded, today = (selectors.key_figures(f) for f in both(PERIODS[period]))
    for key, value in recorded.items():
        if key not in PLACE_COUNTS:
            assert today[key] == value, key


def test_communes_reached_counts_a_merged_commune_once_as_of_today(reform):
    recorded, today = (selectors.key_figures(f) for f in both(PERIODS["2025"]))
    # A Xan, Tà Bhing (before 1 July), Hùng Sơn, Nam Giang, Liên Chiểu (after).
    assert recorded["communes_reached"] == 5
    assert today["communes_reached"] == 3
    assert recorded["districts_reached"] == today["districts_reached"] == 3


def test_the_straddling_year_counts_both_halves_once(reform):
    figures = selectors.key_figures(PERIODS["2025"])
    assert figures["activities"] == 5
    assert figures["money_total"] == (4 + 2 + 6 + 1 + 7) * M
    halves = [
        selectors.activities(PERIODS["2025"]).filter(start_date__lte=END).count(),
        selectors.activities(PERIODS["2025"]).filter(start_date__gte=START).count(),
    ]
    assert halves == [2, 3]


@pytest.mark.parametrize("period", PERIODS)
def test_every_breakdown_has_the_same_totals_in_both_geographies(reform, period):
    recorded, today = both(PERIODS[period])
    for selector in (selectors.by_district, selectors.by_category, selectors.by_commune, selectors.agency_rows):
        assert _sums(selector(recorded)) == _sums(selector(today)), selector.__name__
    assert _sums(selectors.trend_by_year(recorded)) == _sums(selectors.trend_by_year(today))
    assert selectors.money_by_source(recorded) == selectors.money_by_source(today)
    matrices = [selectors.district_category_matrix(f) for f in (recorded, today)]
    assert matrices[0]["totals"] == matrices[1]["totals"]


@pytest.mark.parametrize("geo", [RECORDED, TODAY])
def test_a_range_is_the_sum_of_its_years_for_every_summed_figure(reform, geo):
    whole = selectors.key_figures(ReportFilter(year_from=2021, year_to=2026, geography=geo))
    years = [selectors.key_figures(ReportFilter.for_year(y, geography=geo)) for y in range(2021, 2027)]
    summed = ["activities", "money_total", "money_state", "money_society", "money_in_kind", "substantive_count",
              "substantive_money", "people_trained", "jobs_created", "confirmed_activities", "models_built"]
    for key in summed:
        assert whole[key] == sum(y[key] for y in years), key
    assert whole["money_total"] == 58 * M


def test_2025_by_commune_as_recorded_shows_both_generations(reform):
    w = reform
    rows = {r["commune"].pk: r for r in selectors.by_commune(PERIODS["2025"])}
    assert {pk: r["money_total"] for pk, r in rows.items()} == {
        w.c1.pk: 4 * M, w.c3.pk: 2 * M, w.n1.pk: 6 * M, w.n2.pk: 1 * M, w.n3.pk: 7 * M
    }
    assert rows[w.c1.pk]["until"] == END and rows[w.n1.pk]["until"] is None
    assert rows[w.n1.pk]["district_label"] == "Khu vực huyện Tây Giang cũ"


def test_2025_by_commune_as_of_today_maps_old_work_to_the_new_communes(reform):
    w = reform
    rows = {r["commune"].pk: r["money_total"] for r in selectors.by_commune(replace(PERIODS["2025"], geography=TODAY))}
    assert rows == {w.n1.pk: 10 * M, w.n2.pk: 3 * M, w.n3.pk: 7 * M}


def test_a_split_communes_work_goes_to_its_main_successor_and_is_named(reform):
    w = reform
    f = replace(PERIODS["2024"], geography=TODAY)
    rows = {r["commune"].pk: r["money_total"] for r in selectors.by_commune(f)}
    assert rows[w.n3.pk] == 2 * M and w.n4.pk not in rows
    assert selectors.mapped_from_split(f) == [(w.c4, w.n3)]
    assert selectors.mapped_from_split(replace(f, geography=RECORDED)) == []


def test_2026_districts_are_the_former_districts_areas(reform):
    rows = {r["code"]: r for r in selectors.by_district(PERIODS["2026"])}
    assert {c: r["money_total"] for c, r in rows.items()} == {"504": 8 * M, "497": 9 * M}
    assert rows["504"]["label"] == "Khu vực huyện Tây Giang cũ"
    assert selectors.by_district(PERIODS["2024"])[0]["label"] in {"Huyện Hòa Vang", "Huyện Nam Giang", "Huyện Tây Giang"}
    # The district filter follows the area across the reform.
    tay_giang = selectors.key_figures(ReportFilter(year_from=2021, year_to=2026, district_code="504"))
    assert tay_giang["money_total"] == (10 + 5 + 1 + 4 + 6 + 8) * M


def test_a_reused_commune_code_is_read_by_the_period(reform):
    def money(**kw):
        return selectors.key_figures(ReportFilter(**kw))["money_total"]

    assert money(year_from=2024, year_to=2024, commune_code="20443") == 10 * M  # A Xan
    assert money(year_from=2026, year_to=2026, commune_code="20443") == 8 * M  # Hùng Sơn
    # As of today Hùng Sơn carries A Xan's and Ch'ơm's work too.
    assert money(year_from=2021, year_to=2026, commune_code="20443") == 14 * M
    assert money(year_from=2021, year_to=2026, commune_code="20443", geography=TODAY) == (10 + 5 + 4 + 6 + 8) * M


def test_coverage_gaps_read_the_units_valid_in_the_period(reform):
    w = reform
    gaps = selectors.coverage_gaps(PERIODS["2026"])
    listed = set(gaps["communes_without_partner"]) | set(gaps["communes_without_activity"])
    assert all(u.valid_from == START for u in listed)
    assert w.n2 in gaps["communes_without_activity"]  # partner, nothing in 2026
    old = selectors.coverage_gaps(PERIODS["2024"])
    assert all(u.valid_to == END for u in old["communes_without_activity"] + old["communes_without_partner"])


def test_the_filter_reads_and_writes_the_geography(reform):
    f = ReportFilter.from_querydata({"year": "2025", "geography": "today"})
    assert f.as_of_today and f.as_querydict()["geography"] == "today"
    assert "geography" not in ReportFilter.from_querydata({"year": "2025"}).as_querydict()
    with pytest.raises(Exception) as error:
        ReportFilter.from_querydata({"year": "2025", "geography": "tomorrow"})
    assert "Chọn địa giới khi ghi nhận hoặc địa giới hiện nay." in str(error.value)
    with pytest.raises(Exception) as error:
        ReportFilter.from_querydata({"year": "2025", "commune": "99999"})
    assert "Không có xã với mã này." in str(error.value)


def _dashboard_queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:dashboard"), params)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("params", [{"year": "2025"}, {"year_from": "2021", "year_to": "2026"}])
def test_dashboard_query_count_is_constant_in_both_geographies(reform, client, leader, params):
    client.force_login(leader)
    recorded = _dashboard_queries(client, params)[0]
    today = _dashboard_queries(client, {**params, "geography": "today"})[0]
    assert today == recorded + 1  # the split communes named on the page
    w = reform
    for i in range(5):
        ActivityFactory(partnership=w.p2, commune=w.c3, category=category(), status=S.APPROVED,
                        start_date=D(2025, 1, 1 + i))
        ActivityFactory(partnership=w.q3, commune=w.n4, category=category(), status=S.APPROVED,
                        start_date=D(2025, 8, 1 + i))
    assert _dashboard_queries(client, params)[0] == recorded
    assert _dashboard_queries(client, {**params, "geography": "today"})[0] == today


def test_dashboard_shows_2026_by_new_communes_with_the_former_district(reform, client, leader):
    client.force_login(leader)
    response = client.get(reverse("reports:dashboard"), {"year": "2026"})
    html = response.content.decode()
    assert "Xã Hùng Sơn" in html and "Khu vực huyện Tây Giang cũ" in html
    assert "Xã A Xan" not in html
    today = client.get(reverse("reports:dashboard"), {"year": "2024", "geography": "today"}).content.decode()
    assert "Xã Hòa Liên được chia cho nhiều xã, phường mới" in today


@pytest.mark.parametrize("on, name", [("2024-06-01", "Xã A Xan"), ("", "Xã Hùng Sơn")])
def test_commune_page_reads_a_reused_code_by_date(reform, client, leader, on, name):
    client.force_login(leader)
    params = {"year_from": "2021", "year_to": "2026", **({"commune_on": on} if on else {})}
    response = client.get(reverse("reports:commune_detail", args=["20443"]), params)
    assert response.status_code == 200
    assert f"<h1 class=\"h4\">{name}" in response.content.decode()


def test_district_page_after_the_reform_is_the_former_districts_area(reform, client, leader):
    client.force_login(leader)
    response = client.get(reverse("reports:district_detail", args=["504"]), {"year": "2026", "geography": "today"})
    html = response.content.decode()
    assert "Khu vực huyện Tây Giang cũ" in html and "Xã Hùng Sơn" in html


def test_a_figures_list_link_shows_the_same_rows_in_both_geographies(reform, client, leader):
    w = reform
    client.force_login(leader)
    f = ReportFilter(year_from=2021, year_to=2026, commune_code="20443", geography=TODAY)
    url = selectors.activity_list_url(f)
    assert f"commune={w.n1.pk}" in url and "geography=today" in url
    response = client.get(url)
    assert response.status_code == 200
    listed = {a.pk for a in response.context["page_obj"]}
    assert listed == set(selectors.activities(f).values_list("pk", flat=True))
    assert len(listed) == 5  # A Xan ×2, Ch'ơm, Hùng Sơn ×2
    as_recorded = client.get(selectors.activity_list_url(replace(f, geography=RECORDED)))
    assert len(as_recorded.context["page_obj"]) == 2
    district = client.get(selectors.activity_list_url(ReportFilter.for_year(2026, district_code="504")))
    assert [a.commune for a in district.context["page_obj"]] == [w.n1]


def test_annual_report_reads_both_geographies_with_the_same_totals(reform, client, coordinator):
    from reports.documents.annual import build

    recorded, today = (build(f) for f in both(PERIODS["2026"]))
    assert recorded.key["money_total"] == today.key["money_total"] == 17 * M
    assert [r["label"] for r in recorded.matrix["rows"]] == ["Khu vực huyện Hòa Vang cũ", "Khu vực huyện Tây Giang cũ"]
    assert recorded.matrix["totals"] == today.matrix["totals"]
    assert "theo địa giới hiện nay" in today.scope_label and recorded.scope_label == "Toàn tỉnh"
    client.force_login(coordinator)
    page = client.get(reverse("reports:annual"), {"year": "2026", "geography": "today"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Khu vực huyện Tây Giang cũ" in html and "theo địa giới hiện nay" in html
    assert not page.context.get("finalisable")  # only the year as recorded is finalised
