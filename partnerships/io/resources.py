"""Import and export (django-import-export) of units, agencies, partnerships and activities.

Files are keyed by natural keys that people can read and type, never by database ids:
a unit by its official code, an agency by its name, a partnership by (agency name, unit code),
a category by its code or name. Activities have no natural key, so their own row carries the
portal's activity number ("Mã hoạt động"), blank for a new activity.

Column headers are a file format, not interface text: they stay the same Vietnamese whatever
language the interface is in, so a file exported in one language imports in the other. They are
therefore plain strings, deliberately not translated; every message a person reads is.

An import is all or nothing: one invalid row and nothing is written (see `import_data`), and every
bad row is reported by row number, column and a Vietnamese message, never a traceback (see
`import_row`). Each resource saves its rows through the services, with the importing user as
the actor (`save_checked`); the activities' new rows all at once, through the officers' bulk
service (`ActivityResource.bulk_create`; a file of more than ADMIN_NEW_ROWS_MAX new activities is
sent to the officers' page instead: docs/plans-and-import.md).

Longer than 400 lines on purpose: the widgets (one cell ⇄ one value) and the resources that use
them are one file format, read and written by the same rules (the officers' import reuses the
widgets); splitting them would put the format in two places.
"""

import datetime
import numbers
import re
import unicodedata

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import RowResult

from common.templatetags.ketnghia import format_number
from common.text import fold
from partnerships.io.xlsx_reader import FormulaError, FormulaWithoutValue
from partnerships import geography, services
from partnerships.exceptions import DomainError, YearLocked, is_year_lock_error
from partnerships.io.columns import ACTIVITY_HEADING as H
from partnerships.io.columns import FORMER_HEADINGS
from partnerships.models import (
    Activity,
    ActivityCategory,
    ActivityStatus,
    AdministrativeUnit,
    Agency,
    ImportBatch,
    Partnership,
    PartnershipStatus,
)

# --- widgets: one cell ⇄ one value -----------------------------------------------------------


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    """A cell as text; spreadsheets turn "504" into 504.0, which is still the code "504"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Text pasted from some sources is in decomposed Unicode; the database holds composed (NFC).
    return unicodedata.normalize("NFC", force_str(value)).strip()


def is_formula(value) -> bool:
    return isinstance(value, (FormulaError, FormulaWithoutValue))


def formula_message(value) -> str:
    """Why a formula cell is refused, and what to do (the officers' import and the admin's)."""
    if isinstance(value, FormulaError):
        return _("Ô có công thức cho kết quả lỗi “%(code)s”; hãy sửa công thức hoặc dán giá trị "
                 "(Dán đặc biệt → Giá trị) rồi tải lên lại.") % {"code": value.code}
    return _("Ô có công thức (%(formula)s) nhưng tệp không lưu kết quả; hãy mở tệp bằng Excel rồi lưu lại, "
             "hoặc dán giá trị (Dán đặc biệt → Giá trị).") % {"formula": str(value)}


class CodeWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "" if _is_blank(value) else _text(value)


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "" if _is_blank(value) else _text(value)


class BooleanWidget(widgets.Widget):
    """Có / Không (also x, 1, true, yes); a blank cell is Không."""

    TRUE = {"co", "x", "1", "true", "yes", "dung"}
    FALSE = {"", "khong", "0", "false", "no", "sai"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, numbers.Number):
            return bool(value)
        text = fold(_text(value)) if value is not None else ""
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(value)s” không hợp lệ: ghi “Có” hoặc “Không”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("Có") if value else _("Không")


class ChoiceWidget(widgets.Widget):
    """A choice exported as its Vietnamese label; imported from the label (diacritics optional) or the code."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        wanted = fold(_text(value))
        for code, label in self.choices.choices:
            if wanted in (fold(code), fold(str(label))):
                return code
        allowed = "; ".join(str(label) for label in self.choices.labels)
        raise ValueError(_("“%(value)s” không phải giá trị hợp lệ. Chọn một trong: %(allowed)s.") % {
            "value": value, "allowed": allowed})

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        return str(dict(self.choices.choices).get(value, value))


class DateWidget(widgets.Widget):
    """dd/mm/yyyy (also yyyy-mm-dd, spreadsheet date cells, and a date serial in a General cell)."""

    FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
    # Excel's day numbers of 1/1/1990 and 31/12/2100: a General cell holding one of these is a date
    # typed or pasted without its format; a smaller number (2025, 15) is not a date at all.
    SERIALS = (32874, 73415)

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, numbers.Number) and not isinstance(value, bool):
            if float(value).is_integer() and self.SERIALS[0] <= value <= self.SERIALS[1]:
                return (datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value)))
            raise ValueError(_("“%(value)s” là một số, không phải ngày; ghi ngày theo dạng dd/mm/yyyy.")
                             % {"value": _text(value)})
        text = _text(value).split(" ")[0]
        for fmt in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” không phải ngày hợp lệ; ghi theo dạng dd/mm/yyyy.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return value
        return value.strftime("%d/%m/%Y")


# What people write after an amount: "1.250.000 VNĐ", "1.250.000đ", "1.250.000 đồng".
_CURRENCY = re.compile(r"\s*(₫|đồng|dong|vnđ|vnd|đ)\.?\s*$", re.IGNORECASE)
_PLAIN = re.compile(r"\d+")
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+")          # 1.250.000 (Vietnamese thousands)
_COMMA_GROUPS = re.compile(r"\d{1,3}(?:,\d{3}){2,}")       # 1,250,000 (English thousands, unambiguous)
_VN_DECIMALS = re.compile(r"(\d{1,3}(?:\.\d{3})*|\d+),(\d+)")   # 1.250.000,00
_EN_DECIMALS = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)\.(\d{1,2})")  # 1,250,000.00 or 1250000.00


def parse_whole_number(value) -> int:
    """A whole number as a Vietnamese officer types it; ValueError (in words) if it is not one or
    if it could be read two ways ("1,250": one thousand two hundred and fifty, or 1.25?)."""
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” không phải số nguyên.") % {"value": value})
    if isinstance(value, numbers.Number):
        if float(value) != int(value):
            raise ValueError(_("“%(value)s” không phải số nguyên.") % {"value": value})
        return int(value)
    original = _text(value)
    text = _CURRENCY.sub("", original.replace("\u00a0", " ")).strip()
    negative = text.startswith("-")
    text = text.lstrip("-").strip().replace(" ", "")
    number = None
    if _PLAIN.fullmatch(text):
        number = int(text)
    elif _DOT_GROUPS.fullmatch(text):
        number = int(text.replace(".", ""))
    elif _COMMA_GROUPS.fullmatch(text):
        number = int(text.replace(",", ""))
    elif re.fullmatch(r"\d{1,3},\d{3}", text):
        raise ValueError(_("“%(value)s” có thể hiểu hai cách (dấu phẩy là phần lẻ hay ngăn cách hàng nghìn?); "
                           "ghi số nguyên với dấu chấm ngăn cách hàng nghìn, ví dụ 1.250.") % {"value": original})
    else:
        for pattern, separator in ((_VN_DECIMALS, "."), (_EN_DECIMALS, ",")):
            match = pattern.fullmatch(text)
            if match:
                whole, fraction = match.groups()
                if set(fraction) != {"0"}:
                    raise ValueError(_("“%(value)s” có phần lẻ; ghi số nguyên (số tiền tính bằng đồng).")
                                     % {"value": original})
                number = int(whole.replace(separator, ""))
                break
    if number is None:
        raise ValueError(_("“%(value)s” không phải số nguyên.") % {"value": original})
    return -number if negative else number


class NumberWidget(widgets.Widget):
    """Whole numbers (đồng, people): 1.250.000, 1 250 000, "1.250.000 VNĐ", "1.250.000,00"; blank is 0."""

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return 0
        return parse_whole_number(value)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class KeyWidget(widgets.ForeignKeyWidget):
    """A foreign key by natural key; a missing row is a Vietnamese message, not an exception."""

    not_found = ""

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else force_str(getattr(value, self.field))

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        key = _text(value)
        try:
            return self.lookup(key, row, **kwargs)
        except ObjectDoesNotExist:
            raise ValueError(self.not_found % {"value": key}) from None

    def lookup(self, key, row, **kwargs):
        return self.model.objects.get(**{self.field: key})


def _row_date(row, columns) -> datetime.date | None:
    """The first date among the row's `columns` that reads as one (None if none does)."""
    for column in columns:
        try:
            value = DateWidget().clean((row or {}).get(column))
        except ValueError:
            continue
        if value:
            return value
    return None


class UnitWidget(KeyWidget):
    """A unit by its code, read on the date the row is about (the 2025 reform reused codes:
    20443 is Xã A Xan until 30/06/2025, Xã Hùng Sơn after): the first date found in
    `date_columns`, today if none. A code that only one unit ever carried is that unit, valid or
    not then, so that the model's rules can refuse it naming its successor."""

    def __init__(self, date_columns=(), cached=False, **kwargs):
        super().__init__(AdministrativeUnit, field="code", **kwargs)
        self.date_columns = tuple(date_columns)
        # `cached`: the units carrying a code are read once per import (one query per code, not per
        # row); only for imports that create no unit (activities), never for the units' own.
        self.cached = cached
        self._by_code = {}

    @property
    def not_found(self):
        return _("Không có đơn vị hành chính mã “%(value)s”.")

    def lookup(self, key, row, **kwargs):
        on = _row_date(row, self.date_columns)
        if self.cached:
            return self._cached(key, on)
        found = geography.unit_by_code(key, on=on)
        if found is not None:
            return found
        # A spreadsheet may have dropped leading zeros ("01" → 1); try the padded codes too.
        candidates = {key} | ({key.zfill(n) for n in (2, 3, 5)} if key.isdigit() else set())
        ever = list(AdministrativeUnit.objects.filter(code__in=candidates)[:2])
        if len(ever) != 1:
            raise AdministrativeUnit.DoesNotExist
        return ever[0]

    def _cached(self, key, on):
        """The answer of the queries above, from the units carrying the code read once."""
        if key not in self._by_code:
            candidates = {key} | ({key.zfill(n) for n in (2, 3, 5)} if key.isdigit() else set())
            self._by_code[key] = list(AdministrativeUnit.objects.filter(code__in=candidates).select_related("parent"))
        ever = self._by_code[key]
        valid = [unit for unit in ever if geography.is_valid_on(unit, on)]
        matches = [unit for unit in valid if unit.code == key] or valid
        if len(matches) == 1:
            return matches[0]
        if len(ever) != 1:
            raise AdministrativeUnit.DoesNotExist
        return ever[0]


class AgencyWidget(KeyWidget):
    def __init__(self, **kwargs):
        super().__init__(Agency, field="name", **kwargs)

    @property
    def not_found(self):
        return _("Không có cơ quan, đơn vị tên “%(value)s” (nhập danh sách cơ quan, đơn vị trước).")

    def lookup(self, key, row, **kwargs):
        try:
            return Agency.objects.get(name=key)
        except Agency.DoesNotExist:
            return Agency.objects.get(name__iexact=key)


class CategoryWidget(KeyWidget):
    def __init__(self, **kwargs):
        super().__init__(ActivityCategory, field="name", **kwargs)
        self._memo = {}  # per import: a resource works on its own copy of its widgets

    @property
    def not_found(self):
        return _("Không có loại hoạt động “%(value)s” (ghi mã hoặc tên loại hoạt động).")

    def lookup(self, key, row, **kwargs):
        memo = self._memo
        if key not in memo:
            memo[key] = ActivityCategory.objects.filter(Q(code=key) | Q(name__iexact=key)).first()
        if memo[key] is None:
            raise ActivityCategory.DoesNotExist
        return memo[key]


class PartnershipWidget(KeyWidget):
    """A partnership by (agency name in this cell, unit code in `unit_column` of the same row).

    A pair may have an ended and a current partnership: the current one wins, then the latest.
    Only partnerships the importing user may see are found.
    """

    def __init__(self, unit_column, date_column=None, **kwargs):
        super().__init__(Partnership, field="agency", **kwargs)
        self.unit_column = unit_column
        self.date_column = date_column
        self._memo = {}  # per import: a resource works on its own copy of its widgets

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.agency.name

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        agency, unit = _text(value), _text((row or {}).get(self.unit_column) or "")
        user = kwargs.get("user")
        # The pair's partnerships are read once per import (one query per pair, not per row).
        memo = self._memo
        key = (agency, unit, getattr(user, "pk", None))
        if key not in memo:
            queryset = Partnership.objects.select_related("agency", "unit")
            if user is not None:
                queryset = queryset.visible_to(user)
            memo[key] = list(queryset.filter(Q(agency__name=agency) | Q(agency__name__iexact=agency), unit__code=unit))
        candidates = memo[key]
        on = _row_date(row, [self.date_column]) if self.date_column else None
        if on is not None:
            # the unit code names the commune of the row's date (a reused code: old and new partnership)
            candidates = [p for p in candidates if geography.is_valid_on(p.unit, on)] or candidates
        found = next((p for p in candidates if p.status == PartnershipStatus.ACTIVE), None) or max(
            candidates, key=lambda p: (p.signed_on or datetime.date.min), default=None)
        if found is None:
            raise ValueError(
                _("Không có quan hệ kết nghĩa giữa “%(agency)s” và địa phương mã “%(unit)s”.")
                % {"agency": agency, "unit": unit or "–"}
            )
        return found


# --- resources -----------------------------------------------------------------------------


class KetNghiaResource(resources.ModelResource):
    """What every import here shares: all or nothing, and errors a person can act on."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.batch = None  # the import batch of a real import (see import_data)

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False, **kwargs):
        # Whoever calls (the admin's confirm step, a shell, a command): one bad row, nothing written.
        self.user = kwargs.get("user") or self.user
        try:
            self.check_file(dataset)
        except ValueError as error:
            # A file without its key columns is refused at once: django-import-export would
            # report the error and then go on validating every row against the wrong columns.
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            self.handle_import_error(result, error, raise_errors)
            return result
        file_sha256 = kwargs.pop("file_sha256", "")
        arguments = dict(dry_run=dry_run, raise_errors=raise_errors, use_transactions=True,
                         collect_failed_rows=collect_failed_rows, rollback_on_validation_errors=True, **kwargs)
        if dry_run:
            return super().import_data(dataset, **arguments)
        # A real import is one batch (who, when, file, SHA-256, rows written) named in the
        # history of every row it writes; refused as a whole, it leaves no batch either.
        with transaction.atomic():
            batch = self.batch = services.import_batch_open(
                actor=self.user, source=ImportBatch.Source.ADMIN, file_name=kwargs.get("file_name") or "",
                sha256=file_sha256)
            with services.import_batch_recording(batch):
                result = super().import_data(dataset, **arguments)
            if result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
            else:
                services.import_batch_close(batch=batch, rows_written=sum(
                    result.totals[kind] for kind in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE,
                                                     RowResult.IMPORT_TYPE_DELETE)))
        return result

    def check_file(self, dataset):
        """Blank rows dropped, headers cleaned, the key columns present (ValueError, in words, if not)."""
        # Spreadsheets often carry trailing blank rows; they are not records (one pass, not a
        # deletion per row: the Excel reader already leaves them out, a CSV may not).
        blank = [index for index, row in enumerate(dataset) if all(_is_blank(value) for value in row)]
        if blank:
            headers = dataset.headers
            kept = [row for index, row in enumerate(dataset) if index not in set(blank)]
            dataset.wipe()
            dataset.headers = headers
            for row in kept:
                dataset.append(row)
        dataset.headers = [_text(h) if h is not None else "" for h in (dataset.headers or [])]
        headers = dataset.headers
        missing = [column for column in self.required_columns() if column not in headers]
        if missing:
            raise ValueError(
                _("Tệp thiếu cột: %(missing)s. Dòng đầu tiên của tệp phải là tên các cột: %(expected)s.")
                % {"missing": ", ".join(missing), "expected": ", ".join(self.importable_columns())}
            )

    def before_import_row(self, row, **kwargs):
        # A formula whose result is an error ("#REF!") or that has no stored result is not data.
        formulas = {column: [formula_message(value)] for column, value in row.items() if is_formula(value)}
        if formulas:
            raise ValidationError(formulas)

    def required_columns(self) -> list[str]:
        return [self.fields[name].column_name for name in self.get_import_id_fields() if name != "id"]

    def importable_columns(self) -> list[str]:
        return [field.column_name for field in self.get_import_fields() if not field.readonly]

    def read_only_columns(self) -> list[str]:
        """Columns an export carries for people to read and an import ignores."""
        return [field.column_name for field in self.get_user_visible_fields()
                if field.readonly and field.column_name not in self.columns_read_by_widgets]

    columns_read_by_widgets: tuple[str, ...] = ()
    # The field whose value places a row in a year (a locked year's refusal is shown on it).
    locked_year_field: str | None = None

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.user is not None and hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(self.user)
        return queryset

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.errors:
            # An unexpected exception on this row: report it like a validation error, in words.
            found = {}
            for error in row_result.errors:
                if isinstance(error.error, ValidationError) and hasattr(error.error, "error_dict"):
                    for key, messages in error.error.message_dict.items():  # e.g. the locked year's column
                        found.setdefault(key, []).extend(messages)
                else:
                    found.setdefault(NON_FIELD_ERRORS, []).append(self.explain(error.error))
            row_result.validation_error = ValidationError(found)
            row_result.errors = []
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
        if row_result.validation_error is not None:
            row_result.validation_error = self.by_column(row_result.validation_error)
        return row_result

    def do_instance_save(self, instance, is_create):
        # A savepoint of its own, so that a refused INSERT (PostgreSQL aborts the transaction)
        # leaves the rest of the import able to report the following rows.
        try:
            with transaction.atomic():
                self.save_checked(instance, is_create)
        except YearLocked as error:
            # On the column that puts the row in the locked year, not "–" (issue 11).
            raise ValidationError({self.locked_year_field or NON_FIELD_ERRORS: [force_str(error.message)]}) from error
        except DomainError as error:
            raise ValidationError({NON_FIELD_ERRORS: [force_str(error.message)]}) from error
        except DatabaseError as error:
            raise ValidationError({NON_FIELD_ERRORS: [self.explain(error)]}) from error

    def save_checked(self, instance, is_create):
        """Save the row through its service, with the importing user as the actor (never directly)."""
        raise NotImplementedError(f"{type(self).__name__} must save through a service")

    @staticmethod
    def explain(error) -> str:
        if isinstance(error, DomainError):
            return force_str(error.message)
        if isinstance(error, ValidationError):
            return " ".join(error.messages)
        if isinstance(error, DatabaseError) and is_year_lock_error(error):
            return _("Năm của dòng này đã chốt số liệu báo cáo; không thể thay đổi dữ liệu của năm đó.")
        if isinstance(error, DatabaseError):
            return _("Cơ sở dữ liệu từ chối dòng này (trùng lặp hoặc vi phạm ràng buộc dữ liệu).")
        return _("Không xử lý được dòng này: %(error)s") % {"error": error}

    def column_of(self, name: str) -> str:
        """The file column (or, for a field the file does not carry, the field's name) of `name`."""
        if name == NON_FIELD_ERRORS:
            return name
        for field in self.fields.values():
            if field.attribute == name and field.column_name:
                return field.column_name
        try:
            return str(self._meta.model._meta.get_field(name).verbose_name).capitalize()
        except Exception:
            return name

    def by_column(self, error: ValidationError) -> ValidationError:
        if not hasattr(error, "error_dict"):
            return ValidationError({NON_FIELD_ERRORS: error.messages})
        constraint_columns = self.constraint_columns()
        merged = {}
        for name, errors in error.message_dict.items():
            for message in errors:
                column = constraint_columns.get(message) if name == NON_FIELD_ERRORS else None
                merged.setdefault(column or self.column_of(name), []).append(message)
        return ValidationError(merged)

    def constraint_columns(self) -> dict[str, str]:
        """A check constraint's message → the file columns it is about (Django reports it for no field)."""
        columns = {}
        for constraint in self._meta.model._meta.constraints:
            condition = getattr(constraint, "condition", None)
            if condition is None or not hasattr(constraint, "get_violation_error_message"):
                continue
            names = [field.column_name for field in self.fields.values()
                     if field.attribute in condition.referenced_base_fields and not field.readonly]
            if names:
                columns[str(constraint.get_violation_error_message())] = ", ".join(names)
        return columns


def _field(attribute, column, widget=None, **kwargs):
    return fields.Field(attribute=attribute, column_name=column, widget=widget or TextWidget(), **kwargs)


def _flag(attribute, column):
    return _field(attribute, column, BooleanWidget())


class AdministrativeUnitResource(KetNghiaResource):
    code = _field("code", "Mã đơn vị", CodeWidget())
    name = _field("name", "Tên")
    level = _field("level", "Cấp", ChoiceWidget(AdministrativeUnit.Level))
    parent = _field("parent", "Mã đơn vị cấp trên", UnitWidget(date_columns=("Hiệu lực từ ngày", "Hiệu lực đến hết ngày")))
    is_mountainous = _flag("is_mountainous", "Miền núi")
    is_ethnic_minority_area = _flag("is_ethnic_minority_area", "Vùng đồng bào dân tộc thiểu số")
    is_border = _flag("is_border", "Biên giới đất liền")
    is_especially_difficult = _flag("is_especially_difficult", "Đặc biệt khó khăn")
    valid_from = _field("valid_from", "Hiệu lực từ ngày", DateWidget())
    valid_to = _field("valid_to", "Hiệu lực đến hết ngày", DateWidget())

    class Meta:
        model = AdministrativeUnit
        fields = ("code", "name", "level", "parent", "is_mountainous", "is_ethnic_minority_area", "is_border",
                  "is_especially_difficult", "valid_from", "valid_to")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("parent")

    def get_instance(self, instance_loader, row):
        """A unit is its code *and* its start date (codes were reused): a row with 20443 and no
        start date is the old Xã A Xan, with 01/07/2025 the new Xã Hùng Sơn."""
        try:
            code = self.fields["code"].clean(row)
            if self.fields["valid_from"].column_name not in row:
                # a file without the column: the only unit with this code, else the one in force today
                units = self.get_queryset().filter(code=code)
                return units.first() if units.count() < 2 else units.filter(geography.valid_on_q()).first()
            valid_from = self.fields["valid_from"].clean(row)
        except (ValueError, KeyError):
            return None  # reported, per column, when the row's fields are read
        return self.get_queryset().filter(code=code, valid_from=valid_from).first()

    def save_checked(self, instance, is_create):
        services.unit_save(actor=self.user, unit=instance)


class AgencyResource(KetNghiaResource):
    name = _field("name", "Tên cơ quan, đơn vị")
    short_name = _field("short_name", "Tên viết tắt")
    kind = _field("kind", "Loại", ChoiceWidget(Agency.Kind))
    address = _field("address", "Địa chỉ")
    contact_person = _field("contact_person", "Người liên hệ")
    phone = _field("phone", "Điện thoại", CodeWidget())
    email = _field("email", "Thư điện tử")
    is_active = _field("is_active", "Đang hoạt động", BooleanWidget())

    class Meta:
        model = Agency
        fields = ("name", "short_name", "kind", "address", "contact_person", "phone", "email", "is_active")
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def save_checked(self, instance, is_create):
        services.agency_save(actor=self.user, agency=instance)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        # A new agency whose kind is left blank is a state agency, as in the form.
        if "Loại" in row and _is_blank(row["Loại"]):
            row["Loại"] = Agency.Kind.STATE


class PartnershipResource(KetNghiaResource):
    locked_year_field = "signed_on"
    agency = _field("agency", "Cơ quan, đơn vị", AgencyWidget())
    unit = _field("unit", "Mã địa phương kết nghĩa", UnitWidget(date_columns=("Ngày ký kết",)))
    unit_name = _field("unit__name", "Địa phương kết nghĩa", readonly=True)
    signed_on = _field("signed_on", "Ngày ký kết", DateWidget())
    agreement_number = _field("agreement_number", "Số quyết định / thỏa thuận", CodeWidget())
    note = _field("note", "Ghi chú")
    # Ending a partnership is a decision with a reason (services.partnership_end), not a cell.
    status = _field("status", "Trạng thái", ChoiceWidget(PartnershipStatus), readonly=True)
    ended_on = _field("ended_on", "Ngày kết thúc", DateWidget(), readonly=True)

    class Meta:
        model = Partnership
        fields = ("agency", "unit", "unit_name", "signed_on", "agreement_number", "note", "status", "ended_on")
        import_id_fields = ("agency", "unit")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("agency", "unit")

    def get_instance(self, instance_loader, row):
        try:
            agency = self.fields["agency"].clean(row)
            unit = self.fields["unit"].clean(row)
        except (ValueError, KeyError):
            return None  # reported, per column, when the row's fields are read
        pairs = self.get_queryset().filter(agency=agency, unit=unit)
        return pairs.filter(status=PartnershipStatus.ACTIVE).first() or pairs.order_by("-signed_on").first()

    def save_checked(self, instance, is_create):
        fields = {name: getattr(instance, name) for name in services.PARTNERSHIP_FIELDS}
        if is_create:
            saved = services.partnership_create(actor=self.user, **fields)
        else:
            saved = services.partnership_update(actor=self.user, partnership=instance, **fields)
        instance.pk = saved.pk


def _pretty(op: str, text: str) -> str:
    # diff-match-patch's diff_prettyHtml for one piece, character for character.
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "&para;<br>")
    return f'<ins style="background:#e6ffe6;">{text}</ins>' if op == "insert" else f"<span>{text}</span>"


class NewRowDiff(resources.Diff):
    """import-export's preview diff, without its cost for a new row (nearly every row of a large
    file): a new instance's values are the model's defaults, the same for every row, so they are
    read once per import (`resource.blank_values`) rather than exported from a copy per row, and
    the HTML of "nothing → value" is written directly instead of by diff-match-patch. The HTML is
    the library's own (`tests/partnerships/io/test_resources.py`); edited rows keep its diff."""

    def __init__(self, resource, instance, new):
        if not new:
            super().__init__(resource, instance, new)
            return
        if getattr(resource, "blank_values", None) is None:
            resource.blank_values = resources.Diff._read_field_values(resource, instance)
        self.left, self.right, self.new = resource.blank_values, [], True

    def as_html(self):
        if not self.new:
            return super().as_html()
        html = []
        for before, after in zip(self.left, self.right):
            text = force_str(after)  # as the library does for a new row: a changed default is not shown
            html.append(mark_safe(_pretty("insert" if before != after else "equal", text) if text else ""))
        return html


# New activities the admin's import takes in one file; more go through the portal's import page
# (`officer_import`), which checks them once and writes them by COPY (docs/plans-and-import.md).
ADMIN_NEW_ROWS_MAX = 1_000


class ActivityResource(KetNghiaResource):
    """Activities land through the same service as the portal's form: full_clean, draft status,
    a workflow row, an officer only for their own agency. The status column is exported for
    reading and never imported."""

    locked_year_field = "start_date"
    id = _field("id", H["id"], NumberWidget())
    partnership = _field("partnership", H["agency"], PartnershipWidget(unit_column=H["unit_code"], date_column=H["start_date"]))
    unit_code = _field("partnership__unit__code", H["unit_code"], readonly=True)
    unit_name = _field("partnership__unit__name", H["unit"], readonly=True)
    category = _field("category", H["category"], CategoryWidget())
    title = _field("title", H["title"])
    description = _field("description", H["description"])
    start_date = _field("start_date", H["start_date"], DateWidget())
    end_date = _field("end_date", H["end_date"], DateWidget())
    commune = _field("commune", H["commune_code"], UnitWidget(date_columns=(H["start_date"],), cached=True))
    commune_name = _field("commune__name", H["commune"], readonly=True)
    budget_state = _field("budget_state", H["budget_state"], NumberWidget())
    budget_society = _field("budget_society", H["budget_society"], NumberWidget())
    budget_in_kind = _field("budget_in_kind", H["budget_in_kind"], NumberWidget())
    households_reached = _field("households_reached", H["households_reached"], NumberWidget())
    people_reached = _field("people_reached", H["people_reached"], NumberWidget())
    ethnic_minority_people = _field("ethnic_minority_people", H["ethnic_minority_people"], NumberWidget())
    people_trained = _field("people_trained", H["people_trained"], NumberWidget())
    jobs_created = _field("jobs_created", H["jobs_created"], NumberWidget())
    households_out_of_poverty = _field("households_out_of_poverty", H["households_out_of_poverty"], NumberWidget())
    status = _field("status", H["status"], ChoiceWidget(ActivityStatus), readonly=True)

    class Meta:
        model = Activity
        fields = ("id", "partnership", "unit_code", "unit_name", "category", "title", "description", "start_date",
                  "end_date", "commune", "commune_name", "budget_state", "budget_society", "budget_in_kind",
                  "households_reached", "people_reached", "ethnic_minority_people", "people_trained",
                  "jobs_created", "households_out_of_poverty", "status")
        import_id_fields = ["id"]  # blank for a new activity; see get_or_init_instance
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        # New rows are written together by services.activities_import (see bulk_create): one
        # service call, a constant number of queries; never import-export's own bulk_create.
        use_bulk = True
        batch_size = None  # one write at the end, so that a refused row refuses the whole file

    def get_queryset(self):
        return super().get_queryset().select_related("partnership__agency", "partnership__unit", "category", "commune")

    def get_diff_class(self):
        return NewRowDiff

    # Exported from the partnership, and read back by PartnershipWidget to find it.
    columns_read_by_widgets = (H["unit_code"],)

    def required_columns(self):
        return [H[name] for name in ("agency", "unit_code", "category", "title", "start_date")]

    def check_file(self, dataset):
        super().check_file(dataset)
        # Many new rows belong on the portal's import page (issue 15): it keeps the rows its
        # preview checked and writes them once, where the library here checks every row twice
        # (its confirm imports the file again) and lists them all in its preview. Refused before
        # any row is read, so nothing is checked or written; edits (a number given) are not counted.
        column = dataset.headers.index(H["id"]) if H["id"] in dataset.headers else None
        new = sum(1 for row in dataset if column is None or _is_blank(row[column]))
        if new > ADMIN_NEW_ROWS_MAX:
            raise ValueError(
                _("Tệp có %(count)s hoạt động mới (cột “%(id)s” để trống), quá %(max)s hoạt động mới mà trang quản trị "
                  "nhận trong một tệp. Hãy nhập hoạt động mới ở trang “Nhập hoạt động từ Excel” của cổng (%(url)s): "
                  "mỗi cơ quan, đơn vị một tệp theo tệp mẫu của trang đó. Trang quản trị dùng để sửa các hoạt động "
                  "đã có và thêm ít hoạt động.")
                % {"count": format_number(new), "id": H["id"],
                   "max": format_number(ADMIN_NEW_ROWS_MAX), "url": reverse("partnerships:import_upload")})

    def before_import(self, dataset, **kwargs):
        # Files with a former heading (e.g. the list export's old "Kinh phí nhà nước") still import.
        dataset.headers = [FORMER_HEADINGS.get(_text(h), h) if h is not None else h for h in (dataset.headers or [])]
        super().before_import(dataset, **kwargs)

    def get_or_init_instance(self, instance_loader, row):
        number = row.get(H["id"])
        try:
            instance = None if _is_blank(number) else self.get_instance(instance_loader, row)
        except ValueError as error:
            raise ValidationError({"id": str(error)}) from error
        if instance is not None:
            return instance, False
        if not _is_blank(number):
            raise ValidationError({"id": _(
                "Không có hoạt động mã “%(value)s” mà bạn được xem; để trống cột này khi thêm hoạt động mới."
            ) % {"value": _text(number)}})
        return self.init_instance(row), True

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "id":
            return  # the number identifies the row; it is never written
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def save_checked(self, instance, is_create):
        changes = {name: getattr(instance, name) for name in services.ACTIVITY_EDITABLE_FIELDS}
        saved = services.activity_update(actor=self.user, activity=instance, **changes)
        instance.pk, instance.status = saved.pk, saved.status

    # --- new rows in bulk: every row checked here, all of them written by the service at once ---

    def import_data(self, dataset, *args, **kwargs):
        self.new_rows, self.locked = [], services.locked_years()
        return super().import_data(dataset, *args, **kwargs)

    def import_row(self, row, instance_loader, **kwargs):
        waiting = len(self.new_rows)
        row_result = super().import_row(row, instance_loader, **kwargs)
        if len(self.new_rows) > waiting:
            self.new_rows[-1] = (*self.new_rows[-1], row_result)
        return row_result

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The keys come from the widgets' lookups (full_clean would query each again, per row) and
        # the check constraints are evaluated here in Python (Django asks the database, a query
        # per constraint and row); the database still enforces both at the write.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, *RESOLVED_KEYS], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for constraint in self._meta.model._meta.constraints:
            if getattr(constraint, "condition", None) is not None and not _holds(constraint.condition, instance):
                errors.setdefault(NON_FIELD_ERRORS, []).append(constraint.get_violation_error_message())
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        if not is_create:
            self.do_instance_save(instance, is_create)  # an edit: row by row through activity_update
        elif instance.start_date and instance.start_date.year in self.locked:
            try:  # on the column that puts the row in the locked year (issue 11)
                services.require_years_open(instance.start_date.year, locked=self.locked)
            except YearLocked as error:
                raise ValidationError({self.locked_year_field: [force_str(error.message)]}) from None
        else:
            self.new_rows.append((kwargs["row_number"], row, instance))
        self.after_save_instance(instance, row, **kwargs)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """The new rows through `services.activities_import` (its rules for every row, one write
        with the history and workflow rows, in the import's batch); its refusals land on their rows.
        Also in the preview (a dry run, rolled back), so that it shows what the write would refuse."""
        rows = [entry for entry in self.new_rows if len(entry) == 4 and entry[3].import_type == RowResult.IMPORT_TYPE_NEW]
        self.new_rows = []
        if not rows:
            return
        fields = [{name: getattr(instance, name) for name in services.ACTIVITY_EDITABLE_FIELDS}
                  for _number, _row, instance, _result in rows]
        try:
            # Each row passed full_clean in validate_instance (the service's own exclusions), so
            # the service does not run it again; it still checks the writer, partnership and year.
            created = services.activities_import(actor=self.user, rows=fields, source=ImportBatch.Source.ADMIN,
                                                 batch=self.batch, fields_cleaned=True)
        except services.RowsRefused as refused:
            for index, message in refused.errors:
                self._refuse(result, rows[index], message)
        except DomainError as error:  # the write as a whole (a database constraint): said on the first row
            self._refuse(result, rows[0], force_str(error.message))
        else:
            for (_number, _row, instance, row_result), saved in zip(rows, created):
                instance.pk, instance.status = saved.pk, saved.status
                row_result.object_id = saved.pk

    def _refuse(self, result, entry, message):
        number, row, _instance, row_result = entry
        row_result.import_type = RowResult.IMPORT_TYPE_INVALID
        row_result.validation_error = self.by_column(ValidationError({NON_FIELD_ERRORS: [message]}))
        result.totals[RowResult.IMPORT_TYPE_NEW] -= 1
        result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
        result.append_invalid_row(number, row, row_result.validation_error)


# Foreign keys the widgets resolved to rows they read (see ActivityResource.validate_instance).
RESOLVED_KEYS = ["partnership", "category", "commune", "development_model", "created_by", "confirmed_by"]
_COMPARE = {"gte": lambda a, b: a >= b, "lte": lambda a, b: a <= b, "gt": lambda a, b: a > b,
            "lt": lambda a, b: a < b, "exact": lambda a, b: a == b}


def _holds(condition, instance) -> bool:
    """Whether a check constraint's condition holds for an unsaved instance, as the database would
    judge it (a comparison with NULL does not refuse); lookups other than these ask the database."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(_holds(child, instance))
            continue
        key, value = child
        name, _sep, lookup = key.partition("__")
        lookup = lookup or "exact"
        left = getattr(instance, name)
        right = getattr(instance, value.name) if isinstance(value, F) else value
        if lookup == "isnull":
            results.append((left is None) == bool(value))
        elif lookup in _COMPARE and "__" not in lookup:
            results.append(left is None or right is None or _COMPARE[lookup](left, right))
        else:
            return Q(condition).check({f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields})
    held = all(results) if condition.connector == Q.AND else any(results)
    return not held if condition.negated else held
