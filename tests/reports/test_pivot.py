"""The pivot explorer's figures equal the dashboard's (same summary table, same measure
definitions, same scoping), margins are sums and shares of sums, and big layouts are refused."""

from datetime import date as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import ActivityStatus as S
from reports import pivot, selectors
from reports.filters import ReportFilter
from reports.pivot import PivotLayout, PivotTooLarge
from tests.factories import ActivityFactory, category

M = 1_000_000
MEASURES = ("count", "money_state", "money_society", "money_in_kind", "money_total", "people_trained",
            "jobs_created", "households_out_of_poverty", "confirmed", "substantive_share_count",
            "substantive_share_money")

pytestmark = pytest.mark.django_db


def _layout(rows, cols=(), **kw):
    return PivotLayout(rows=tuple(rows), cols=tuple(cols), measures=MEASURES, **kw)


def _same(a: dict, b: dict):
    for key in MEASURES:
        assert a[key] == b[key], key


@pytest.mark.parametrize("include_submitted", [False, True])
@pytest.mark.parametrize("user_fixture", [None, "leader", "officer", "focal_point"])
def test_grand_total_is_the_dashboards_key_figures(report_world, request, include_submitted, user_fixture):
    user = request.getfixturevalue(user_fixture) if user_fixture else None
    f = ReportFilter(year_from=2023, year_to=2024, include_submitted=include_submitted)
    key = selectors.key_figures(f, user)
    for rows, cols in [(["agency_kind"], ["year"]), (["district", "category"], []), (["commune"], ["status"]),
                       (["quarter"], ["substantive"]), (["partnership"], ["agency", "year"])]:
        table = pivot.build(f, _layout(rows, cols), user)
        _same(table.grand_total, key)


def test_one_dimension_pivots_are_the_dashboards_breakdowns(report_world, leader):
    f = ReportFilter(year_from=2023, year_to=2024)
    by_category = {row["name"]: row for row in selectors.by_category(f, leader) if row["count"]}
    table = pivot.build(f, _layout(["category"]), leader)
    assert [r.header.labels[0] for r in table.rows] == list(by_category)  # substantive kinds first, same order
    for row in table.rows:
        _same(row.total, by_category[row.header.labels[0]])
    by_district = selectors.by_district(f, leader)
    table = pivot.build(f, _layout(["district"]), leader)
    assert [r.header.labels[0] for r in table.rows] == [row["name"] for row in by_district]
    for row, expected in zip(table.rows, by_district):
        _same(row.total, expected)
    trend = selectors.trend_by_year(f, leader)
    table = pivot.build(f, _layout(["year"]), leader)
    for row, expected in zip(table.rows, trend):
        assert row.header.labels == (str(expected["year"]),)
        _same(row.total, expected)


def test_margins_are_sums_and_shares_of_sums(report_world, leader):
    f = ReportFilter(year_from=2023, year_to=2024)
    table = pivot.build(f, _layout(["agency_kind"], ["year"]), leader)
    assert [c.labels for c in table.columns] == [("2023",), ("2024",)]
    state = next(r for r in table.rows if r.header.key == "state")  # report_world's agency a: P1
    # P1 approved: 2024 a1 (15M, model) + a2 (3M, visit); 2023 a6 (8M, model)
    assert [c["money_total"] for c in state.cells] == [8 * M, 18 * M]
    assert state.total["money_total"] == 26 * M
    assert state.total["substantive_share_money"] == pytest.approx(23 / 26)
    assert [c["count"] for c in table.column_totals] == [2, 3]
    assert table.grand_total["count"] == 5


def test_an_officer_pivots_only_their_agencys_work(report_world, officer):
    f = ReportFilter(year_from=2023, year_to=2024)
    table = pivot.build(f, _layout(["agency"]), officer)
    assert [r.header.labels for r in table.rows] == [(report_world.a.name,)]
    assert table.grand_total["count"] == 3


def test_filters_beyond_the_dashboards(report_world, leader):
    f = ReportFilter(year_from=2023, year_to=2024, include_submitted=True)
    assert pivot.build(f, _layout(["year"], status=S.SUBMITTED), leader).grand_total["count"] == 1
    assert pivot.build(f, _layout(["year"], substantive=True), leader).grand_total["count"] == 3
    assert pivot.build(f, _layout(["year"], quarter=4), leader).grand_total["count"] == 1  # a7, 31/12/2023
    one = pivot.build(f, _layout(["year"], partnership_id=report_world.p2.pk), leader)
    assert one.grand_total["money_total"] == 26 * M


def test_quarter_layouts_read_the_summary_and_equal_the_activities(report_world, leader):
    w = report_world
    for day in (D(2024, 3, 31), D(2024, 7, 1), D(2024, 9, 30), D(2024, 10, 1)):  # the edges of quarters
        ActivityFactory(partnership=w.p1, commune=w.c1, category=category("mo-hinh"), status=S.APPROVED,
                        start_date=day, budget_state=day.month * M)
    f = ReportFilter(year_from=2023, year_to=2024)
    with CaptureQueriesContext(connection) as queries:
        table = pivot.build(f, _layout(["quarter"], ["year"]), leader)
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "partnerships_activitysummary" in read and '"partnerships_activity"' not in read
    expected = {}
    for a in selectors.activities(f, leader):
        cell = expected.setdefault((str((a.start_date.month + 2) // 3), str(a.start_date.year)), [0, 0])
        cell[0] += 1
        cell[1] += a.budget_state + a.budget_society + a.budget_in_kind
    got = {(row.header.key, column.key): [cell["count"], cell["money_total"]]
           for row in table.rows for column, cell in zip(table.columns, row.cells) if cell["count"]}
    assert got == expected
    assert [r.header.labels[0] for r in table.rows] == ["Quý I", "Quý II", "Quý III", "Quý IV"]
    third = pivot.build(f, _layout(["year"], quarter=3), leader).grand_total
    assert [third["count"], third["money_total"]] == [sum(v[i] for k, v in expected.items() if k[0] == "3")
                                                      for i in (0, 1)]


def test_sort_by_any_column(report_world, leader):
    f = ReportFilter(year_from=2023, year_to=2024)
    table = pivot.build(f, _layout(["partnership"], ["year"], sort="-money_total@2023"), leader)
    assert [r.cells[0]["money_total"] for r in table.rows] == [8 * M, 2 * M]
    table = pivot.build(f, _layout(["partnership"], ["year"], sort="money_total"), leader)
    assert [r.total["money_total"] for r in table.rows] == [22 * M, 26 * M]
    table = pivot.build(f, _layout(["partnership"], sort="-label"), leader)
    assert [r.header.labels[0] for r in table.rows] == sorted((r.header.labels[0] for r in table.rows), reverse=True)


def test_too_many_cells_is_refused_with_a_message(report_world, leader, monkeypatch):
    monkeypatch.setattr(pivot.table, "MAX_CELLS", 5)
    f = ReportFilter(year_from=2023, year_to=2024)
    with pytest.raises(PivotTooLarge, match="giới hạn"):
        pivot.build(f, _layout(["partnership"], ["year"]), leader)


# --- across the 2025 reform: the dashboard's two geographies (f10's `geography` parameter) ---

from dataclasses import replace  # noqa: E402

from partnerships import geography  # noqa: E402
from tests.reports.test_geographies import PERIODS, reform  # noqa: E402,F401  (the fixture)


@pytest.mark.parametrize("period", list(PERIODS))
@pytest.mark.parametrize("geo", [geography.AS_RECORDED, geography.AS_OF_TODAY])
def test_both_geographies_equal_the_dashboards(reform, period, geo):
    f = replace(PERIODS[period], geography=geo)
    communes = pivot.build(f, _layout(["commune"]))
    expected = {r["commune"].pk: r for r in selectors.by_commune(f)}
    got = {r.header.key: r for r in communes.rows if r.header.key != "0"}  # "0": district-wide work
    assert set(got) == {str(pk) for pk in expected}
    for pk, row in expected.items():
        _same(got[str(pk)].total, row)
    districts = pivot.build(f, _layout(["district"], ["year"]))
    by_district = selectors.by_district(f)
    assert [r.header.labels[0] for r in districts.rows] == [r["label"] for r in by_district]
    for row, expected_row in zip(districts.rows, by_district):
        _same(row.total, expected_row)
    _same(communes.grand_total, selectors.key_figures(f))
    _same(districts.grand_total, selectors.key_figures(f))


def test_as_of_today_old_communes_work_is_at_the_new_commune(reform):
    w = reform
    f = replace(PERIODS["2025"], geography=geography.AS_OF_TODAY)
    rows = {r.header.labels[0]: r.total["money_total"] for r in pivot.build(f, _layout(["commune"])).rows}
    assert rows["Xã Hùng Sơn – khu vực huyện Tây Giang cũ"] == 10 * M
    assert not any(w.c1.name in label for label in rows)
    recorded = {r.header.labels[0] for r in pivot.build(replace(f, geography=geography.AS_RECORDED),
                                                        _layout(["commune"])).rows}
    assert any(w.c1.name in label for label in recorded)
    # by quarter (the summary keeps it): the same mapping
    by_quarter = pivot.build(f, _layout(["commune"], ["quarter"]))
    assert {r.header.labels[0]: r.total["money_total"] for r in by_quarter.rows} == rows
