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
    ActivityCategory,
    ActivityStatus,
    AdministrativeUnit,
    ConfirmationStatus,
    Partnership,
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
    constant memory; openpyxl's per-value Cell objects took 87 s for it. A failed or stopped
    export gives its sheet up at once (`StreamingSheet.discard`)."""
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
    sources = [name for name, _label in money if name != "money_total"]
    # Ids, not names: the names of the few categories, partnerships and communes are written
    # once each as cell XML and looked up per row (no join per row in PostgreSQL, no escaping per
    # row here); the total is the sum of the three sources (an annotation would cost every row a
    # converter call in Django's iterator). Rows come as psycopg's plain tuples.
    fields = ["pk", "start_date", "end_date", "title", "category_id", "partnership_id", "commune_id",
              *sources, *(name for name, _label in counts), "status", "confirmation_status"]
    write_row = _row_writer(letters, date_style=date_style, money_style=money_style, sources=len(sources),
                            counts=len(counts))
    rows = activities.values_list(*fields).iterator(chunk_size=5000)
    try:
        for number, values in enumerate(rows, start=2):
            sheet.append_xml(write_row(number, values))
            if on_row is not None:
                on_row()
    except BaseException:
        # A failed or stopped export (a database error, a job's worker stopping): close the
        # sheet's writers now, in order; left to the garbage collector they close in any order
        # and the inner one writes into a finished file (lxml: "not in an element").
        rows.close()
        sheet.discard()
        raise
    stream = stream if stream is not None else io.BytesIO()
    # Deflate level 1: about half the time of the default level for a file a few % larger.
    from openpyxl.writer.excel import ExcelWriter

    ExcelWriter(workbook, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1)).save()
    if stream.seekable():
        stream.seek(0)
    return stream


EPOCH = datetime.date(1899, 12, 30).toordinal()  # Excel's day 0 (with its 1900 leap-year quirk, after March 1900)


def _names_xml(rows) -> dict:
    """{id: the rest of a text cell's XML after its reference} ("" for an empty name: no cell)."""
    return {pk: text_xml(name) if name else "" for pk, name in rows}


def _row_writer(letters, *, date_style: str, money_style: str, sources: int, counts: int):
    """A function (row number, values) → the row's `<row>` XML, for the values `fields` reads:
    the same cell XML openpyxl writes (numbers; dates as serial numbers with their style; text as
    inline strings that never run as a formula), names looked up by id, the money total after
    its sources. The row is one expression of %-formatted cells, compiled once per export: a
    loop testing each value's kind was most of the time per row."""
    category = _names_xml(ActivityCategory.objects.order_by().values_list("pk", "name"))
    partnerships = list(Partnership.objects.order_by().values_list("pk", "agency__name", "unit__name"))
    agency = _names_xml((pk, name) for pk, name, _unit in partnerships)
    unit = _names_xml((pk, name) for pk, _agency, name in partnerships)
    commune = _names_xml(AdministrativeUnit.objects.order_by().values_list("pk", "name"))
    commune[None] = ""
    status = {key: text_xml(label) for key, label in ActivityStatus.choices}
    confirmation = {key: text_xml(label) for key, label in ConfirmationStatus.choices}
    names = iter(letters)

    def cell(value: str, *, style: str = "", kind: str = "number", optional: bool = True) -> str:
        """One cell's expression in the generated code (`value`: an expression over `v`)."""
        opening = f'<c r="{next(names)}%s{f"{chr(34)} s={chr(34)}{style}" if style else ""}'
        if kind == "xml":  # ready-made XML (looked up, or escaped by text_xml); "" is no cell
            return f"(({opening!r} % n + x) if (x := {value}) else '')"
        written = f"{value}.toordinal() - EPOCH" if kind == "date" else value
        code = f"({opening + chr(34) + '><v>%s</v></c>'!r} % (n, {written}))"
        return f"({code} if {value} is not None else '')" if optional else code

    i = 7 + sources  # where the counts start in `v`
    cells = [
        cell("v[0]"), cell("v[1]", style=date_style, kind="date"), cell("v[2]", style=date_style, kind="date"),
        cell("(text(v[3]) if v[3] else '')", kind="xml"), cell("category[v[4]]", kind="xml"),
        cell("agency[v[5]]", kind="xml"), cell("unit[v[5]]", kind="xml"), cell("commune[v[6]]", kind="xml"),
        *(cell(f"v[{7 + k}]", style=money_style) for k in range(sources)),
        cell(" + ".join(f"v[{7 + k}]" for k in range(sources)), style=money_style, optional=False),
        *(cell(f"v[{i + k}]") for k in range(counts)),
        cell(f"status[v[{i + counts}]]", kind="xml"), cell(f"confirmation[v[{i + counts + 1}]]", kind="xml"),
    ]
    source = "def write_row(n, v):\n    return ''.join(('<row r=\"%s\">' % n, " + ", ".join(cells) + ", '</row>'))\n"
    texts = {}

    def text(value):
        """Titles (mostly unique) escaped as they come; a repeated one once, within a bound."""
        xml = texts.get(value)
        if xml is None:
            if len(texts) > 20_000:
                texts.clear()
            xml = texts[value] = text_xml(value)
        return xml

    namespace = {"EPOCH": EPOCH, "text": text, "category": category, "agency": agency, "unit": unit,
                 "commune": commune, "status": status, "confirmation": confirmation}
    exec(compile(source, "<activity export row>", "exec"), namespace)  # our own column list; no input in it
    return namespace["write_row"]
