"""Officers' Excel import of activities: the template, the check behind the preview, the write.

The template is made for one agency: its categories and its partner localities and communes are
drop-down lists (read from a hidden sheet), dates are dd/mm/yyyy, money columns are whole đồng.
A filled file is checked in full before anything is written: every error of every row is reported
in one pass, with its row number, column and a Vietnamese message. The write is all or nothing,
in one transaction, through `services.activities_import` (drafts attributed to the person
importing, with their history and workflow rows). The agency is never read from the file: rows
can only name the agency's own partnerships, so an officer cannot write for another agency
whatever the file says.

The file is read by `xlsx_reader` (sizes and ratios checked before anything is unpacked, then
streamed), so a small hostile file cannot exhaust a worker. The header may sit below a title
row; formatted empty rows and stray far cells cost nothing and are counted for what they are.
Rows that match an activity already recorded (same partnership, category, commune, start date,
title and money) or an earlier row of the same file are shown in the preview and skipped unless
the person ticks them.

Column headers are a file format and deliberately not translated (as in `resources.py`); they
come from the one activity vocabulary, `columns.py`.

Longer than 400 lines on purpose: one flow (the template, the check behind the preview, the
write, the checked rows kept in between) over one column list that every step reads.
"""

import datetime
import hashlib
import io
import json
import os
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from common.spreadsheet import print_on_a4_landscape
from common.text import fold
from partnerships import geography, services
from partnerships.exceptions import DomainError
from partnerships.io import xlsx_reader
from partnerships.io.columns import ACTIVITY_HEADING, FORMER_HEADINGS, required
from partnerships.io.resources import DateWidget, NumberWidget, _is_blank, _text, formula_message, is_formula
from partnerships.models import Activity, ActivityCategory, AdministrativeUnit, Partnership, PartnershipStatus

DATA_SHEET = "Hoạt động"
HELP_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
MAX_ROWS = 20_000
# A 20 000-row activity file is about 1,5 MB; what it may unpack to is checked by xlsx_reader.
MAX_IMPORT_BYTES = 10 * 1024 * 1024
HEADER_SEARCH_ROWS = 10  # a title, a subtitle, a blank line... the header is within the first rows
TEMPLATE_ROWS = 500
PREVIEW_ROWS = 200  # rows listed in the preview (every error and every double is listed)

# (field, header, required, kind)
H = ACTIVITY_HEADING
COLUMNS = [
    ("title", required(H["title"]), True, "text"),
    ("category", required(H["category"]), True, "category"),
    ("partnership", required(H["unit"]), True, "partnership"),
    ("commune", H["commune"], False, "commune"),
    ("start_date", required(H["start_date"]), True, "date"),
    ("end_date", H["end_date"], False, "date"),
    *((name, H[name], False, "money") for name in ("budget_state", "budget_society", "budget_in_kind")),
    *((name, H[name], False, "count") for name in ("households_reached", "people_reached", "ethnic_minority_people",
                                                   "people_trained", "jobs_created", "households_out_of_poverty")),
    ("description", H["description"], False, "text"),
]
HEADER_OF = {name: header for name, header, _required, _kind in COLUMNS}
MONEY_FIELDS = ("budget_state", "budget_society", "budget_in_kind")
# Fields resolved from the dictionaries loaded once (already valid instances): full_clean would
# look each one up again, one query per field and row.
RESOLVED_FIELDS = ["partnership", "category", "commune", "development_model", "created_by", "confirmed_by"]
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
    # Why this row may be a double: an activity already recorded (its number) or an earlier row.
    same_as_activity: int | None = None
    same_as_row: int | None = None

    @property
    def total_money(self) -> int:
        return sum(self.fields.get(name, 0) for name in MONEY_FIELDS)

    @property
    def is_double(self) -> bool:
        return self.same_as_activity is not None or self.same_as_row is not None

    def key(self) -> tuple:
        return double_key(self.partnership.pk, self.fields["category"].pk,
                          self.fields["commune"].pk if self.fields["commune"] else None, self.fields["start_date"],
                          self.fields["title"], *(self.fields[name] for name in MONEY_FIELDS))


@dataclass
class ImportCheck:
    rows: list[CheckedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    sha256: str = ""  # of the file checked: the import batch records it

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def doubles(self) -> list[CheckedRow]:
        return [row for row in self.rows if row.is_double]

    @property
    def preview_rows(self) -> list[CheckedRow]:
        return self.rows[:PREVIEW_ROWS]

    @property
    def rows_not_listed(self) -> int:
        return max(0, len(self.rows) - PREVIEW_ROWS)


def double_key(partnership_id, category_id, commune_id, start_date, title, *money) -> tuple:
    return (partnership_id, category_id, commune_id, start_date, " ".join(fold(title).split()), *money)


# --- choices offered in the template -----------------------------------------------------------


def partnership_label(partnership: Partnership) -> str:
    return f"{partnership.unit.name} [{partnership.unit.code}]"


def commune_label(commune: AdministrativeUnit) -> str:
    return f"{geography.name_with_district(commune)} [{commune.code}]"


class Choices:
    """What one agency may name in its file: categories, its active partnerships, their communes.

    Loaded once per check (three queries) and looked up in dictionaries, whatever the rows."""

    def __init__(self, *, user, agency):
        self.categories = list(ActivityCategory.objects.filter(is_active=True))
        self.partnerships = list(
            Partnership.objects.visible_to(user)
            .filter(agency=agency, status=PartnershipStatus.ACTIVE)
            .select_related(*geography.naming_joins("unit"))
            .order_by("unit__code")
        )
        unit_ids = [p.unit_id for p in self.partnerships]
        # Every generation: a 2024 row names an old commune, a 2026 row a new one, and a code may
        # name both (20443); each row's start date decides (`_find`).
        self.communes = list(
            geography.with_parents(geography.communes_of(unit_ids)).order_by("code", "valid_from")
        )
        self._categories = {}
        for category in self.categories:
            self._categories.setdefault(fold(category.code), category)
            self._categories.setdefault(fold(category.name), category)
        self._partnerships = self._index(self.partnerships, partnership_label, lambda p: p.unit.code)
        self._communes = self._index(self.communes, commune_label, lambda c: c.code)
        self._cache = {}
        self.locked_years = services.locked_years()

    @staticmethod
    def _index(options, label, code_of):
        by_code, by_name = {}, {}
        for option in options:
            by_code.setdefault(code_of(option), []).append(option)
            for name in {fold(label(option)), fold(_plain_name(option))}:
                by_name.setdefault(name, []).append(option)
        return by_code, by_name

    def _find(self, index, value, on=None, unit_of=lambda option: option):
        """The option named by a cell: by the [code] the template writes, or by name without
        diacritics. A code names one unit per date (codes were reused by the 2025 reform): with
        several matches, the one valid on the row's start date `on`; a single match is returned
        even if not valid then, so that the row is refused naming its successor."""
        by_code, by_name = index
        text = _text(value)
        match = _CODE.search(text)
        hits = by_code.get(match.group(1), []) if match else by_name.get(fold(text), [])
        if len(hits) > 1 and on is not None:
            hits = [h for h in hits if geography.is_valid_on(unit_of(h), on)] or hits
        return hits[0] if len(hits) == 1 else None

    def category(self, value):
        return self._categories.get(fold(_text(value)))

    def partnership(self, value, on=None):
        return self._find(self._partnerships, value, on, unit_of=lambda p: p.unit)

    def commune(self, value, on=None):
        return self._find(self._communes, value, on)


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
        _("4. Xã thực hiện phải thuộc địa phương kết nghĩa; để trống nếu hoạt động chung cho cả địa bàn kết nghĩa."),
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
    if _is_blank(value) or not isinstance(value, str):
        return ""
    return " ".join(fold(_text(value)).replace("(*)", "").split())


WANTED = {name: _header_key(header) for name, header, _required, _kind in COLUMNS}


def _find_header(rows) -> tuple[int, dict]:
    """(row number, {field: column index}) of the header among the first rows (a title may sit above)."""
    best = None
    for _index, (number, values) in zip(range(HEADER_SEARCH_ROWS), rows):
        by_key = {}
        for column, value in enumerate(values):
            key = _header_key(value)
            if key and key not in by_key:
                by_key[key] = column
        for former, heading in FORMER_HEADINGS.items():  # files made before the one vocabulary
            if _header_key(former) in by_key:
                by_key.setdefault(_header_key(heading), by_key[_header_key(former)])
        found = {name: by_key[key] for name, key in WANTED.items() if key in by_key}
        if best is None or len(found) > len(best[1]):
            best = (number, found)
        if len(found) == len(WANTED):
            break
    if best is None:
        raise ImportFileError(_("Tệp rỗng."))
    missing = [HEADER_OF[name] for name in WANTED if name not in best[1]]
    if missing:
        raise ImportFileError(
            _("Tệp không đúng mẫu: thiếu cột %(columns)s. Hãy tải tệp mẫu mới và nhập lại.")
            % {"columns": ", ".join(f"“{c}”" for c in missing)}
        )
    return best


def read_rows(data) -> Iterator[tuple[int, dict]]:
    """(row number, {field: raw cell}) for every row with a value, read as the check asks for
    them: a 20 000-row file's cells are never all held at once (only the checked rows are).
    ImportFileError if unreadable: a file or header error at once, a row error when reached."""
    try:
        workbook = xlsx_reader.Workbook(io.BytesIO(data) if isinstance(data, bytes) else data)
    except xlsx_reader.UnreadableFile as error:
        raise ImportFileError(error.message) from None
    try:
        sheet = DATA_SHEET if DATA_SHEET in workbook.sheet_names else None
        rows = workbook.rows(sheet)
        _header_row, columns = _find_header(rows)
    except xlsx_reader.UnreadableFile as error:
        workbook.close()
        raise ImportFileError(error.message) from None
    except BaseException:
        workbook.close()
        raise
    return _cells(workbook, rows, columns)


def _cells(workbook, rows, columns) -> Iterator[tuple[int, dict]]:
    try:
        count = 0
        for number, values in rows:
            cells = {name: values[index] for name, index in columns.items()}
            if all(_is_blank(v) for v in cells.values()):
                continue
            if count >= MAX_ROWS:
                raise ImportFileError(_("Tệp có quá %(max)s dòng; hãy chia thành nhiều tệp.") % {"max": MAX_ROWS})
            count += 1
            yield number, cells
    except xlsx_reader.UnreadableFile as error:
        raise ImportFileError(error.message) from None
    finally:
        workbook.close()
    if not count:
        raise ImportFileError(_("Tệp không có dòng hoạt động nào."))


_DATE, _NUMBER = DateWidget(), NumberWidget()


def _no_category(value) -> str:
    return _("Không có loại hoạt động “%(value)s”.") % {"value": value}


def _not_partner(value) -> str:
    return _("“%(value)s” không phải địa phương đang kết nghĩa với cơ quan.") % {"value": value}


def _no_commune(value) -> str:
    return _("Không có xã “%(value)s” trong địa bàn kết nghĩa của cơ quan.") % {"value": value}


def _check_row(number: int, cells: dict, choices: Choices, errors: list) -> CheckedRow | None:
    """Every error of the row at once: each column, then what holds between columns, then the model."""
    def fail(name, message):
        errors.append(RowError(number, HEADER_OF[name], str(message)))

    before = len(errors)
    filled = [name for name, value in cells.items() if not _is_blank(value)]
    if len(filled) == 1 and sum(1 for n, _h, required, _k in COLUMNS if required and n not in filled) >= 2:
        # One lone value far from the rest (a stray keystroke at row 1 048 576) is not an activity.
        name = filled[0]
        fail(name, _("Dòng %(row)s chỉ có một ô có dữ liệu (“%(value)s”); nếu nhập nhầm, hãy xóa ô đó.")
             % {"row": number, "value": _text(cells[name])[:50]})
        return None
    fields, partnership, failed = {}, None, set()
    try:  # the date the row is about, for the codes that name a different unit on each side of a reform
        on = None if _is_blank(cells.get("start_date")) or is_formula(cells.get("start_date")) else _DATE.clean(cells["start_date"])
    except ValueError:
        on = None
    for name, header, required, kind in COLUMNS:
        raw = cells[name]
        if is_formula(raw):
            fail(name, formula_message(raw))
            failed.add(name)
            continue
        if _is_blank(raw):
            if required:
                fail(name, _("Thiếu %(column)s.") % {"column": header.replace(" (*)", "").lower()})
                failed.add(name)
            elif kind in ("money", "count"):
                fields[name] = 0
            elif kind == "text":
                fields[name] = ""
            else:
                fields[name] = None
            continue
        try:
            if kind == "text":
                fields[name] = _text(raw)
            elif kind == "category":
                fields[name] = choices.category(raw)
                if fields[name] is None:
                    raise ValueError(_no_category(_text(raw)))
            elif kind == "partnership":
                partnership = choices.partnership(raw, on)
                if partnership is None:
                    raise ValueError(_not_partner(_text(raw)))
            elif kind == "commune":
                fields[name] = choices.commune(raw, on)
                if fields[name] is None:
                    raise ValueError(_no_commune(_text(raw)))
            elif kind == "date":
                fields[name] = _DATE.clean(raw)
            else:
                value = _NUMBER.clean(raw)
                if value < 0:
                    raise ValueError(_("Số tiền không được âm.") if kind == "money" else _("Không được là số âm."))
                fields[name] = value
        except ValueError as error:
            fail(name, error)
            failed.add(name)
            fields.pop(name, None)

    # What holds between columns, for the columns that could be read.
    _check_against_records(fields, partnership, choices, fail, failed)
    if fields.get("end_date") and fields.get("start_date") and fields["end_date"] < fields["start_date"]:
        fail("end_date", _("Ngày kết thúc không được trước ngày bắt đầu."))
        failed.add("end_date")
    if "ethnic_minority_people" in fields and "people_reached" in fields and (
            fields["ethnic_minority_people"] > fields["people_reached"]):
        fail("ethnic_minority_people", _("Số người dân tộc thiểu số không được lớn hơn số người được hỗ trợ."))
        failed.add("ethnic_minority_people")

    # Whatever else the model holds the row to (lengths, ranges), as the service will; the
    # constraints were checked just above and are enforced by the database at the write.
    activity = Activity(partnership=None if "partnership" in failed else partnership,
                        **{k: v for k, v in fields.items() if k not in failed})
    try:
        activity.full_clean(exclude=[*RESOLVED_FIELDS, *failed], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            column = key if key in HEADER_OF else "title"
            for message in messages:
                fail(column, message)
    if len(errors) > before:
        return None
    return CheckedRow(number, partnership, fields)


def _check_against_records(fields: dict, partnership, choices: "Choices", fail, failed: set) -> None:
    """The row against what the database holds and may change between the preview and the
    confirm (a unit's validity, the partnership's area, a year finalised); the confirm runs it
    again on the kept rows (`recheck`)."""
    if fields.get("commune") is not None and fields.get("start_date"):
        refused = geography.validity_error(fields["commune"], on=fields["start_date"])
        if refused:  # "Xã A Xan đã sáp nhập vào Xã Hùng Sơn từ 01/07/2025; chọn Xã Hùng Sơn."
            fail("commune", refused)
            failed.add("commune")
    if partnership is not None and fields.get("start_date"):
        refused = geography.validity_error(partnership.unit, on=fields["start_date"])
        if refused:
            fail("partnership", _("Địa phương kết nghĩa: %(why)s Quan hệ kết nghĩa cần được chuyển sang đơn vị mới "
                                  "(trang “Chuyển quan hệ kết nghĩa” của cán bộ tổng hợp).") % {"why": refused})
            failed.add("partnership")
    if fields.get("commune") is not None and "commune" not in failed and partnership is not None and not geography.in_area(
            fields["commune"], partnership.unit):
        fail("commune", _("Xã “%(commune)s” không thuộc địa bàn kết nghĩa “%(unit)s”.")
             % {"commune": fields["commune"].name, "unit": partnership.unit.name})
        failed.add("commune")
    if fields.get("start_date") and fields["start_date"].year in choices.locked_years:
        # Said here, on its row and column, not first by the write (which could only say "–").
        fail("start_date", _("Năm %(year)s đã chốt số liệu báo cáo: không thể thêm hoạt động của năm này.")
             % {"year": fields["start_date"].year})
        failed.add("start_date")


def _mark_doubles(rows: list[CheckedRow], choices: Choices) -> None:
    """Flag rows that repeat an activity already recorded, or an earlier row of the same file (one query)."""
    if not rows:
        return
    dates = [row.fields["start_date"] for row in rows]
    existing = {}
    recorded = Activity.objects.filter(
        partnership__in=[p.pk for p in choices.partnerships], start_date__range=(min(dates), max(dates))
    ).values_list("pk", "partnership_id", "category_id", "commune_id", "start_date", "title", *MONEY_FIELDS)
    for pk, *key in recorded.iterator(chunk_size=5000):
        existing.setdefault(double_key(*key), pk)
    seen = {}
    for row in rows:
        key = row.key()
        row.same_as_activity = existing.get(key)
        if key in seen:
            row.same_as_row = seen[key]
        else:
            seen[key] = row.row


def check(data, *, user, agency) -> ImportCheck:
    """Read and check every row; raises ImportFileError when the file as a whole is unusable."""
    rows = read_rows(data)
    choices = Choices(user=user, agency=agency)
    result = ImportCheck(sha256=hashlib.sha256(data).hexdigest() if isinstance(data, bytes | bytearray) else "")
    for number, cells in rows:
        checked = _check_row(number, cells, choices, result.errors)
        if checked:
            result.rows.append(checked)
    if not result.errors:
        _mark_doubles(result.rows, choices)
    return result


# --- the checked rows kept between preview and confirm ------------------------------------------
# The confirm does not read and check the file again (that was half the import's time): it takes
# the rows the preview checked and checks again only what may have changed in between, against
# the records: the partnership still active and the user's, the category still offered, the
# commune still in the partnership's area and valid on the row's date, the year not finalised
# (`_check_against_records`, the same code as the preview), and the doubles against what was
# written since. What depends on the cells alone (their reading, the model's field rules) cannot
# change and is not run twice; the service is told so (`fields_cleaned`).

KEPT_VERSION = 1
_KEPT_FIELDS = [(name, kind) for name, _header, _required, kind in COLUMNS if name != "partnership"]


def keep(result: ImportCheck, *, agency) -> bytes:
    """The preview's checked rows as compact JSON (references by id, with the words the file used
    for each, so that a refusal at the confirm names them), for `store_pending`."""
    names = {}

    def ref(prefix, option, label):
        if option is None:
            return None
        names.setdefault(f"{prefix}{option.pk}", label(option))
        return option.pk

    rows = []
    for row in result.rows:
        values = []
        for name, kind in _KEPT_FIELDS:
            value = row.fields[name]
            if kind == "category":
                value = ref("c", value, lambda category: category.name)
            elif kind == "commune":
                value = ref("u", value, commune_label)
            elif kind == "date":
                value = value.isoformat() if value else None
            values.append(value)
        rows.append([row.row, ref("p", row.partnership, partnership_label), values])
    kept = {"version": KEPT_VERSION, "agency": agency.pk, "sha256": result.sha256, "names": names, "rows": rows}
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode()


def recheck(kept: bytes, *, user, agency) -> ImportCheck:
    """The rows kept by `keep`, resolved again from this moment's dictionaries (four queries) and
    checked again for what may have changed since the preview; ImportFileError if `kept` is not
    a preview of this agency."""
    try:
        data = json.loads(kept)
    except (TypeError, ValueError):
        data = None
    if not isinstance(data, dict) or data.get("version") != KEPT_VERSION or data.get("agency") != agency.pk:
        raise ImportFileError(_("Phiên nhập đã hết hạn hoặc đã được xác nhận; hãy tải tệp lên lại."))
    choices = Choices(user=user, agency=agency)
    options = {"p": {p.pk: p for p in choices.partnerships}, "c": {c.pk: c for c in choices.categories},
               "u": {c.pk: c for c in choices.communes}}
    gone = {"p": ("partnership", _not_partner), "c": ("category", _no_category), "u": ("commune", _no_commune)}
    names, result = data["names"], ImportCheck(sha256=data["sha256"])
    for number, partnership_id, values in data["rows"]:
        def fail(name, message, number=number):
            result.errors.append(RowError(number, HEADER_OF[name], str(message)))

        before, failed, fields = len(result.errors), set(), {}

        def resolve(prefix, pk):
            option = options[prefix].get(pk)
            if option is None:  # ended, withdrawn or moved out of reach since the preview
                name, message = gone[prefix]
                fail(name, message(names.get(f"{prefix}{pk}", "")))
                failed.add(name)
            return option

        partnership = resolve("p", partnership_id)
        for (name, kind), value in zip(_KEPT_FIELDS, values):
            if kind == "category":
                value = resolve("c", value)
            elif kind == "commune" and value is not None:
                value = resolve("u", value)
            elif kind == "date" and value is not None:
                value = datetime.date.fromisoformat(value)
            fields[name] = value
        _check_against_records(fields, partnership, choices, fail, failed)
        if len(result.errors) == before:
            result.rows.append(CheckedRow(number, partnership, fields))
    if not result.errors:
        _mark_doubles(result.rows, choices)
    return result


class ImportRejected(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def write(result: ImportCheck, *, actor, include_doubles=(), file_name: str = "") -> list[Activity]:
    """Create every row as a draft in one transaction (doubles only if ticked); all or nothing;
    recorded as one import batch (`file_name`, the checked file's SHA-256)."""
    wanted = set(include_doubles)
    rows = [row for row in result.rows if not row.is_double or row.row in wanted]
    try:
        # Each row's values passed Activity.full_clean in `_check_row` (at the preview; the confirm
        # writes those same values): the service does not run it again.
        return services.activities_import(
            actor=actor, rows=[dict(row.fields, partnership=row.partnership) for row in rows],
            file_name=file_name, file_sha256=result.sha256, fields_cleaned=True)
    except services.RowsRefused as refused:
        raise ImportRejected([RowError(rows[index].row, "", message) for index, message in refused.errors]) from None
    except DomainError as error:
        raise ImportRejected([RowError(rows[0].row if rows else 0, "", error.message)]) from None


# --- where the checked rows wait for the confirm --------------------------------------------------

PENDING_MAX_AGE = 24 * 3600
_TOKEN = re.compile(r"[\w-]{20,64}")
_KEPT = ".rows.json"


def _pending_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "import-pending"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_pending(data: bytes) -> str:
    """Keep a preview's checked rows (`keep`) under a random token (outside any served folder);
    returns the token."""
    folder = _pending_dir()
    cutoff = time.time() - PENDING_MAX_AGE
    for old in folder.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}{_KEPT}").write_bytes(data)
    return token


def load_pending(token: str) -> bytes | None:
    """The kept rows, left in place: the import job (`partnerships/jobs.py`) reads its own copy
    this way, so that a failed job can be retried; it drops the copy once its write committed."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    path = _pending_dir() / f"{token}{_KEPT}"
    return path.read_bytes() if path.exists() else None


def claim_pending(token: str) -> bytes | None:
    """The previewed rows, taken by exactly one confirm: the rename is atomic, a second confirm
    of the same preview (a double click, two tabs, two workers) finds nothing and writes nothing."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    folder = _pending_dir()
    claimed = folder / f"{token}{_KEPT}.{secrets.token_hex(8)}.claimed"
    try:
        os.rename(folder / f"{token}{_KEPT}", claimed)
    except FileNotFoundError:
        return None
    try:
        return claimed.read_bytes()
    finally:
        claimed.unlink(missing_ok=True)


def drop_pending(token: str) -> None:
    if _TOKEN.fullmatch(token or ""):
        (_pending_dir() / f"{token}{_KEPT}").unlink(missing_ok=True)
