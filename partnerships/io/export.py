"""The activity list as an Excel workbook: same FilterSet, same scoping as the page."""

import io

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from common.spreadsheet import DATE_FORMAT, MONEY_FORMAT, print_on_a4_landscape, safe_text
from partnerships.models import (
    Activity,
    ActivityStatus,
    ConfirmationStatus,
)
from partnerships.web.activities.forms import COUNT_FIELDS


def _export_columns():
    money = [("budget_state", _("Kinh phí nhà nước (đồng)")), ("budget_society", _("Xã hội hóa (đồng)")),
             ("budget_in_kind", _("Hiện vật quy đổi (đồng)")), ("money_total", _("Tổng kinh phí (đồng)"))]
    counts = [(name, Activity._meta.get_field(name).verbose_name) for name in COUNT_FIELDS]
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
    headers = [_("Mã"), _("Ngày bắt đầu"), _("Ngày kết thúc"), _("Tên hoạt động"), _("Loại hoạt động"),
               _("Cơ quan, đơn vị"), _("Địa phương kết nghĩa"), _("Xã thực hiện")]
    headers += [label for _name, label in money] + [str(label) for _name, label in counts]
    headers += [_("Trạng thái"), _("Xác nhận của địa phương")]
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
