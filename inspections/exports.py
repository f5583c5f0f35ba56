"""The commendation list as the attachment of a commendation decision (Word and Excel).

The usual layout of such an attachment ("Danh sách tập thể, cá nhân được khen thưởng, kèm theo
Quyết định số .../QĐ-... ngày ..."): collectives first, then individuals, each numbered, with
the form of commendation and the achievement.
"""

import datetime
import io

from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.spreadsheet import cell_text, print_on_a4_landscape
from partnerships.names import report_names

from .models import Commendation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _heading(review) -> tuple[str, str]:
    title = _("DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC ĐỀ NGHỊ KHEN THƯỞNG")
    if review.decision_number and review.decision_date:
        subtitle = _("(Kèm theo Quyết định số %(number)s ngày %(date)s)") % {
            "number": review.decision_number, "date": review.decision_date.strftime("%d/%m/%Y")}
    else:
        subtitle = _("(%(title)s, giai đoạn %(years)s)") % {"title": review.title, "years": review.years_label}
    return title, subtitle


def _names_on(review) -> datetime.date:
    """The issuing body in force on the decision's date, or (no decision yet) on the last day of the
    review's period, as the annual report does: a list for 2021–2026 after the 2025 reform carries
    the new body once its row is entered."""
    return review.decision_date or datetime.date(review.year_to, 12, 31)


def _groups(rows):
    collectives = [row for row in rows if row.kind == Commendation.Kind.COLLECTIVE]
    individuals = [row for row in rows if row.kind == Commendation.Kind.INDIVIDUAL]
    return [(_("I. TẬP THỂ"), collectives), (_("II. CÁ NHÂN"), individuals)]


def _line(row) -> list[str]:
    if row.kind == Commendation.Kind.COLLECTIVE:
        return [str(row.agency or row.unit), "", "", row.get_form_display(), row.achievement]
    return [row.person_name, row.position, row.body, row.get_form_display(), row.achievement]


def _filename(review, ext):
    return f"danh-sach-khen-thuong-{slugify(review.years_label) or review.pk}.{ext}"


def commendation_xlsx(review, rows):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Danh sách khen thưởng")
    print_on_a4_landscape(sheet)
    title, subtitle = _heading(review)
    sheet.append([cell_text(title)])
    sheet.append([cell_text(subtitle)])
    sheet.append([])
    headers = [_("STT"), _("Tên tập thể / Họ và tên"), _("Chức vụ"), _("Đơn vị công tác"), _("Hình thức khen thưởng"),
               _("Thành tích")]
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=13)
    for group, members in _groups(rows):
        sheet.append([cell_text(group)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for number, row in enumerate(members, start=1):
            sheet.append([number, *[cell_text(value) for value in _line(row)]])
    for letter, width in zip("ABCDEF", (6, 40, 22, 32, 30, 50)):
        sheet.column_dimensions[letter].width = width
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream, _filename(review, "xlsx"), XLSX


def commendation_docx(review, rows):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    title, subtitle = _heading(review)
    issuer = document.add_paragraph(report_names(_names_on(review)).issuer)
    issuer.runs[0].bold = True
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(title).bold = True
    sub = document.add_paragraph(subtitle)
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.runs[0].italic = True
    headers = [_("STT"), _("Tên tập thể / Họ và tên"), _("Chức vụ"), _("Đơn vị công tác"), _("Hình thức khen thưởng"),
               _("Thành tích")]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for group, members in _groups(rows):
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        merged.text = ""
        merged.paragraphs[0].add_run(group).bold = True
        for number, row in enumerate(members, start=1):
            cells = table.add_row().cells
            for cell, text in zip(cells, [str(number), *_line(row)]):
                cell.text = text
    stream = io.BytesIO()
    document.save(stream)
    stream.seek(0)
    return stream, _filename(review, "docx"), DOCX


def inspection_list_xlsx(rows, *, year: int, conditions=()):
    """The inspection list as its page shows it (the same scoped, filtered rows) as .xlsx."""
    from django.utils import timezone

    from common.spreadsheet import COUNT, DATE, TEXT, list_workbook
    from partnerships.io.columns import ACTIVITY_HEADING as A

    columns = [(_("Ngày dự kiến"), DATE, 12), (_("Ngày thực hiện"), DATE, 12), (_("Hình thức"), TEXT, 14),
               (_("Đối tượng"), TEXT, 34), (_("Nội dung"), TEXT, 40), (_(A["status"]), TEXT, 16),
               (_("Số kiến nghị"), COUNT, 10), (_("Kiến nghị quá hạn"), COUNT, 10)]
    values = ((row.planned_date, row.done_date, row.get_kind_display(), row.target_name, row.subject,
               row.get_status_display(), row.recommendation_count or 0, row.overdue_count or 0) for row in rows)
    made = _("Xuất ngày %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}
    return list_workbook(sheet_title=_("Kiểm tra, giám sát"),
                         title=_("Kiểm tra, giám sát năm %(year)s") % {"year": year},
                         subtitle="; ".join([*conditions, made]), columns=columns, rows=values)
