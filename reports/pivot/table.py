"""The pivot explorer's table: any two dimensions on rows and on columns, any of the dashboard's
measures, totals on both margins, sorted by any column.

The figures come from `selectors.facts_grouped`: the dashboard's summary table, the dashboard's
measure definitions (`_measures` / `_finish`) and the user's scoping, in one grouped query; the
margins are `selectors.combine` of the cells (sums, and shares of the sums). So a pivot's grand
total is the dashboard's key figure and a one-dimension pivot is the dashboard's breakdown
(tested). Python only labels, orders and lays out at most `MAX_CELLS` cells.

The layout (`PivotLayout`) round-trips through GET parameters (`reports/web/pivot/forms.py`), so
a pivot is a URL: shared, bookmarked, saved as a named view, exported.

Longer than 400 lines on purpose: what a pivot may show (dimensions, measures, the layout) and
the table built from it (`build`, sorting, the chart's data) still change together while the
explorer is new; the dimensions can move to `pivot/dimensions.py` once they settle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.text import vi_key
from partnerships import geography
from partnerships.io.columns import ACTIVITY_HEADING as H
from partnerships.models import ActivityCategory, ActivityStatus, AdministrativeUnit, Agency, Partnership
from reports import selectors
from reports.filters import ReportFilter

MAX_CELLS = 5000  # value cells shown (row values × column values × measures): a page still readable
MAX_AXIS = 2  # dimensions on each axis
CHART_MAX_BARS = 60  # row values a chart still draws legibly
CHART_MAX_SERIES = 12  # column values (series) a chart still tells apart

NO_COMMUNE = 0  # the summary's commune for district-wide work


@dataclass(frozen=True)
class Dimension:
    key: str
    label: object  # lazy text
    expression: Callable  # f → a fresh expression over the summary's columns
    labels: Callable  # (set of raw values, f) → {value: (label, sort key)}


def _years(values, f=None):
    return {v: (str(v), v) for v in values}


def _quarters(values, f=None):
    names = {1: "I", 2: "II", 3: "III", 4: "IV"}
    return {v: (_("Quý %(q)s") % {"q": names.get(v, v)}, v) for v in values}


def _districts(values, f=None):
    """As on the dashboard: a district abolished before the period's end is "Khu vực huyện … cũ"
    (the area its communes' successors cover; partnerships/geography.py: district_label)."""
    units = AdministrativeUnit.objects.in_bulk([v for v in values if v])
    on = f.end if f else None
    return {
        v: (geography.district_label(u.name, valid_to=u.valid_to, on=on), (0, vi_key(u.name)))
        if (u := units.get(v)) else (_("Không rõ"), (1,))
        for v in values
    }


def _communes(values, f=None):
    """"Xã A – Huyện B"; after the reform "Xã C – khu vực huyện B cũ" (geography.name_with_district
    as of the period's end, as the dashboard's commune table names the district: the old district
    the new commune was formed from)."""
    units = geography.with_parents(AdministrativeUnit.objects).in_bulk([v for v in values if v])
    on = f.end if f else None
    labels = {}
    for v in values:
        unit = units.get(v)
        if unit is None:
            labels[v] = (_("Cả huyện (không gắn với xã)"), (1,))
            continue
        area = geography.district_area_name(unit, on=on)
        labels[v] = (geography.name_with_district(unit, on=on), (0, vi_key(area), vi_key(unit.name)))
    return labels


def _agencies(values, f=None):
    agencies = Agency.objects.in_bulk(list(values))
    return {v: (agencies[v].name, (0, vi_key(agencies[v].name))) if v in agencies else (str(v), (1,)) for v in values}


def _choices(choices):
    order = {value: i for i, (value, _label) in enumerate(choices)}
    labels = dict(choices)

    def resolve(values, f=None):
        return {v: (str(labels.get(v, v)), order.get(v, len(order))) for v in values}

    return resolve


def _categories(values, f=None):
    categories = ActivityCategory.objects.in_bulk(list(values))
    # As the dashboard's category table: substantive kinds first, in reference-data order.
    return {
        v: (c.name, (0, not c.is_substantive, c.sort_order, vi_key(c.name))) if (c := categories.get(v)) else (str(v), (1,))
        for v in values
    }


def _substantive(values, f=None):
    return {
        v: (_("Hỗ trợ thiết thực") if v else _("Thăm hỏi, tặng quà, nhà tình nghĩa, khác"), not v) for v in values
    }


def _partnerships(values, f=None):
    rows = Partnership.objects.select_related("agency", "unit").in_bulk(list(values))
    return {v: (str(p), (0, vi_key(str(p)))) if (p := rows.get(v)) else (str(v), (1,)) for v in values}


DIMENSIONS = {
    d.key: d
    for d in [
        Dimension("year", gettext_lazy("Năm"), lambda f: F("year"), _years),
        Dimension("quarter", gettext_lazy("Quý"), lambda f: F("quarter"), _quarters),
        # The partnership's district, in both geographies (as the dashboard's by_district).
        Dimension("district", gettext_lazy("Huyện"), lambda f: geography.district_expr("partnership__unit"),
                  _districts),
        # As of today an old commune's work is at the commune that carries it now (by_commune).
        Dimension("commune", gettext_lazy("Xã"), lambda f: geography.unit_id_expr("commune_id", f.geography),
                  _communes),
        Dimension("agency", gettext_lazy("Cơ quan, đơn vị"), lambda f: F("partnership__agency"), _agencies),
        Dimension("agency_kind", gettext_lazy("Loại cơ quan, đơn vị"), lambda f: F("partnership__agency__kind"),
                  lambda values, f=None: _choices(Agency.Kind.choices)(values)),
        Dimension("category", gettext_lazy("Loại hoạt động"), lambda f: F("category"), _categories),
        Dimension("substantive", gettext_lazy("Thiết thực hay không"), lambda f: F("category__is_substantive"),
                  _substantive),
        Dimension("partnership", gettext_lazy("Quan hệ kết nghĩa"), lambda f: F("partnership"), _partnerships),
        Dimension("status", gettext_lazy("Trạng thái"), lambda f: F("status"),
                  lambda values, f=None: _choices(ActivityStatus.choices)(values)),
    ]
}


@dataclass(frozen=True)
class Measure:
    key: str
    label: object
    kind: str  # "count", "money" or "share"


MEASURES = {
    m.key: m
    for m in [
        Measure("count", gettext_lazy("Số hoạt động"), "count"),
        Measure("money_total", gettext_lazy(H["money_total"]), "money"),
        Measure("money_state", gettext_lazy(H["budget_state"]), "money"),
        Measure("money_society", gettext_lazy(H["budget_society"]), "money"),
        Measure("money_in_kind", gettext_lazy(H["budget_in_kind"]), "money"),
        *[Measure(name, gettext_lazy(H[name]), "count") for name in selectors.RESULT_FIELDS],
        Measure("confirmed", gettext_lazy("Số hoạt động được địa phương xác nhận"), "count"),
        Measure("substantive_share_count", gettext_lazy("Tỷ lệ hỗ trợ thiết thực (theo số hoạt động)"), "share"),
        Measure("substantive_share_money", gettext_lazy("Tỷ lệ hỗ trợ thiết thực (theo kinh phí)"), "share"),
    ]
}


@dataclass(frozen=True)
class PivotLayout:
    """What a pivot shows, beside the report filter: its axes, measures, order, chart, and the
    filters the dashboard's form does not have."""

    rows: tuple[str, ...] = ("agency_kind",)
    cols: tuple[str, ...] = ("year",)
    measures: tuple[str, ...] = ("count", "money_total")
    # "" (the dimensions' own order), "label", "<measure>" (the totals column) or
    # "<measure>@<column key>"; a leading "-" sorts descending.
    sort: str = ""
    chart: str = "bar"  # "bar" or "line"
    quarter: int | None = None
    substantive: bool | None = None
    partnership_id: int | None = None
    status: str | None = None  # one of the counted statuses

    @property
    def dimensions(self) -> tuple[str, ...]:
        return self.rows + self.cols

    def where(self) -> Q | None:
        q = Q()
        if self.quarter is not None:
            q &= Q(quarter=self.quarter)
        if self.substantive is not None:
            q &= Q(category__is_substantive=self.substantive)
        if self.partnership_id is not None:
            q &= Q(partnership_id=self.partnership_id)
        if self.status:
            q &= Q(status=self.status)
        return q or None

    def as_querydict(self) -> dict[str, list[str] | str]:
        params: dict = {"rows": list(self.rows), "cols": list(self.cols), "measure": list(self.measures)}
        if self.sort:
            params["sort"] = self.sort
        if self.chart != "bar":
            params["chart"] = self.chart
        if self.quarter is not None:
            params["quarter"] = str(self.quarter)
        if self.substantive is not None:
            params["substantive"] = "1" if self.substantive else "0"
        if self.partnership_id is not None:
            params["partnership"] = str(self.partnership_id)
        if self.status:
            params["status"] = self.status
        return params


class PivotTooLarge(Exception):
    """The layout would show more than MAX_CELLS cells; the message says what to do."""


@dataclass
class Header:
    key: str  # stable across data changes: the raw values joined by "|" (sort parameters use it)
    labels: tuple[str, ...]


@dataclass
class PivotRow:
    header: Header
    cells: list[dict]  # one measures dict per column header
    total: dict


@dataclass
class PivotTable:
    layout: PivotLayout
    row_dims: list[Dimension]
    col_dims: list[Dimension]
    measures: list[Measure]
    columns: list[Header]  # one per column value (none without column dimensions)
    rows: list[PivotRow]
    column_totals: list[dict]
    grand_total: dict
    notes: list[str] = field(default_factory=list)

    @property
    def cell_count(self) -> int:
        return max(1, len(self.rows)) * (len(self.columns) + 1) * len(self.measures)


def _key(values) -> str:
    return "|".join("" if v is None else str(v) for v in values)


def build(f: ReportFilter, layout: PivotLayout, user=None) -> PivotTable:
    """The pivot of the counted activities of `f` (scoped to `user`) laid out by `layout`.
    Raises PivotTooLarge rather than computing a table nobody can read."""
    dims = layout.dimensions
    by = {f"d_{i}": DIMENSIONS[d].expression(f) for i, d in enumerate(dims)}
    groups = selectors.facts_grouped(f, user, by=by, where=layout.where(), limit=MAX_CELLS + 1)
    if len(groups) > MAX_CELLS:
        raise PivotTooLarge(_too_large(None))
    n_rows, n_cols = len(layout.rows), len(layout.cols)
    cells: dict[tuple, dict] = {}
    values: list[set] = [set() for _d in dims]
    for group in groups:
        raw = tuple(_normalise(dims[i], group.pop(f"d_{i}")) for i in range(len(dims)))
        for i, value in enumerate(raw):
            values[i].add(value)
        cells[raw] = group
    row_keys = list({raw[:n_rows] for raw in cells})
    col_keys = list({raw[n_rows:] for raw in cells}) if n_cols else [()]
    count = max(1, len(row_keys)) * (len(col_keys) + (1 if n_cols else 0)) * len(layout.measures)
    if count > MAX_CELLS:
        raise PivotTooLarge(_too_large(count))

    labels = [DIMENSIONS[d].labels(values[i], f) for i, d in enumerate(dims)]

    def header(raw, offset):
        return Header(key=_key(raw), labels=tuple(labels[offset + i][v][0] for i, v in enumerate(raw)))

    def order(raw, offset):
        return tuple(labels[offset + i][v][1] for i, v in enumerate(raw))

    col_keys.sort(key=lambda raw: order(raw, n_rows))
    row_keys.sort(key=lambda raw: order(raw, 0))
    empty = selectors.combine([])
    rows = []
    for rk in row_keys:
        line = [cells.get(rk + ck, empty) for ck in col_keys]
        rows.append(PivotRow(header=header(rk, 0), cells=line, total=selectors.combine(line)))
    columns = [header(ck, n_rows) for ck in col_keys] if n_cols else []
    column_totals = [selectors.combine([row.cells[i] for row in rows]) for i in range(len(col_keys))]
    table = PivotTable(
        layout=layout,
        row_dims=[DIMENSIONS[d] for d in layout.rows],
        col_dims=[DIMENSIONS[d] for d in layout.cols],
        measures=[MEASURES[m] for m in layout.measures],
        columns=columns,
        rows=rows,
        column_totals=column_totals if n_cols else [],
        grand_total=selectors.combine(list(cells.values())),
    )
    _sort(table)
    return table


def _normalise(dim: str, value):
    if dim == "commune" and not value:
        return NO_COMMUNE  # the summary says 0, the activities None
    return value


def _too_large(count: int | None) -> str:
    if count is None:
        intro = _("Bảng này có hơn %(max)s ô, quá giới hạn của một bảng.") % {"max": f"{MAX_CELLS:,}".replace(",", ".")}
    else:
        intro = _("Bảng này có %(n)s ô, quá giới hạn %(max)s ô.") % {
            "n": f"{count:,}".replace(",", "."), "max": f"{MAX_CELLS:,}".replace(",", ".")
        }
    return intro + " " + _("Hãy bớt một chiều, chọn ít chỉ tiêu hơn hoặc lọc hẹp hơn (năm, huyện, loại cơ quan…).")


def parse_sort(sort: str) -> tuple[bool, str, str | None]:
    """(descending, measure or "label", column key or None for the totals column)."""
    descending = sort.startswith("-")
    body = sort[1:] if descending else sort
    measure, _sep, column = body.partition("@")
    return descending, measure, (column if _sep else None)


def _sort(table: PivotTable) -> None:
    if not table.layout.sort:
        return
    descending, measure, column = parse_sort(table.layout.sort)
    if measure == "label":
        table.rows.sort(key=lambda r: tuple(vi_key(label) for label in r.header.labels), reverse=descending)
        return
    index = next((i for i, c in enumerate(table.columns) if c.key == column), None) if column is not None else None
    if column is not None and index is None:
        return  # a column no longer there (data changed since the link was made): natural order

    def value(row):
        cell = row.total if index is None else row.cells[index]
        return cell.get(measure)

    # Missing values (a share of nothing) go last whichever the direction.
    present = [r for r in table.rows if value(r) is not None]
    missing = [r for r in table.rows if value(r) is None]
    present.sort(key=value, reverse=descending)
    table.rows[:] = present + missing


def chart_data(table: PivotTable) -> dict | None:
    """What static/js/pivot.js draws: the first measure, one series per column value (or the
    totals), one bar or point per row. None when the table is too big to chart legibly."""
    if not table.rows or len(table.rows) > CHART_MAX_BARS or len(table.columns) > CHART_MAX_SERIES:
        return None
    measure = table.measures[0]

    def number(cell):
        value = cell.get(measure.key)
        if value is None:
            return None
        return round(float(value) * 100, 1) if measure.kind == "share" else value

    if table.columns:
        series = [
            {"label": " · ".join(column.labels), "data": [number(row.cells[i]) for row in table.rows]}
            for i, column in enumerate(table.columns)
        ]
    else:
        series = [{"label": str(measure.label), "data": [number(row.total) for row in table.rows]}]
    return {
        "type": table.layout.chart,
        "labels": [" · ".join(row.header.labels) for row in table.rows],
        "series": series,
        "measure": str(measure.label) + (" (%)" if measure.kind == "share" else ""),
        "kind": measure.kind,
    }


def describe(f: ReportFilter, layout: PivotLayout) -> list[str]:
    """The criteria of a pivot in words, for the page's heading and the exported files."""
    if f.is_single_year:
        parts = [_("Năm %(y)s") % {"y": f.year_from}]
    else:
        parts = [_("Từ năm %(a)s đến năm %(b)s") % {"a": f.year_from, "b": f.year_to}]
    if f.district_code:
        district = geography.districts().filter(code=f.district_code).values_list("name", flat=True).first()
        parts.append(district or f.district_code)
    if f.commune_code:  # codes were reused by the reform: the commune of that code on the filter's day
        commune = geography.with_parents(geography.unit_for_code_qs(
            f.commune_code, level=geography.Level.COMMUNE, on=f.commune_on or f.end
        )).first()
        parts.append(geography.name_with_district(commune, on=f.end) if commune else f.commune_code)
    if f.agency_kind:
        parts.append(str(dict(Agency.Kind.choices).get(f.agency_kind, f.agency_kind)))
    if f.agency_id:
        parts.append(str(Agency.objects.filter(pk=f.agency_id).values_list("name", flat=True).first() or ""))
    if f.category_code:
        parts.append(str(ActivityCategory.objects.filter(code=f.category_code).values_list("name", flat=True).first()
                         or f.category_code))
    if layout.quarter:
        parts.append(_quarters([layout.quarter])[layout.quarter][0])
    if layout.substantive is not None:
        parts.append(_substantive([layout.substantive])[layout.substantive][0])
    if layout.partnership_id:
        parts.append(_partnerships([layout.partnership_id])[layout.partnership_id][0])
    if layout.status:
        parts.append(str(ActivityStatus(layout.status).label))
    elif f.include_submitted:
        parts.append(_("tính cả hoạt động chờ duyệt (số liệu tạm tính)"))
    if f.as_of_today:
        parts.append(_("theo địa giới hiện nay"))
    return [p for p in parts if p]
