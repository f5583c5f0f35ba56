"""What every workbook the portal writes shares: text that never runs as a formula, the đồng and
date formats, and A4 landscape printing."""

import datetime

from lxml import etree
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

# A cell starting with one of these would be run as a formula (CSV/formula injection).
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
    """Text that a spreadsheet will never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


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
    """The rest of a `<c r=".." s="..` cell after its style: an inline string (never a formula)."""
    value = safe_text(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
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
