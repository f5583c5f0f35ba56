"""A pivot as a file: .xlsx (title block, grouped headers repeated on every printed page, numbers
as numbers in đồng / counts / percentages with Vietnamese separators, totals row and column, A4
landscape) and .csv (UTF-8 with a byte-order mark so that Excel reads the diacritics). Both are
written from the `PivotTable` the page shows, so the file holds exactly the page's figures."""

import csv
import io

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from common.spreadsheet import COUNT_FORMAT, MONEY_FORMAT, VI, cell_text, print_on_a4_landscape, safe_text
from reports.filters import ReportFilter
from reports.pivot.table import PivotTable, describe

SHARE_FORMAT = VI + "0.0%"
FORMATS = {"money": MONEY_FORMAT, "count": COUNT_FORMAT, "share": SHARE_FORMAT}
TITLE_ROWS = 5  # title, criteria, scope and date, blank, then the headers
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E9ECEF")


def pivot_filename(f: ReportFilter, kind: str) -> str:
    years = str(f.year_from) if f.is_single_year else f"{f.year_from}-{f.year_to}"
    return f"bang-tong-hop-{years}.{kind}"


def _column_blocks(table: PivotTable) -> list[tuple[tuple[str, ...], list]]:
    """(heading, cells per row) for each block of measure columns: the column values, then the totals."""
    blocks = [(c.labels, [row.cells[i] for row in table.rows], table.column_totals[i])
              for i, c in enumerate(table.columns)]
    blocks.append(((_("Tổng cộng"),), [row.total for row in table.rows], table.grand_total))
    return blocks


def pivot_xlsx(table: PivotTable, f: ReportFilter, *, scope: str) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Bảng tổng hợp")
    n_dims, measures = len(table.row_dims), table.measures
    blocks = _column_blocks(table)
    width = n_dims + len(blocks) * len(measures)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")

    sheet.cell(1, 1, _("BẢNG TỔNG HỢP HOẠT ĐỘNG HỖ TRỢ KẾT NGHĨA")).font = Font(bold=True, size=13)
    sheet.cell(2, 1, cell_text(" · ".join(describe(f, table.layout))))
    sheet.cell(3, 1, cell_text(_("Phạm vi: %(scope)s · Lập ngày %(date)s") % {
        "scope": scope, "date": date_format(timezone.localdate(), "d/m/Y")}))
    for row in (1, 2, 3):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        sheet.cell(row, 1).alignment = Alignment(horizontal="left", wrap_text=True)

    top = TITLE_ROWS
    head_rows = 2 if table.columns else 1
    for i, dim in enumerate(table.row_dims, start=1):
        cell = sheet.cell(top, i, str(dim.label))
        if head_rows == 2:
            sheet.merge_cells(start_row=top, start_column=i, end_row=top + 1, end_column=i)
    column = n_dims + 1
    for labels, _cells, _total in blocks:
        if head_rows == 2:
            sheet.cell(top, column, cell_text(" · ".join(labels)))
            if len(measures) > 1:
                sheet.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + len(measures) - 1)
        for j, measure in enumerate(measures):
            sheet.cell(top + head_rows - 1, column + j, str(measure.label))
        column += len(measures)
    for r in range(top, top + head_rows):
        for c in range(1, width + 1):
            cell = sheet.cell(r, c)
            cell.font, cell.alignment, cell.fill, cell.border = bold, wrap, HEAD_FILL, BOX

    first = top + head_rows
    for index, row in enumerate(table.rows):
        r = first + index
        for i, label in enumerate(row.header.labels, start=1):
            sheet.cell(r, i, cell_text(label)).border = BOX
        column = n_dims + 1
        for _labels, cells, _total in blocks:
            _numbers(sheet, r, column, cells[index], measures)
            column += len(measures)
    total_row = first + len(table.rows)
    sheet.cell(total_row, 1, _("Tổng cộng"))
    if n_dims > 1:
        sheet.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=n_dims)
    column = n_dims + 1
    for _labels, _cells, total in blocks:
        _numbers(sheet, total_row, column, total, measures)
        column += len(measures)
    for c in range(1, width + 1):
        cell = sheet.cell(total_row, c)
        cell.font, cell.border = bold, BOX

    for i in range(1, n_dims + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 34
    for i in range(n_dims + 1, width + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 17
    sheet.row_dimensions[top + head_rows - 1].height = 45
    sheet.freeze_panes = sheet.cell(first, n_dims + 1)
    sheet.print_title_rows = f"{top}:{top + head_rows - 1}"
    sheet.print_title_cols = f"A:{get_column_letter(n_dims)}"
    # One page wide while the text stays readable (about twelve value columns), more beyond.
    print_on_a4_landscape(sheet, pages_wide=max(1, -(-(width - n_dims) // 12)))
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


def _numbers(sheet, r, column, cell_values, measures):
    for j, measure in enumerate(measures):
        value = cell_values.get(measure.key)
        cell = sheet.cell(r, column + j, float(value) if measure.kind == "share" and value is not None else value)
        cell.number_format = FORMATS[measure.kind]
        cell.border = BOX


def pivot_csv(table: PivotTable) -> str:
    """One header line (column value – measure), one line per row, the totals last. Money in whole
    đồng, shares in percent with one decimal (a dot: CSV is read by programs)."""
    out = io.StringIO()
    writer = csv.writer(out)
    blocks = _column_blocks(table)
    header = [str(d.label) for d in table.row_dims]
    for labels, _cells, _total in blocks:
        for m in table.measures:
            name = str(m.label) + (" (%)" if m.kind == "share" else "")
            header.append(safe_text(" · ".join(labels) + " – " + name))
    writer.writerow(header)

    def numbers(values):
        out = []
        for m in table.measures:
            value = values.get(m.key)
            out.append("" if value is None else (round(float(value) * 100, 1) if m.kind == "share" else value))
        return out

    for index, row in enumerate(table.rows):
        line = [safe_text(label) for label in row.header.labels]
        for _labels, cells, _total in blocks:
            line += numbers(cells[index])
        writer.writerow(line)
    line = [_("Tổng cộng")] + [""] * (len(table.row_dims) - 1)
    for _labels, _cells, total in blocks:
        line += numbers(total)
    writer.writerow(line)
    return "\ufeff" + out.getvalue()
