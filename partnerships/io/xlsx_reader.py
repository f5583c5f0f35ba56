"""Reading an uploaded .xlsx without trusting it (the officers' import and the admin's).

A 1.5 MB file can unpack to gigabytes (a sheet without `<dimension>`, one row of 250 million
cells, a huge shared-strings or `[Content_Types].xml` part). So, before anything is
decompressed, every part named in the zip directory is held to a size and a compression ratio
(Python's zipfile stops at the declared size and then fails the CRC, so a part that lies about
its size gains nothing); then the parts are streamed through libxml2's pull parser in small chunks:
memory stays flat whatever the number of rows, and cells right of the columns asked for are
parsed and dropped, never kept.

What a cell holds is kept apart from what it looks like: a formula whose cached result is an
error ("#REF!") or that has no cached result at all (a file written by a program that does not
calculate) comes back as `FormulaError` / `FormulaWithoutValue`, so the caller can say
"công thức" instead of taking "#REF!" as a title or calling the cell empty. Dates come back as
`datetime.date` when the cell's number format is a date, numbers as `int` or `float`.
"""

import datetime
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """What an upload may unpack to. A 20,000-row activity file unpacks to about 30 MB."""

    parts: int = 500
    part_bytes: int = 64 * 1024 * 1024
    total_bytes: int = 160 * 1024 * 1024
    # Spreadsheet XML compresses 5–30 times; formatted empty rows up to ~60. Bombs: thousands.
    ratio: int = 150
    ratio_from_bytes: int = 1024 * 1024
    columns: int = 64
    strings: int = 1_000_000


LIMITS = Limits()


class UnreadableFile(Exception):
    """The file is not a readable, reasonable .xlsx; the message says why, in words."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


@dataclass(frozen=True)
class FormulaError:
    """A formula (or an error cell) whose value is an Excel error such as #REF! or #N/A."""

    code: str

    def __str__(self):
        return self.code


@dataclass(frozen=True)
class FormulaWithoutValue:
    """A formula with no result stored in the file (never calculated by a spreadsheet program)."""

    formula: str

    def __str__(self):
        return f"={self.formula}"


def _not_xlsx():
    return UnreadableFile(_("Tệp không phải tệp Excel (.xlsx). Hãy dùng tệp mẫu tải từ cổng."))


def _too_big():
    return UnreadableFile(
        _("Tệp Excel bung ra quá lớn hoặc nén bất thường (có thể là tệp độc hại); hệ thống không mở tệp này. "
          "Hãy dùng tệp mẫu tải từ cổng, chép giá trị sang và lưu lại.")
    )


def _damaged():
    return UnreadableFile(_("Không đọc được tệp Excel; tệp có thể bị hỏng."))


def check_archive(data_or_file, limits: Limits = LIMITS) -> zipfile.ZipFile:
    """The zip, once its directory shows nothing that would unpack too big; UnreadableFile if not."""
    try:
        archive = zipfile.ZipFile(data_or_file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _not_xlsx() from None
    infos = archive.infolist()
    if len(infos) > limits.parts:
        raise _too_big()
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:  # encrypted parts: not a workbook we can read
            raise _damaged()
        size, packed = info.file_size, max(info.compress_size, 1)
        total += size
        if size > limits.part_bytes or total > limits.total_bytes:
            raise _too_big()
        if size > limits.ratio_from_bytes and size / packed > limits.ratio:
            raise _too_big()
    return archive


def _stream(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """The part's bytes in chunks; a DOCTYPE (entity tricks) is refused, a lying size is caught."""
    try:
        with archive.open(name) as part:
            first = True
            while chunk := part.read(CHUNK):
                if first and (b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk):
                    raise _damaged()
                first = False
                yield chunk
    except KeyError:
        raise _damaged() from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise _damaged() from None


def _events(archive, name, events=("end",), tag=None):
    """(event, element) of the part as it is unpacked. libxml2's pull parser, asked only for the
    elements the caller reads (`tag`), spares a Python step per cell value: about twice as fast
    on a sheet as the standard library's. No entity is resolved, nothing is fetched, comments and
    processing instructions are dropped, and libxml2's limits on a text node stay on."""
    parser = etree.XMLPullParser(events=events, tag=tag, resolve_entities=False, no_network=True, huge_tree=False,
                                 remove_comments=True, remove_pis=True)
    try:
        for chunk in _stream(archive, name):
            parser.feed(chunk)
            yield from parser.read_events()
        parser.close()
        yield from parser.read_events()
    except etree.LxmlError:
        raise _damaged() from None


_LOCAL = {}


def _local(tag) -> str:
    local = _LOCAL.get(tag)
    if local is None:
        local = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
        if len(_LOCAL) < 256:  # the few tags of the format; a file's own inventions are not kept
            _LOCAL[tag] = local
    return local


def _column_index(reference: str) -> int:
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number


class Workbook:
    """The sheets of one checked upload; `rows()` streams one of them."""

    def __init__(self, data_or_file, limits: Limits = LIMITS):
        self.limits = limits
        self.archive = check_archive(data_or_file, limits)
        self.names = set(self.archive.namelist())
        self.sheets = self._sheets()
        if not self.sheets:
            raise _not_xlsx()
        self._strings = None
        self._date_styles = None

    def close(self):
        self.archive.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- the package ------------------------------------------------------------------------

    def _rels(self, name: str) -> dict:
        folder, base = posixpath.split(name)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        found = {}
        if rels_name not in self.names:
            return found
        for _event, element in _events(self.archive, rels_name):
            if _local(element.tag) == "Relationship":
                target = element.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
                found[element.get("Id")] = (element.get("Type", ""), path)
        return found

    def _sheets(self) -> list[tuple[str, str]]:
        workbook = next((path for kind, path in self._rels("").values() if kind.endswith("/officeDocument")),
                        "xl/workbook.xml")
        if workbook not in self.names:
            raise _not_xlsx()
        self.workbook_part = workbook
        rels = self._rels(workbook)
        sheets, self.epoch = [], CALENDAR_WINDOWS_1900
        self.styles_part = self.strings_part = None
        for kind, path in rels.values():
            if kind.endswith("/styles"):
                self.styles_part = path
            elif kind.endswith("/sharedStrings"):
                self.strings_part = path
        for _event, element in _events(self.archive, workbook):
            tag = _local(element.tag)
            if tag == "workbookPr" and element.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
            elif tag == "sheet":
                rid = element.get(f"{{{REL}}}id") or element.get(f"{{{STRICT_REL}}}id")
                kind, path = rels.get(rid, ("", ""))
                if path in self.names and kind.endswith("/worksheet"):
                    sheets.append((element.get("name", ""), path))
        return sheets

    @property
    def sheet_names(self) -> list[str]:
        return [name for name, _path in self.sheets]

    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            if self.strings_part in self.names:
                for _event, element in _events(self.archive, self.strings_part):
                    if _local(element.tag) == "si":
                        if len(self._strings) >= self.limits.strings:
                            raise _too_big()
                        self._strings.append(_rich_text(element))
                        element.clear()
        return self._strings

    def date_styles(self) -> set[int]:
        if self._date_styles is None:
            formats, styles, in_xfs = dict(BUILTIN_FORMATS), [], False
            if self.styles_part in self.names:
                for event, element in _events(self.archive, self.styles_part, ("start", "end")):
                    tag = _local(element.tag)
                    if tag == "cellXfs":
                        in_xfs = event == "start"
                    elif event == "end" and tag == "numFmt":
                        formats[int(element.get("numFmtId", "0") or 0)] = element.get("formatCode", "")
                    elif event == "end" and tag == "xf" and in_xfs:
                        styles.append(int(element.get("numFmtId", "0") or 0))
            self._date_styles = {index for index, fmt in enumerate(styles)
                                 if is_date_format(formats.get(fmt, "")) or 14 <= fmt <= 22}
        return self._date_styles

    # --- one sheet ---------------------------------------------------------------------------

    def rows(self, sheet_name: str | None = None, columns: int | None = None) -> Iterator[tuple[int, list]]:
        """(row number, [value of columns 1..columns]) for every row with a value in those columns."""
        columns = min(columns or self.limits.columns, self.limits.columns)
        path = dict(self.sheets).get(sheet_name) if sheet_name else None
        path = path or self.sheets[0][1]
        strings, dates = self.strings(), self.date_styles()
        number, values, filled = 0, None, False
        sheet_data = None
        for event, element in _events(self.archive, path, ("start", "end"), ("{*}row", "{*}c", "{*}sheetData")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "row":
                    number = int(element.get("r") or number + 1)
                    values, filled, column = [None] * columns, False, 0
                elif tag == "sheetData":
                    sheet_data = element
                continue
            if tag == "c":
                reference = element.get("r")
                column = _column_index(reference) if reference else column + 1
                if values is not None and 1 <= column <= columns:
                    value = self._value(element, strings, dates)
                    if value is not None and value != "":
                        values[column - 1] = value
                        filled = True
                element.clear()
            elif tag == "row":
                if filled:
                    yield number, values
                values = None
                if sheet_data is not None:
                    del sheet_data[:]
                else:
                    element.clear()

    def _value(self, cell, strings, dates):
        kind = cell.get("t", "n")
        formula = value = inline = None
        for child in cell:
            tag = _local(child.tag)
            if tag == "v":
                value = child.text
            elif tag == "f":
                formula = child.text or ""
            elif tag == "is":
                inline = child
        if kind == "inlineStr":
            return _rich_text(inline) if inline is not None else None
        if value is None:
            return FormulaWithoutValue(formula) if formula is not None else None
        if kind == "s":
            try:
                return strings[int(value)]
            except (ValueError, IndexError):
                raise _damaged() from None
        if kind == "str":
            return value
        if kind == "e":
            return FormulaError(value.strip())
        if kind == "b":
            return value.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.datetime.fromisoformat(value.strip()).date()
            except ValueError:
                return value
        try:
            number = float(value) if any(c in value for c in ".eE") else int(value)
        except ValueError:
            raise _damaged() from None
        if int(cell.get("s") or 0) in dates:
            try:
                moment = from_excel(number, self.epoch)
            except (ValueError, OverflowError, TypeError):
                return number
            return moment.date() if isinstance(moment, datetime.datetime) else moment
        return number


def _rich_text(element) -> str:
    """The text of a shared or inline string: plain `<t>` or rich-text runs, without phonetic hints."""
    parts = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)
