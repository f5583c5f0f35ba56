"""Officers' Excel import of activities: the template, the check behind the preview, the write.

The template is made for one agency: its categories and its partner localities and communes are
drop-down lists (read from a hidden sheet), dates are dd/mm/yyyy, money columns are whole đồng.
A filled file is checked in full before anything is written; every bad row is reported with
its row number, column and a Vietnamese message. The write is all or nothing, in one
transaction, through `services.activity_create`, so rows land as drafts attributed to the
person importing. The agency is never read from the file: rows can only name the agency's own
partnerships, so an officer cannot write for another agency whatever the file says.

Column headers are a file format and deliberately not translated (as in `resources.py`).
"""

import io
import re
import secrets
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from common.spreadsheet import print_on_a4_landscape
from common.text import fold
from partnerships import geography, services
from partnerships.exceptions import DomainError
from partnerships.io.resources import DateWidget, NumberWidget, _is_blank, _text
from partnerships.models import Activity, ActivityCategory, AdministrativeUnit, Partnership, PartnershipStatus

DATA_SHEET = "Hoạt động"
HELP_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
MAX_ROWS = 2000
MAX_SCANNED_ROWS = 10 * MAX_ROWS
TEMPLATE_ROWS = 500

# (field, header, required, kind)
COLUMNS = [
    ("title", "Tên hoạt động (*)", True, "text"),
    ("category", "Loại hoạt động (*)", True, "category"),
    ("partnership", "Địa phương kết nghĩa (*)", True, "partnership"),
    ("commune", "Xã thực hiện", False, "commune"),
    ("start_date", "Ngày bắt đầu (*)", True, "date"),
    ("end_date", "Ngày kết thúc", False, "date"),
    ("budget_state", "Ngân sách nhà nước (đồng)", False, "money"),
    ("budget_society", "Xã hội hóa (đồng)", False, "money"),
    ("budget_in_kind", "Hiện vật quy đổi (đồng)", False, "money"),
    ("households_reached", "Số hộ được hỗ trợ", False, "count"),
    ("people_reached", "Số người được hỗ trợ", False, "count"),
    ("ethnic_minority_people", "Trong đó người dân tộc thiểu số", False, "count"),
    ("people_trained", "Số người được đào tạo, bồi dưỡng", False, "count"),
    ("jobs_created", "Số việc làm tạo ra", False, "count"),
    ("households_out_of_poverty", "Số hộ thoát nghèo", False, "count"),
    ("description", "Nội dung", False, "text"),
]
HEADER_OF = {name: header for name, header, _required, _kind in COLUMNS}
# Database constraints that `full_clean` reports without a field, mapped to the column to blame.
CONSTRAINT_COLUMNS = {
    "activity_dates_ordered": "end_date",
    "activity_minority_within_people": "ethnic_minority_people",
    "activity_money_not_negative": "budget_state",
}
_CODE = re.compile(r"\[(\w+)\]\s*$")


class ImportFileError(Exception):
    """The file as a whole cannot be read: not an xlsx, empty, wrong headers, too many rows."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class CheckedRow:
    row: int
    partnership: Partnership
    fields: dict

    @property
    def total_money(self) -> int:
        return sum(self.fields.get(name, 0) for name in ("budget_state", "budget_society", "budget_in_kind"))


@dataclass
class ImportCheck:
    rows: list[CheckedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


# --- choices offered in the template -----------------------------------------------------------


def partnership_label(partnership: Partnership) -> str:
    return f"{partnership.unit.name} [{partnership.unit.code}]"


def commune_label(commune: AdministrativeUnit) -> str:
    return f"{geography.name_with_district(commune)} [{commune.code}]"


class Choices:
    """What one agency may name in its file: categories, its active partnerships, their communes."""

    def __init__(self, *, user, agency):
        self.categories = list(ActivityCategory.objects.filter(is_active=True))
        self.partnerships = list(
            Partnership.objects.visible_to(user)
            .filter(agency=agency, status=PartnershipStatus.ACTIVE)
            .select_related("unit__parent")
            .order_by("unit__code")
        )
        unit_ids = [p.unit_id for p in self.partnerships]
        self.communes = list(
            geography.communes_of(unit_ids)
            .filter(valid_to__isnull=True)
            .select_related("parent")
            .order_by("code")
        )

    def find(self, options, value, label, code_of):
        """The option named by a cell: by the [code] the template writes, or by name without diacritics."""
        text = _text(value)
        match = _CODE.search(text)
        if match:
            hits = [o for o in options if code_of(o) == match.group(1)]
        else:
            wanted = fold(text)
            hits = [o for o in options if fold(label(o)) == wanted or fold(_plain_name(o)) == wanted]
        return hits[0] if len(hits) == 1 else None

    def category(self, value):
        wanted = fold(_text(value))
        hits = [c for c in self.categories if wanted in (fold(c.name), fold(c.code))]
        return hits[0] if hits else None

    def partnership(self, value):
        return self.find(self.partnerships, value, partnership_label, lambda p: p.unit.code)

    def commune(self, value):
        return self.find(self.communes, value, commune_label, lambda c: c.code)


def _plain_name(option) -> str:
    return option.unit.name if isinstance(option, Partnership) else option.name


# --- the template ------------------------------------------------------------------------------


def build_template(*, user, agency) -> bytes:
    choices = Choices(user=user, agency=agency)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    header_fill = PatternFill("solid", fgColor="F2DCDB")
    for index, (_name, header, required, kind) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = Font(bold=True, color="A4161A" if required else "000000")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = {"text": 32, "category": 40, "partnership": 24, "commune": 32}.get(
            kind, 16
        )
        for row in range(2, TEMPLATE_ROWS + 2):
            target = sheet.cell(row=row, column=index)
            if kind == "date":
                target.number_format = "DD/MM/YYYY"
            elif kind in ("money", "count"):
                target.number_format = "#,##0"
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "A2"

    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    columns = [
        ("A", _("Loại hoạt động"), [c.name for c in choices.categories], "category"),
        ("B", _("Địa phương kết nghĩa"), [partnership_label(p) for p in choices.partnerships], "partnership"),
        ("C", _("Xã thực hiện"), [commune_label(c) for c in choices.communes], "commune"),
    ]
    for letter, title, values, kind in columns:
        lists[f"{letter}1"] = str(title)
        for row, value in enumerate(values, start=2):
            lists[f"{letter}{row}"] = value
        if not values:
            continue
        validation = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=str(_("Giá trị không có trong danh sách")),
            error=str(_("Chọn một giá trị trong danh sách thả xuống.")),
        )
        column_index = next(i for i, c in enumerate(COLUMNS, start=1) if c[3] == kind)
        data_letter = sheet.cell(row=1, column=column_index).column_letter
        validation.add(f"{data_letter}2:{data_letter}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)

    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.column_dimensions["A"].width = 110
    lines = [
        _("HƯỚNG DẪN NHẬP HOẠT ĐỘNG HỖ TRỢ – %(agency)s") % {"agency": agency.name},
        "",
        _("1. Mỗi dòng của trang “%(sheet)s” là một hoạt động; không sửa dòng tiêu đề.") % {"sheet": DATA_SHEET},
        _("2. Cột có dấu (*) là bắt buộc."),
        _("3. Loại hoạt động, địa phương kết nghĩa và xã thực hiện: chọn trong danh sách thả xuống."),
        _("4. Xã thực hiện phải thuộc địa phương kết nghĩa; để trống nếu hoạt động chung cho cả huyện."),
        _("5. Ngày ghi theo dạng dd/mm/yyyy, ví dụ 15/03/2025."),
        _("6. Số tiền ghi bằng đồng, số nguyên không âm, ví dụ 1.250.000."),
        _("7. Số người dân tộc thiểu số không được lớn hơn số người được hỗ trợ."),
        _("8. Tải tệp lên cổng, xem danh sách kiểm tra, rồi bấm xác nhận. Nếu có một dòng sai, không dòng nào được ghi."),
        _("9. Các hoạt động được nhập ở trạng thái nháp; kiểm tra lại rồi gửi duyệt trên cổng."),
    ]
    for row, line in enumerate(lines, start=1):
        cell = help_sheet.cell(row=row, column=1, value=str(line))
        cell.alignment = Alignment(wrap_text=True)
    help_sheet["A1"].font = Font(bold=True, size=13)
    for sheet_ in (sheet, help_sheet):
        print_on_a4_landscape(sheet_)
    sheet.print_title_rows = "1:1"
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading and checking a filled file ------------------------------------------------------


def _header_key(value) -> str:
    return fold(_text(value)).replace("(*)", "").strip() if not _is_blank(value) else ""


def read_rows(data: bytes) -> list[tuple[int, dict]]:
    """(row number, {field: raw cell}) for every non-blank row; ImportFileError if unreadable."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise ImportFileError(_("Tệp không phải tệp Excel (.xlsx). Hãy dùng tệp mẫu tải từ cổng.")) from None
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise ImportFileError(_("Không đọc được tệp Excel; tệp có thể bị hỏng.")) from None
    try:
        sheet = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(_("Tệp rỗng."))
        by_key = {_header_key(v): i for i, v in enumerate(header) if _header_key(v)}
        wanted = {name: _header_key(h) for name, h, _required, _kind in COLUMNS}
        missing = [HEADER_OF[name] for name, key in wanted.items() if key not in by_key]
        if missing:
            raise ImportFileError(
                _("Tệp không đúng mẫu: thiếu cột %(columns)s. Hãy tải tệp mẫu mới và nhập lại.")
                % {"columns": ", ".join(f"“{c}”" for c in missing)}
            )
        result = []
        for number, values in enumerate(rows, start=2):
            if number > MAX_SCANNED_ROWS:  # blank but formatted rows cost time too
                raise ImportFileError(_("Tệp có quá %(max)s dòng; hãy chia thành nhiều tệp.") % {"max": MAX_ROWS})
            cells = {name: (values[by_key[key]] if by_key[key] < len(values) else None) for name, key in wanted.items()}
            if all(_is_blank(v) for v in cells.values()):
                continue
            if len(result) >= MAX_ROWS:
                raise ImportFileError(_("Tệp có quá %(max)s dòng; hãy chia thành nhiều tệp.") % {"max": MAX_ROWS})
            result.append((number, cells))
    finally:
        workbook.close()
    if not result:
        raise ImportFileError(_("Tệp không có dòng hoạt động nào."))
    return result


def _check_row(number: int, cells: dict, choices: Choices, errors: list) -> CheckedRow | None:
    def fail(name, message):
        errors.append(RowError(number, HEADER_OF[name], str(message)))

    before = len(errors)
    fields, partnership = {}, None
    for name, header, required, kind in COLUMNS:
        raw = cells[name]
        if _is_blank(raw):
            if required:
                fail(name, _("Thiếu %(column)s.") % {"column": header.replace(" (*)", "").lower()})
                continue
            if kind in ("money", "count"):
                fields[name] = 0
            elif kind == "text":
                fields[name] = ""
            else:
                fields[name] = None
            continue
        if kind == "text":
            fields[name] = _text(raw)
            limit = Activity._meta.get_field(name).max_length
            if limit and len(fields[name]) > limit:
                fail(name, _("Dài quá %(max)s ký tự.") % {"max": limit})
        elif kind == "category":
            fields[name] = choices.category(raw)
            if fields[name] is None:
                fail(name, _("Không có loại hoạt động “%(value)s”.") % {"value": _text(raw)})
        elif kind == "partnership":
            partnership = choices.partnership(raw)
            if partnership is None:
                fail(name, _("“%(value)s” không phải địa phương đang kết nghĩa với cơ quan.") % {"value": _text(raw)})
        elif kind == "commune":
            fields[name] = choices.commune(raw)
            if fields[name] is None:
                fail(name, _("Không có xã “%(value)s” trong địa bàn kết nghĩa của cơ quan.") % {"value": _text(raw)})
        elif kind == "date":
            try:
                fields[name] = DateWidget().clean(raw)
            except ValueError as error:
                fail(name, error)
        else:
            try:
                value = NumberWidget().clean(raw)
            except ValueError as error:
                fail(name, error)
                continue
            if value < 0:
                fail(name, _("Số tiền không được âm.") if kind == "money" else _("Không được là số âm."))
            fields[name] = value
    if len(errors) > before:
        return None

    if fields["commune"] is not None and not geography.in_area(fields["commune"], partnership.unit):
        fail("commune", _("Xã “%(commune)s” không thuộc địa bàn kết nghĩa “%(unit)s”.")
             % {"commune": fields["commune"].name, "unit": partnership.unit.name})
    if fields["end_date"] and fields["end_date"] < fields["start_date"]:
        fail("end_date", _("Ngày kết thúc không được trước ngày bắt đầu."))
    if fields["ethnic_minority_people"] > fields["people_reached"]:
        fail("ethnic_minority_people", _("Số người dân tộc thiểu số không được lớn hơn số người được hỗ trợ."))
    if len(errors) > before:
        return None

    # Whatever else the model holds the row to (lengths, ranges, constraints), as the service will.
    activity = Activity(partnership=partnership, **fields)
    if activity.commune is None and partnership.unit.level == AdministrativeUnit.Level.COMMUNE:
        activity.commune = partnership.unit
    try:
        activity.full_clean()
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            column = key if key in HEADER_OF else CONSTRAINT_COLUMNS.get(key, "title")
            for message in messages:
                fail(column, message)
        return None
    return CheckedRow(number, partnership, fields)


def check(data: bytes, *, user, agency) -> ImportCheck:
    """Read and check every row; raises ImportFileError when the file as a whole is unusable."""
    rows = read_rows(data)
    choices = Choices(user=user, agency=agency)
    result = ImportCheck()
    for number, cells in rows:
        checked = _check_row(number, cells, choices, result.errors)
        if checked:
            result.rows.append(checked)
    return result


class ImportRejected(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def write(result: ImportCheck, *, actor) -> list[Activity]:
    """Create every row as a draft in one transaction; any refusal rolls all of them back."""
    created, errors = [], []
    with transaction.atomic():
        for row in result.rows:
            try:
                with transaction.atomic():
                    created.append(services.activity_create(actor=actor, partnership=row.partnership, **row.fields))
            except ValidationError as error:
                errors += [RowError(row.row, "", m) for m in error.messages]
            except DomainError as error:
                errors.append(RowError(row.row, "", error.message))
        if errors:
            raise ImportRejected(errors)
    return created


# --- the file kept between preview and confirm --------------------------------------------------

PENDING_MAX_AGE = 24 * 3600


def _pending_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "import-pending"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_pending(data: bytes) -> str:
    """Keep an uploaded file under a random token (outside any served folder); returns the token."""
    folder = _pending_dir()
    cutoff = time.time() - PENDING_MAX_AGE
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.xlsx").write_bytes(data)
    return token


def load_pending(token: str) -> bytes | None:
    if not re.fullmatch(r"[\w-]{20,64}", token or ""):
        return None
    path = _pending_dir() / f"{token}.xlsx"
    return path.read_bytes() if path.exists() else None


def drop_pending(token: str) -> None:
    if re.fullmatch(r"[\w-]{20,64}", token or ""):
        (_pending_dir() / f"{token}.xlsx").unlink(missing_ok=True)
