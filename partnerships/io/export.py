"""The activity list as an Excel workbook: same FilterSet, same scoping as the page."""

import datetime
import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from common.spreadsheet import (
    DATE_FORMAT,
    MONEY_FORMAT,
    StreamingSheet,
    cell_text,
    print_on_a4_landscape,
    text_xml,
)
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
    is called after each row (a job's progress). Rows are read as plain tuples (no model
    objects) and written as ready-made `<row>` XML text, never parsed
    (`common.spreadsheet.StreamingSheet.append_xml`), so a province's year of 200 000 rows streams in seconds and in
    constant memory; openpyxl's per-value Cell objects took 87 s for it."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    money, counts = _export_columns()
    workbook = Workbook(write_only=True)
    sheet = StreamingSheet(parent=workbook, title=_("Hoạt động hỗ trợ"))
    workbook._add_sheet(sheet)
    sheet.freeze_panes = "A2"
    print_on_a4_landscape(sheet)
    sheet.print_title_rows = "1:1"
    widths = [8, 12, 12, 40, 28, 30, 22, 22] + [16] * len(money) + [12] * len(counts) + [14, 22]
    letters = [get_column_letter(index) for index in range(1, len(widths) + 1)]
    for letter, width in zip(letters, widths):
        sheet.column_dimensions[letter].width = width
    headers = [_(H[name]) for name in ("id", "start_date", "end_date", "title", "category", "agency", "unit",
                                        "commune")]
    headers += [label for _name, label in money] + [label for _name, label in counts]
    headers += [_(H["status"]), _(H["confirmation_status"])]
    bold = Font(bold=True)
    header_cells = []
    for title in headers:
        cell = WriteOnlyCell(sheet, value=cell_text(str(title)[:1].upper() + str(title)[1:]))
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_cells.append(cell)
    sheet.append(header_cells)

    def style_id(number_format):
        cell = WriteOnlyCell(sheet)
        cell.number_format = number_format
        return str(cell.style_id)

    date_style, money_style = style_id(DATE_FORMAT), style_id(MONEY_FORMAT)
    fields = ["pk", "start_date", "end_date", "title", "category__name", "partnership__agency__name",
              "partnership__unit__name", "commune__name"]
    fields += [name for name, _label in money] + [name for name, _label in counts]
    fields += ["status", "confirmation_status"]
    # Per column, the cell's opening with its style, and how its value is written: the same cell
    # XML openpyxl writes (dates as serial numbers, text as inline strings that never run as a
    # formula), one specialised step per column instead of a Cell object per value.
    kinds = (["number", "date", "date"] + ["text"] * 5 + ["number"] * (len(money) + len(counts))
             + ["text"] * 2)
    styles = [None, date_style, date_style] + [None] * 5 + [money_style] * len(money) + [None] * (len(counts) + 2)
    columns = [(letter, f'" s="{style}' if style else "", kind) for letter, style, kind in zip(letters, styles, kinds)]
    status_labels = {key: str(label) for key, label in ActivityStatus.choices}
    confirmation_labels = {key: str(label) for key, label in ConfirmationStatus.choices}
    epoch = datetime.date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year quirk, after March 1900)
    number, texts = 1, {}
    for values in activities.values_list(*fields).iterator(chunk_size=5000):
        number += 1
        values = list(values)
        values[-2], values[-1] = status_labels[values[-2]], confirmation_labels[values[-1]]
        cells = []
        for (letter, style, kind), value in zip(columns, values):
            if value is None or value == "":
                continue
            if kind == "text":
                xml = texts.get(value)
                if xml is None:
                    if len(texts) > 20_000:  # names repeat; titles mostly do not: keep memory flat
                        texts.clear()
                    xml = texts[value] = text_xml(value)
                cells.append(f'<c r="{letter}{number}{style}' + xml)
            elif kind == "date":
                cells.append(f'<c r="{letter}{number}{style}"><v>{(value - epoch).days}</v></c>')
            else:
                cells.append(f'<c r="{letter}{number}{style}"><v>{value}</v></c>')
        sheet.append_xml(f'<row r="{number}">' + "".join(cells) + "</row>")
        if on_row is not None:
            on_row()
    stream = stream if stream is not None else io.BytesIO()
    # Deflate level 1: about half the time of the default level for a file a few % larger.
    from openpyxl.writer.excel import ExcelWriter

    ExcelWriter(workbook, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1)).save()
    if stream.seekable():
        stream.seek(0)
    return stream
