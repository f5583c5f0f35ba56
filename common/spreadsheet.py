"""What every workbook the portal writes shares: text that never runs as a formula, the đồng and
date formats, and A4 landscape printing."""

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
