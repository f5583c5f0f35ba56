"""The activity list as an Excel workbook: same FilterSet, same scoping as the page."""

import io

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from common.spreadsheet import DATE_FORMAT, MONEY_FORMAT, print_on_a4_landscape, safe_text
from partnerships.io.columns import ACTIVITY_HEADING as H
from partnerships.models import (
    ActivityStatus,
    ConfirmationStatus,
)
from partnerships.web.activities.forms import COUNT_FIELDS


def _export_columns():
    money = [(name, _(H[name])) for name in ("budget_state", "budget_society", "budget_in_kind", "money_total")]
    counts = [(name, _(H[name])) for name in COUNT_FIELDS]
    return money, counts


def activities_workbook(activities, *, stream=None, on_row=None):
    """The activities (a scoped, filtered queryset) as an .xlsx stream, printable on A4.

    Written to `stream` when given (a background job's file), else to a new BytesIO; `on_row()`
    is called after each row (a job's progress)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    money, counts = _export_columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Hoạt động hỗ trợ"))
    sheet.freeze_panes = "A2"
    print_on_a4_landscape(sheet)
    sheet.print_title_rows = "1:1"
    widths = [8, 12, 12, 40, 28, 30, 22, 22] + [16] * len(money) + [12] * len(counts) + [14, 22]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    headers = [_(H[name]) for name in ("id", "start_date", "end_date", "title", "category", "agency", "unit",
                                        "commune")]
    headers += [label for _name, label in money] + [label for _name, label in counts]
    headers += [_(H["status"]), _(H["confirmation_status"])]
    bold = Font(bold=True)
    header_cells = []
    for title in headers:
        cell = WriteOnlyCell(sheet, value=safe_text(str(title)[:1].upper() + str(title)[1:]))
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_cells.append(cell)
    sheet.append(header_cells)

    def typed(value, number_format):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format
        return cell

    status_labels = dict(ActivityStatus.choices)
    confirmation_labels = dict(ConfirmationStatus.choices)
    for activity in activities.iterator(chunk_size=2000):
        partnership = activity.partnership
        row = [
            activity.pk,
            typed(activity.start_date, DATE_FORMAT),
            typed(activity.end_date, DATE_FORMAT) if activity.end_date else None,
            safe_text(activity.title),
            safe_text(activity.category.name),
            safe_text(partnership.agency.name),
            safe_text(partnership.unit.name),
            safe_text(activity.commune.name if activity.commune_id else ""),
        ]
        row += [typed(getattr(activity, name), MONEY_FORMAT) for name, _label in money]
        # Counts stay plain numbers: styling every cell is most of openpyxl's time on a big export.
        row += [getattr(activity, name) for name, _label in counts]
        row += [str(status_labels[activity.status]), str(confirmation_labels[activity.confirmation_status])]
        sheet.append(row)
        if on_row is not None:
            on_row()
    stream = stream if stream is not None else io.BytesIO()
    workbook.save(stream)
    if stream.seekable():
        stream.seek(0)
    return stream
