"""What every workbook the portal writes shares: text that never runs as a formula, the đồng and
date formats, and A4 landscape printing."""

import datetime

from lxml import etree
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.cell.rich_text import CellRichText
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

# A CSV field starting with one of these would be run as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Numbers carry the Vietnamese locale tag ([$-42A], LCID 0x042A): LibreOffice then groups digits
# with dots and writes decimals with a comma whatever the viewer's own locale, so an English
# LibreOffice prints "1.250.000 ₫", not "1,250,000 ₫". The value stays a number (sums, filters).
# (Excel ignores the tag for separators and uses the viewer's settings.)
VI = "[$-42A]"
MONEY_FORMAT = VI + '#,##0" ₫"'
COUNT_FORMAT = VI + "#,##0"
DATE_FORMAT = "dd/mm/yyyy"


def safe_text(value) -> str:
    """Text for a CSV file that a spreadsheet will never run as a formula: a field has no type
    there, so one starting with = + - @ (tab, CR) is written after an apostrophe. In a workbook
    use `cell_text`, which keeps the text as typed."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def cell_text(value) -> str | CellRichText:
    """Text for a workbook cell (`sheet.append`, `sheet.cell`, `WriteOnlyCell`), shown exactly as
    typed and never evaluated: every text cell is a string cell (openpyxl writes it as an inline
    string), except that openpyxl takes a text starting with "=" for a formula and "#N/A" and its
    kind for an error; those are given as openpyxl's explicit string value (CellRichText), whose
    cell is a string cell whatever it starts with. (+ - @ are strings already.)"""
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    if (len(text) > 1 and text.startswith("=")) or text in ERROR_CODES:
        return CellRichText(text)
    return text


def print_on_a4_landscape(sheet, pages_wide: int = 1) -> None:
    """A4 landscape, `pages_wide` pages across and as many down as the rows need."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = pages_wide
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


class StreamingSheet(WriteOnlyWorksheet):
    """openpyxl's write-only worksheet that also takes a data row already built as one XML element.

    openpyxl builds a Cell object per value and writes it element by element; on the 100 000-row
    activity sheet that per-value work was most of the build time. Data rows here are built
    directly as `<row>` elements (same cell XML as openpyxl writes: inline strings, numbers,
    style ids registered through openpyxl) and stream to the same temporary file, so memory
    stays flat. Title and header rows still go through openpyxl's own append().

    `append_xml(text)` goes one step further for the largest sheets (the activity export): the
    rows' XML text is written as it is to a side file, never parsed and re-serialised by lxml, and
    spliced into the sheet where a marker row stands when the sheet is closed (the sheet's own file
    then holds only the header and the page setup: a few KB). Rows given that way must come last.
    """

    _raw = None
    _MARKER = b'<row r="0" spans="splice"/>'

    def append_xml(self, text: str) -> None:
        if self._raw is None:
            import tempfile

            self.append_element(etree.fromstring(self._MARKER))
            self._raw = tempfile.TemporaryFile()
        self._raw.write(text.encode("utf-8"))

    def close(self) -> None:
        super().close()
        if self._raw is None:
            return
        import shutil

        with open(self._writer.out, "rb") as sheet:
            before, after = sheet.read().split(self._MARKER)
        self._raw.seek(0)
        with open(self._writer.out, "wb") as sheet:
            sheet.write(before)
            shutil.copyfileobj(self._raw, sheet, 1 << 20)
            sheet.write(after)
        self._raw.close()

    def discard(self) -> None:
        """Give up a sheet that will not be saved (an export that failed or was stopped): its row
        writer and its file writer are generators nested in each other; closed here, inner first,
        and their temporary files removed. Left to the garbage collector they close in any order,
        and an inner one closing last writes into a finished file (lxml's "not in an element",
        an exception nobody can catch)."""
        if self._writer is not None:
            if self._rows is not None:
                self._rows.close()
            self._writer.close()
            self._writer.cleanup()
        if self._raw is not None:
            self._raw.close()

    def append_element(self, element) -> None:
        self._get_writer()
        if self._rows is None:
            self._rows = self._write_rows()
            next(self._rows)
        self._rows.send(element)

    def _write_rows(self):
        # openpyxl's WriteOnlyWorksheet._write_rows, plus the pre-built element case.
        try:
            xf = self._writer.xf.send(True)
        except StopIteration:
            self._already_saved()
        with xf.element("sheetData"):
            row_idx = 1
            try:
                while True:
                    row = yield
                    if isinstance(row, etree._Element):
                        xf.write(row)
                    else:
                        self._writer.write_row(xf, self._values_to_row(row, row_idx), row_idx)
                    row_idx += 1
            except GeneratorExit:
                pass
        self._writer.xf.send(None)


def text_xml(value) -> str:
    """The rest of a `<c r=".." s="..` cell after its style: an inline string, shown as typed
    (one starting with = + - @ too: an inline string is never a formula)."""
    value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'" t="inlineStr"><is><t{space}>{escaped}</t></is></c>'


def number_xml(value) -> str:
    """The same for a number, a date (as Excel's serial number) or a boolean."""
    if isinstance(value, datetime.date):
        value = to_excel(value)
    elif isinstance(value, bool):
        return f'" t="b"><v>{int(value)}</v></c>'
    elif isinstance(value, float):
        return f'" t="n"><v>{value!r}</v></c>'
    elif isinstance(value, str):  # a label in a number column ("Tổng cộng")
        return text_xml(value)
    return f'" t="n"><v>{value}</v></c>'


# --- a list as a workbook -------------------------------------------------------------------

TEXT, DATE, MONEY, COUNT, ID, SHARE = "text", "date", "money", "count", "id", "share"
SHARE_FORMAT = VI + "0.0%"
LINE_HEIGHT = 15  # points per line of 11 pt text
CHARS_PER_WIDTH = 1.15  # characters of Vietnamese text per unit of column width, roughly


def _lines(text: str, width: float) -> int:
    per_line = max(int(width * CHARS_PER_WIDTH), 1)
    return sum(max(-(-len(part) // per_line), 1) for part in (text or "").split("\n"))


def list_workbook(*, sheet_title: str, title: str, subtitle: str = "", columns, rows, stream=None, on_row=None):
    """A list as an .xlsx stream that prints cleanly on A4 (one sheet, see `write_list_sheet`).
    Written to `stream` when given (a background job's file); `on_row()` after each row."""
    return tables_workbook([(sheet_title, title, subtitle, columns, rows)], stream=stream, on_row=on_row)


def tables_workbook(tables, *, stream=None, on_row=None):
    """Several tables, one sheet each: `tables` = [(sheet title, title, subtitle, columns, rows)]."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_title, title, subtitle, columns, rows in tables:
        write_list_sheet(workbook.create_sheet(sheet_title[:31]), title=title, subtitle=subtitle, columns=columns,
                         rows=rows, on_row=on_row)
    stream = stream if stream is not None else io.BytesIO()
    workbook.save(stream)
    if stream.seekable():
        stream.seek(0)
    return stream


def write_list_sheet(sheet, *, title: str, subtitle: str = "", columns, rows, on_row=None) -> None:
    """A bold title and the list's conditions merged over the sheet's width, a header row repeated
    on every printed page, then one row per item. `columns`: (heading, kind, width) with kind
    TEXT, DATE (dd/mm/yyyy), MONEY (đồng with dots), COUNT (dots), SHARE (a percentage), ID (a
    plain number); `rows`: tuples of values in that order. Text is a string cell shown as typed,
    never a formula (`cell_text`); wrapped rows get the height their longest cell needs (nothing
    overprints when printed)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    last = get_column_letter(len(columns))
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append([cell_text(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.merge_cells(f"A1:{last}1")
    sheet.append([cell_text(subtitle)])
    sheet["A2"].alignment = wrap
    sheet.merge_cells(f"A2:{last}2")
    total_width = sum(width for _heading, _kind, width in columns)
    sheet.row_dimensions[2].height = LINE_HEIGHT * _lines(subtitle, total_width)
    header_lines = 1
    for index, (heading, _kind, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=3, column=index, value=cell_text(str(heading)[:1].upper() + str(heading)[1:]))
        cell.font = Font(bold=True)
        cell.alignment = wrap
        header_lines = max(header_lines, _lines(str(heading), width))
    sheet.row_dimensions[3].height = LINE_HEIGHT * header_lines
    formats = {DATE: DATE_FORMAT, MONEY: MONEY_FORMAT, COUNT: COUNT_FORMAT, ID: "0", SHARE: SHARE_FORMAT}
    number = 3
    for values in rows:
        number += 1
        lines = 1
        for index, ((_heading, kind, width), value) in enumerate(zip(columns, values), start=1):
            if kind == TEXT:
                lines = max(lines, _lines("" if value is None else str(value), width))
                value = cell_text(value)
            cell = sheet.cell(row=number, column=index, value=value)
            if kind == TEXT:
                cell.alignment = wrap
            elif value is not None:
                cell.number_format = formats[kind]
                cell.alignment = Alignment(vertical="top")
        if lines > 1:
            sheet.row_dimensions[number].height = LINE_HEIGHT * lines
        if on_row is not None:
            on_row()
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "3:3"
    print_on_a4_landscape(sheet)
