"""The dashboard's tables and the drill-down pages as a workbook: each table the page shows, one
sheet each, from the same selector rows the page displays (the view hands them over), headed with
the words of `partnerships/io/columns.py`, written by `common.spreadsheet.tables_workbook`."""

from django.utils import timezone
from django.utils.translation import gettext as _

from common.spreadsheet import COUNT, DATE, ID, MONEY, SHARE, TEXT, tables_workbook
from partnerships.io.columns import ACTIVITY_HEADING as A
from partnerships.io.columns import PARTNERSHIP_HEADING as P

def _subtitle(period: str, place: str = "") -> str:
    made = _("Xuất ngày %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}
    return "; ".join(part for part in (period, place, made) if part)


def figures_table(figures, *, title, subtitle):
    """The key figures with the previous period and the change (a relative change for counts and
    money, a difference of shares)."""
    # One sheet mixes money, counts and shares: the values are written as numbers in their own
    # columns so that each keeps its format.
    columns = [(_("Chỉ tiêu"), TEXT, 40), (_("Loại số liệu"), TEXT, 12), (_("Kỳ này (số lượng)"), COUNT, 14),
               (_("Kỳ này (đồng)"), MONEY, 20), (_("Kỳ này (tỷ lệ)"), SHARE, 12), (_("Kỳ trước (số lượng)"), COUNT, 14),
               (_("Kỳ trước (đồng)"), MONEY, 20), (_("Kỳ trước (tỷ lệ)"), SHARE, 12), (_("Thay đổi"), SHARE, 11)]
    kinds = {"count": _("số lượng"), "money": _("kinh phí"), "share": _("tỷ lệ")}

    def split(value, kind):
        return [value if kind == k else None for k in ("count", "money", "share")]

    if figures and not figures[0].compared:  # nothing before it in the programme: no comparison
        return (_("Số liệu chính"), title, subtitle, columns[:5],
                [(str(f.label), kinds[f.kind], *split(f.value, f.kind)) for f in figures])
    rows = [
        (str(f.label), kinds[f.kind], *split(f.value, f.kind), *split(f.previous, f.kind),
         float(f.change) if f.change is not None else None)
        for f in figures
    ]
    return (_("Số liệu chính"), title, subtitle, columns, rows)


def measures_table(rows, *, sheet, title, subtitle, label_heading, label, extra=()):
    """Rows of a breakdown (categories, districts, communes, agencies, years): the label, then
    the activities and the money by source, the substantive share of money."""
    columns = [(label_heading, TEXT, 34), *[(heading, TEXT, width) for heading, width, _get in extra],
               (_(P["activities"]), COUNT, 11), (_(A["budget_state"]), MONEY, 18), (_(A["budget_society"]), MONEY, 18),
               (_(A["budget_in_kind"]), MONEY, 18), (_(A["money_total"]), MONEY, 19),
               (_("Tỷ lệ thiết thực (kinh phí)"), SHARE, 12)]
    values = [
        (label(row), *[get(row) for _heading, _width, get in extra], row["count"], row["money_state"],
         row["money_society"], row["money_in_kind"], row["money_total"],
         float(row["substantive_share_money"]) if row.get("substantive_share_money") is not None else None)
        for row in rows
    ]
    return (sheet, title, subtitle, columns, values)


def partnerships_table(partnerships, *, title, subtitle):
    columns = [(_(P["id"]), ID, 8), (_(P["agency"]), TEXT, 36), (_(P["unit"]), TEXT, 26), (_(P["signed_on"]), DATE, 12),
               (_(P["status"]), TEXT, 14)]
    rows = [(p.pk, p.agency.name, p.unit.name, p.signed_on, p.get_status_display()) for p in partnerships]
    return (_("Quan hệ kết nghĩa"), title, subtitle, columns, rows)


def workbook(tables):
    return tables_workbook(tables)
