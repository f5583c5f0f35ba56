"""What every workbook the portal writes shares: text that never runs as a formula, the đồng and
date formats, and A4 landscape printing."""

from openpyxl.worksheet.worksheet import Worksheet

# A cell starting with one of these would be run as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = '#,##0 "₫"'
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
