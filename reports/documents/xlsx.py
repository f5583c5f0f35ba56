"""The annual report's workbook, written streaming (openpyxl write-only mode).

Every sheet has the same shape: a title block naming the issuing body and the period, merged over
the sheet's full width; one header row, or two where columns are grouped (frozen, filtered,
repeated on every printed page, as tall as their text); data rows with numbers as numbers (money
in đồng, shares as percentages, dates as dd/mm/yyyy, all with Vietnamese separators in any
viewer's locale), each as tall as its longest wrapped text; and a totals row where sums make sense.
Pages print A4 landscape: one page wide when that keeps the text at 8 pt or more, otherwise
several pages wide at 8 pt with the row number and name repeated. Text never starts with = + - @
(a spreadsheet would run it as a formula): such text gets a leading apostrophe.

Longer than 400 lines on purpose: `Sheet` (layout, print scale, streaming) and the sheets built
on it are read together; each sheet is a short function of the report.
"""

import io

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from common.spreadsheet import COUNT_FORMAT, DATE_FORMAT, MONEY_FORMAT, VI, StreamingSheet, cell_text, print_on_a4_landscape
from common.spreadsheet import number_xml as _number_xml
from common.spreadsheet import text_xml as _text_xml
from common.templatetags.ketnghia import SHARE_CHANGE_UNIT
from partnerships import geography
from partnerships.models import ConfirmationStatus, DevelopmentModel
from reports import selectors
from reports.models import Classification

HEADER_ROW = 6  # the first header row; a sheet with grouped columns has a second one below
MONEY = MONEY_FORMAT
COUNT = COUNT_FORMAT
SHARE = VI + "0.0%"
CHANGE = VI + "+0.0%;-0.0%;0.0%"
# A share's change is a difference of percentages: in percentage points, as on the pages
# (common/templatetags/ketnghia.py: SHARE_CHANGE_UNIT), never as a relative "%".
POINTS = VI + ";".join(f'{sign}0.0" {SHARE_CHANGE_UNIT}"' for sign in ("+", "-", ""))
SCORE = VI + "0.0"
DATE = DATE_FORMAT

MIN_PRINT_SCALE = 73  # percent: 11 pt printed at 73 % is 8 pt, the smallest a reader should get
# A4 landscape minus the margins below (0,5 + 0,4 inch), in pixels at 96 dpi.
PRINTABLE_PX = round((297 / 25.4 - 0.9) * 96)
LINE_HEIGHT = 15  # points per line of 11 pt text

# column kind → (number format, default width)
KINDS = {
    "text": (None, 28),
    "long": (None, 40),
    "short": (None, 14),
    "count": (COUNT, 12),
    "money": (MONEY, 18),
    "share": (SHARE, 11),
    "change": (CHANGE, 12),
    "points": (POINTS, 12),
    "score": (SCORE, 9),
    "date": (DATE, 12),
    "stt": ("0", 6),
    "id": ("0", 11),  # a record's number: plain digits, never "1.318"
    "place": (None, 20),  # district and commune names ("Huyện Bắc Trà My", "Thị trấn Trung Phước")
}
WRAPPED = {"text", "long", "place"}


def column_px(width: float) -> int:
    """A column's printed width in pixels at 96 dpi and 100 %. Excel draws 7 px per unit of width;
    LibreOffice prints wider, about 9,7 px (measured on its PDF of this workbook): the wider
    figure is used, so that neither prints below 8 pt."""
    return int(width * 9.7)


def wrapped_lines(text: str, width: float, bold: bool = False) -> int:
    """How many lines `text` takes in a wrapped cell `width` characters wide (greedy word wrap;
    Times New Roman runs about one character per unit of width, bold a little wider)."""
    capacity = max(4, int(width * (0.92 if bold else 1.0)) - 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size > capacity:
                lines += 1
                used = 0
            used += size + (1 if used else 0)
            while used > capacity:  # a word longer than the line
                lines += 1
                used -= capacity
    return max(lines, 1)


def print_scale(widths) -> tuple[int, int]:
    """(pages wide, scale in percent) for columns of these widths: one page when the scale that
    takes stays at MIN_PRINT_SCALE or more, otherwise as many pages as MIN_PRINT_SCALE needs."""
    total = sum(column_px(w) for w in widths)
    fit = PRINTABLE_PX * 100 // total
    if fit >= 100:
        return 1, 100
    if fit >= MIN_PRINT_SCALE:
        return 1, fit
    return -(-total * MIN_PRINT_SCALE // (PRINTABLE_PX * 100)), MIN_PRINT_SCALE



def _value(value):
    if isinstance(value, Promise):  # lazy translations (choice labels)
        value = str(value)
    return cell_text(value) if isinstance(value, str) else value


TEXT_KINDS = {"text", "long", "short", "place"}


class Sheet:
    """One worksheet of the report, written top to bottom.

    `columns`: (header, kind) or (header, kind, group). Consecutive columns of one group get a
    merged group header above their own headers; columns without a group span both header rows.
    """

    def __init__(self, book: Workbook, report, name: str, title: str, columns: list[tuple],
                 note: str = ""):
        self.ws = ws = StreamingSheet(parent=book, title=name)
        book._add_sheet(ws)
        self.kinds = [column[1] for column in columns]
        self.widths = [KINDS[kind][1] for kind in self.kinds]
        groups = [column[2] if len(column) > 2 else None for column in columns]
        self.header_rows = 2 if any(groups) else 1
        self.first_data_row = HEADER_ROW + self.header_rows
        self.rows = 0
        self.letters = [get_column_letter(index) for index in range(1, len(columns) + 1)]
        for letter, width in zip(self.letters, self.widths):
            ws.column_dimensions[letter].width = width
        last_header = self.first_data_row - 1
        ws.freeze_panes = f"C{self.first_data_row}" if len(columns) > 6 else f"A{self.first_data_row}"
        ws.print_title_rows = f"{HEADER_ROW}:{last_header}"
        # Never shrink below 8 pt to squeeze a wide sheet onto one page: it prints several pages
        # wide instead, each repeating the row's number and name.
        pages_wide, scale = print_scale(self.widths)
        print_on_a4_landscape(ws, pages_wide=1)
        if pages_wide > 1:
            ws.sheet_properties.pageSetUpPr.fitToPage = False
            ws.page_setup.scale = scale
            ws.print_title_cols = "A:B"
        last = self.letters[-1]
        for row in range(1, HEADER_ROW):
            ws.merged_cells.add(f"A{row}:{last}{row}")
        ws.page_margins = PageMargins(left=0.5, right=0.4, top=0.6, bottom=0.6)
        ws.print_options.horizontalCentered = True
        ws.oddFooter.center.text = _("Trang &P / &N")

        bold, big = Font(name="Times New Roman", bold=True), Font(name="Times New Roman", bold=True, size=13)
        italic = Font(name="Times New Roman", italic=True)
        self._styles = self._make_styles()
        total_width = sum(self.widths)
        top = [(report.parent_body.upper(), bold), (report.issuer.upper(), bold),
               (f"{title} – {report.period_label}".upper(), big)]
        scope = _("Phạm vi: %(scope)s. Chỉ tính hoạt động đã duyệt; năm báo cáo là năm của ngày bắt đầu hoạt động. "
                  "Lập ngày %(date)s.") % {"scope": report.scope_label,
                                          "date": date_format(timezone.localdate(report.generated_at), "d/m/Y")}
        top += [(scope, italic), (note, italic)]
        left = Alignment(wrap_text=True, vertical="top", horizontal="left")
        for index, (text, font) in enumerate(top, start=1):
            if text:
                lines = wrapped_lines(text, total_width * (0.85 if font.size == 13 else 1), font.bold)
                ws.row_dimensions[index].height = lines * (LINE_HEIGHT + 2 if font.size == 13 else LINE_HEIGHT)
            ws.append([self._cell(text, font=font, alignment=left)] if text else [])
        header_font = Font(name="Times New Roman", bold=True, color="FFFFFF")
        fill = PatternFill("solid", fgColor="1F4E79")
        wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")

        def header_cell(text):
            return self._cell(text, font=header_font, fill=fill, alignment=wrap)

        if self.header_rows == 1:
            heights = [wrapped_lines(c[0], w, bold=True) for c, w in zip(columns, self.widths)]
            ws.row_dimensions[HEADER_ROW].height = max(heights) * LINE_HEIGHT + 6
            ws.append([header_cell(c[0]) for c in columns])
        else:
            # Group row: the group's name merged over its columns; ungrouped columns span both rows.
            spans, start = [], 0
            for index in range(1, len(columns) + 1):
                if index == len(columns) or groups[index] != groups[start] or groups[start] is None:
                    spans.append((start, index - 1, groups[start]))
                    start = index
            top_row, sub_row = [None] * len(columns), [None] * len(columns)
            group_lines, sub_lines = [1], [1]
            for first, end, group in spans:
                a, b = self.letters[first], self.letters[end]
                if group is None:
                    top_row[first] = columns[first][0]
                    ws.merged_cells.add(f"{a}{HEADER_ROW}:{a}{HEADER_ROW + 1}")
                    continue
                top_row[first] = group
                group_lines.append(wrapped_lines(group, sum(self.widths[first:end + 1]), bold=True))
                if end > first:
                    ws.merged_cells.add(f"{a}{HEADER_ROW}:{b}{HEADER_ROW}")
                for i in range(first, end + 1):
                    sub_row[i] = columns[i][0]
                    sub_lines.append(wrapped_lines(columns[i][0], self.widths[i], bold=True))
            ws.row_dimensions[HEADER_ROW].height = max(group_lines) * LINE_HEIGHT + 6
            ws.row_dimensions[HEADER_ROW + 1].height = max(sub_lines) * LINE_HEIGHT + 6
            ws.append([header_cell(text or "") for text in top_row])
            ws.append([header_cell(text or "") for text in sub_row])
        self.width = len(columns)

    def _cell(self, value, **style):
        cell = WriteOnlyCell(self.ws, value=_value(value))
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    def _make_styles(self) -> dict:
        """The style id of each column kind (plain and bold), registered through a prototype cell."""
        styles = {}
        for kind, (number_format, _width) in KINDS.items():
            for bold in (False, True):
                cell = WriteOnlyCell(self.ws)
                cell.font = Font(name="Times New Roman", bold=bold)
                if number_format:
                    cell.number_format = number_format
                if kind in WRAPPED:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                else:
                    cell.alignment = Alignment(vertical="top")
                styles[(kind, bold)] = str(cell.style_id)
        return styles

    def append(self, values, bold: bool = False) -> None:
        number = self.first_data_row + self.rows
        self.rows += 1
        # The same cell XML openpyxl writes (inline strings, numbers, dates as serial numbers),
        # built as one string per row: per-value Cell objects were most of the build time.
        cells, lines = [], 1
        for letter, value, kind, width in zip(self.letters, values, self.kinds, self.widths):
            if value is None or value == "":
                continue
            head = f'<c r="{letter}{number}" s="{self._styles[(kind, bold)]}'
            if kind in TEXT_KINDS:
                cells.append(head + _text_xml(value))
                if kind in WRAPPED and len(str(value)) >= width - 2:
                    lines = max(lines, wrapped_lines(value, width, bold))
            else:
                cells.append(head + _number_xml(value))
        # A wrapped cell's row is given its height: spreadsheets print a row at the height stored
        # in the file, so without it long names overprint the next row.
        height = f' ht="{lines * LINE_HEIGHT}" customHeight="1"' if lines > 1 else ""
        self.ws.append_element(etree.fromstring(f'<row r="{number}"{height}>' + "".join(cells) + "</row>"))

    def close(self) -> None:
        if self.rows:
            last = self.first_data_row + self.rows - 1
            self.ws.auto_filter.ref = f"A{self.first_data_row - 1}:{get_column_letter(self.width)}{last}"


def plain_number(value) -> str:
    """90 → '90', Decimal('92.50') → '92,5': a threshold as a person writes it."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _kind_of(figure) -> str:
    return {"money": "money", "share": "share"}.get(figure.kind, "count")


def _summary(book, report):
    # Nothing before it in the programme (`report.compared`): no previous column, no change.
    compared = report.compared
    columns = [(_("STT"), "stt"), (_("Chỉ tiêu"), "long"), (report.current_label, "money"),
               *([(report.previous_label, "money"), (_("Tăng, giảm"), "change")] if compared else []),
               (_("Đơn vị tính"), "short")]
    sheet = Sheet(book, report, _("Tổng hợp"), _("Số liệu chủ yếu"), columns,
                  note=_("Cột kỳ trước: kỳ có cùng độ dài ngay trước kỳ báo cáo.") if compared else "")
    units = {"money": _("đồng"), "share": "%", "count": ""}
    for number, figure in enumerate(report.figures, start=1):
        kind = _kind_of(figure)
        is_share = figure.kind == "share"
        unit = units[figure.kind] or (_("hoạt động") if figure.key == "activities" else "")
        if not compared:
            sheet.kinds = ["stt", "long", kind, "short"]
            sheet.append([number, str(figure.label), figure.value, unit])
            continue
        sheet.kinds = ["stt", "long", kind, kind, "points" if is_share else "change", "short"]
        change = figure.change * 100 if is_share and figure.change is not None else figure.change
        sheet.append([number, str(figure.label), figure.value, figure.previous, change, unit])
    sheet.close()


def _matrix(book, report):
    matrix = report.matrix
    columns = [(_("STT"), "stt"), (_("Huyện, thị xã, thành phố"), "place")]
    # Grouped headers: the category's name once, over its two columns.
    for category in matrix["categories"]:
        columns += [(_("Số hoạt động"), "count", category.name), (_("Kinh phí"), "money", category.name)]
    columns += [(_("Số hoạt động"), "count", _("Tổng cộng")), (_("Kinh phí"), "money", _("Tổng cộng"))]
    sheet = Sheet(book, report, _("Huyện - loại hoạt động"), _("Kết quả theo huyện và loại hoạt động"), columns)
    for number, row in enumerate(matrix["rows"], start=1):
        cells = [value for cell in row["cells"] for value in (cell["count"], cell["money_total"])]
        sheet.append([number, row["label"], *cells, row["count"], row["money_total"]])
    totals = [value for cell in matrix["totals"] for value in (cell["count"], cell["money_total"])]
    sheet.append(["", _("Tổng cộng"), *totals, sum(r["count"] for r in matrix["rows"]),
                  sum(r["money_total"] for r in matrix["rows"])], bold=True)
    sheet.close()


AGENCY_SUMS = ("partnerships", "count", "money_state", "money_society", "money_in_kind", "money_total")


def _agencies(book, report):
    columns = [
        (_("STT"), "stt"), (_("Cơ quan, đơn vị"), "text"), (_("Loại"), "short"),
        (_("Số quan hệ kết nghĩa"), "count"), (_("Số hoạt động"), "count"),
        (_("Ngân sách nhà nước"), "money"), (_("Xã hội hóa"), "money"), (_("Hiện vật quy đổi"), "money"),
        (_("Tổng kinh phí"), "money"), (_("Tỷ lệ thiết thực (theo kinh phí)"), "share"),
        (_("Kinh phí kế hoạch"), "money"), (_("Hoàn thành kế hoạch kinh phí"), "share"),
        (_("Đào tạo, bồi dưỡng: kế hoạch"), "count"), (_("Đào tạo, bồi dưỡng: thực hiện"), "count"),
        (_("Việc làm: kế hoạch"), "count"), (_("Việc làm: thực hiện"), "count"),
        (_("Hộ thoát nghèo: kế hoạch"), "count"), (_("Hộ thoát nghèo: thực hiện"), "count"),
        (_("Mô hình: kế hoạch"), "count"), (_("Mô hình: xây dựng, nhân rộng"), "count"),
        (_("Địa phương xác nhận"), "count"), (_("Phản ánh chưa khớp"), "count"),
        (_("Điểm đánh giá"), "score"), (_("Xếp loại"), "text"),
    ]
    sheet = Sheet(book, report, _("Cơ quan, đơn vị"), _("Kết quả theo cơ quan, đơn vị"), columns)
    totals = dict.fromkeys(AGENCY_SUMS, 0)
    for number, item in enumerate(report.evaluation.agencies, start=1):
        row, plan = item.row, item.row["plan"]
        for key in AGENCY_SUMS:
            totals[key] += row[key]
        sheet.append([
            number, item.agency.name, item.agency.get_kind_display(), row["partnerships"], row["count"],
            row["money_state"], row["money_society"], row["money_in_kind"], row["money_total"],
            row["substantive_share_money"], plan["money_target"], row["plan_progress"]["money"],
            plan["people_trained_target"], row["people_trained"], plan["jobs_target"], row["jobs_created"],
            plan["households_out_of_poverty_target"], row["households_out_of_poverty"], plan["models_target"],
            row["models_built"] + row["models_replicated"], row["confirmed"], row["disputed"], item.score,
            item.classification_label,
        ])
    sheet.append(["", _("Tổng cộng"), "", *[totals[key] for key in AGENCY_SUMS]], bold=True)
    sheet.close()


ACTIVITY_FIELDS = (
    "pk", "start_date", "end_date", "partnership__agency__name", "district_name", "commune__name", "category__name",
    "category__is_substantive", "title", "budget_state", "budget_society", "budget_in_kind", "households_reached",
    "people_reached", "ethnic_minority_people", "people_trained", "jobs_created", "households_out_of_poverty",
    "development_model__name", "confirmation_status",
)
ACTIVITY_SUMS = range(9, 18)  # positions in ACTIVITY_FIELDS summed in the totals row


def _activities(book, report):
    columns = [
        (_("STT"), "stt"), (_("Mã hoạt động"), "id"), (_("Ngày bắt đầu"), "date"), (_("Ngày kết thúc"), "date"),
        (_("Cơ quan, đơn vị"), "text"), (_("Huyện"), "place"), (_("Xã"), "place"), (_("Loại hoạt động"), "text"),
        (_("Thiết thực"), "short"), (_("Tên hoạt động"), "long"), (_("Ngân sách nhà nước"), "money"),
        (_("Xã hội hóa"), "money"), (_("Hiện vật quy đổi"), "money"), (_("Tổng kinh phí"), "money"),
        (_("Số hộ được hỗ trợ"), "count"), (_("Số người được hỗ trợ"), "count"), (_("Người dân tộc thiểu số"), "count"),
        (_("Người được đào tạo"), "count"), (_("Việc làm"), "count"), (_("Hộ thoát nghèo"), "count"),
        (_("Mô hình liên quan"), "text"), (_("Xác nhận của địa phương"), "short"),
    ]
    sheet = Sheet(book, report, _("Hoạt động"), _("Danh sách hoạt động đã duyệt"), columns)
    district_name = geography.district_expr("partnership__unit", "name")
    rows = (
        selectors.activities(report.filter, report.user)
        .annotate(district_name=district_name)
        .order_by("start_date", "pk")
        .values_list(*ACTIVITY_FIELDS)
    )
    yes, no = _("Có"), _("Không")
    confirmation = dict(ConfirmationStatus.choices)
    totals = [0] * len(ACTIVITY_FIELDS)
    for number, r in enumerate(rows.iterator(chunk_size=2000), start=1):
        for i in ACTIVITY_SUMS:
            totals[i] += r[i]
        sheet.append([
            number, r[0], r[1], r[2], r[3], r[4], r[5] or "", r[6], yes if r[7] else no, r[8], r[9], r[10], r[11],
            r[9] + r[10] + r[11], r[12], r[13], r[14], r[15], r[16], r[17], r[18] or "", str(confirmation[r[19]]),
        ])
    money = totals[9] + totals[10] + totals[11]
    sheet.append(["", "", "", "", _("Tổng cộng"), "", "", "", "", "", totals[9], totals[10], totals[11], money,
                  *totals[12:18]], bold=True)
    sheet.close()


def _models(book, report):
    columns = [
        (_("STT"), "stt"), (_("Tên mô hình"), "long"), (_("Cơ quan, đơn vị"), "text"), (_("Huyện"), "place"),
        (_("Xã"), "place"), (_("Lĩnh vực"), "short"), (_("Giai đoạn"), "short"), (_("Số hộ tham gia"), "count"),
        (_("Ngày bắt đầu"), "date"), (_("Nhân rộng từ mô hình"), "text"), (_("Số lần được nhân rộng"), "count"),
    ]
    summary = report.models
    note = _("Mô hình xây dựng mới: %(built)s; mô hình nhân rộng: %(replicated)s.") % {
        "built": summary["models_built"], "replicated": summary["models_replicated"]}
    sheet = Sheet(book, report, _("Mô hình"), _("Mô hình phát triển kinh tế - xã hội và nhân rộng"), columns, note)
    for number, model in enumerate(summary["models"], start=1):
        source = model.replicated_from
        sheet.append([
            number, model.name, model.partnership.agency.name, geography.district_area_name(model.commune), model.commune.name,
            DevelopmentModel.Sector(model.sector).label, DevelopmentModel.Stage(model.stage).label, model.households,
            model.started_on, f"{source.name} ({source.commune.name})" if source else "", model.replica_count,
        ])
    sheet.append(["", _("Tổng cộng"), "", "", "", "", "", summary["households"], None, "",
                  sum(m.replica_count for m in summary["models"])], bold=True)
    sheet.close()


def _flags(unit) -> str:
    names = [(unit.is_mountainous, _("miền núi")), (unit.is_border, _("biên giới")),
             (unit.is_especially_difficult, _("đặc biệt khó khăn")),
             (unit.is_ethnic_minority_area, _("vùng đồng bào DTTS"))]
    return ", ".join(str(name) for flag, name in names if flag)


def _gaps(book, report):
    columns = [(_("STT"), "stt"), (_("Nội dung"), "text"), (_("Huyện"), "place"),
               (_("Xã hoặc cơ quan, đơn vị"), "text"), (_("Ghi chú"), "text")]
    sheet = Sheet(book, report, _("Khoảng trống"), _("Địa bàn và cơ quan chưa được bao phủ"), columns)
    gaps, number = report.gaps, 0
    sections = [
        (_("Xã mục tiêu chưa có cơ quan kết nghĩa"), gaps["communes_without_partner"]),
        (_("Xã có kết nghĩa nhưng chưa có hoạt động"), gaps["communes_without_activity"]),
    ]
    for label, communes in sections:
        for unit in communes:
            number += 1
            sheet.append([number, label, geography.district_area_name(unit), unit.name, _flags(unit)])
    for agency in gaps["agencies_without_activity"]:
        number += 1
        sheet.append([number, _("Cơ quan, đơn vị có kết nghĩa nhưng chưa có hoạt động"), "", agency.name,
                      agency.get_kind_display()])
    sheet.close()


def _evaluation(book, report):
    evaluation = report.evaluation
    criteria = [c for c in evaluation.criteria if c.is_active]
    columns = [(_("STT"), "stt"), (_("Cơ quan, đơn vị"), "text")]
    columns += [(_("%(label)s (tối đa %(weight)s điểm)") % {"label": c.get_code_display(), "weight": c.weight}, "score")
                for c in criteria]
    columns += [(_("Điểm (thang 100)"), "score"), (_("Xếp loại theo điểm"), "text"), (_("Xếp loại"), "text"),
                (_("Điều chỉnh xếp loại: lý do, người, thời điểm"), "long"), (_("Đề nghị khen thưởng"), "short")]
    bands = "; ".join(f"{Classification(b.classification).label} ≥ {plain_number(b.min_score)}" for b in evaluation.bands)
    sheet = Sheet(book, report, _("Đánh giá, khen thưởng"), _("Đánh giá, xếp loại và đề nghị khen thưởng"), columns,
                  note=_("Mức xếp loại: %(bands)s. Tiêu chí không đánh giá được để trống.") % {"bands": bands})
    for number, item in enumerate(evaluation.agencies, start=1):
        points = {c.code: c.points for c in item.breakdown}
        override = ""
        if item.override:
            override = _("%(reason)s (%(who)s, %(when)s)") % {
                "reason": item.override.reason, "who": item.override.decided_by,
                "when": date_format(timezone.localtime(item.override.decided_at), "d/m/Y H:i")}
        sheet.append([
            number, item.agency.name, *[points.get(c.code) for c in criteria], item.score, item.computed_label,
            item.classification_label, override,
            _("Có") if item.classification == Classification.EXCELLENT else "",
        ])
    sheet.close()


def _inspections(book, report):
    """Kiểm tra, giám sát: every inspection of the period, its result and its recommendations."""
    data = report.inspections
    columns = [(_("STT"), "stt"), (_("Hình thức"), "short"), (_("Đối tượng"), "text"), (_("Nội dung"), "long"),
               (_("Cơ quan chủ trì"), "text"), (_("Ngày dự kiến"), "date"), (_("Ngày thực hiện"), "date"),
               (_("Đánh giá chung"), "short"), (_("Kết quả kiểm tra"), "long"), (_("Số kiến nghị"), "count"),
               (_("Kiến nghị quá hạn"), "count")]
    recs = data.get("recommendations") or {}
    sheet = Sheet(book, report, _("Kiểm tra, giám sát"), _("Kết quả kiểm tra, giám sát"), columns,
                  note=_("Đã thực hiện %(done)s/%(planned)s cuộc; %(recs)s kiến nghị, đã thực hiện %(recs_done)s, "
                         "quá hạn %(overdue)s.") % {"done": data.get("done", 0), "planned": data.get("planned", 0),
                                                    "recs": recs.get("total", 0), "recs_done": recs.get("done", 0),
                                                    "overdue": recs.get("overdue", 0)})
    for number, row in enumerate(data.get("rows", []), start=1):
        sheet.append([number, row.get_kind_display(), row.target_name, row.subject, row.lead_body, row.planned_date,
                      row.done_date, row.get_rating_display() if row.rating else "", row.findings,
                      row.recommendation_count, row.overdue_count])
    sheet.close()


def render_xlsx(report) -> bytes:
    book = Workbook(write_only=True)
    for part in (_summary, _matrix, _agencies, _activities, _models, _gaps, _evaluation, _inspections):
        part(book, report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
