"""Malicious and awkward .xlsx files for the import tests, made by code (no large binaries in git).

The zip bombs are real: each is a valid zip whose part really unpacks to about 1 GB (checked by
`test_bombs_are_real`), built from one compressed megabyte repeated as independent deflate
blocks (each ends with a full flush, so copies do not refer to each other), which takes a
fraction of a second instead of compressing a gigabyte.
"""

import io
import struct
import zipfile
import zlib

from openpyxl import Workbook, load_workbook

MB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Hoạt động" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SMALL_SHEET = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Tên hoạt động (*)</t></is></c></row>'
    "</sheetData></worksheet>"
)
SMALL_STRINGS = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="0" uniqueCount="0"/>'


def _deflated(head: bytes, unit: bytes, copies: int, tail: bytes) -> tuple[bytes, int, int]:
    """(raw deflate stream, crc32, size) of head + unit * copies + tail, fast."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(copies):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(tail, crc)
    return start + block * copies + end, crc, len(head) + len(unit) * copies + len(tail)


class _ZipWriter:
    """Just enough of a zip writer to store pre-deflated parts (and to lie about sizes)."""

    def __init__(self):
        self.out = io.BytesIO()
        self.entries = []

    def add(self, name: str, data: bytes | None = None, *, raw=None, declared_size=None):
        if raw is None:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            raw = (compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data))
        stream, crc, size = raw
        if declared_size is not None:
            size = declared_size
        encoded = name.encode()
        offset = self.out.tell()
        self.out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, 0, 0x21, crc, len(stream), size,
                                   len(encoded), 0) + encoded)
        self.out.write(stream)
        self.entries.append((encoded, crc, len(stream), size, offset))

    def bytes(self) -> bytes:
        start = self.out.tell()
        for encoded, crc, packed, size, offset in self.entries:
            self.out.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, 8, 0, 0x21, crc, packed,
                                       size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
        directory = self.out.tell() - start
        self.out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(self.entries), len(self.entries), directory,
                                   start, 0))
        return self.out.getvalue()


def _package(**parts) -> bytes:
    """A minimal workbook; any part given as a (stream, crc, size) tuple or bytes replaces the default."""
    writer = _ZipWriter()
    defaults = {
        "[Content_Types].xml": CONTENT_TYPES.encode(),
        "_rels/.rels": ROOT_RELS.encode(),
        "xl/workbook.xml": WORKBOOK.encode(),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS.encode(),
        "xl/worksheets/sheet1.xml": SMALL_SHEET.encode(),
        "xl/sharedStrings.xml": SMALL_STRINGS.encode(),
    }
    renamed = {"content_types": "[Content_Types].xml", "sheet": "xl/worksheets/sheet1.xml",
               "strings": "xl/sharedStrings.xml"}
    for key, value in parts.items():
        defaults[renamed.get(key, key)] = value
    for name, value in defaults.items():
        if isinstance(value, tuple):
            writer.add(name, raw=value)
        else:
            writer.add(name, value)
    return writer.bytes()


GB_COPIES = 1024  # one megabyte each


def sheet_bomb() -> bytes:
    """A sheet of ~1 GB without <dimension>: a million rows of filled cells."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>'
    unit = row * (MB // len(row)) + b" " * (MB % len(row))
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
    return _package(sheet=_deflated(head, unit, GB_COPIES, b"</sheetData></worksheet>"))


def wide_row_bomb() -> bytes:
    """One row of 250 million empty cells (`<c/>`, 4 bytes each: ~1 GB)."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode()
    return _package(sheet=_deflated(head, b"<c/>" * (MB // 4), GB_COPIES, b"</row></sheetData></worksheet>"))


def strings_bomb() -> bytes:
    """A ~1 GB shared-strings part."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
    item = b"<si><t>aaaaaaaaaaaaaaaa</t></si>"
    unit = item * (MB // len(item)) + b" " * (MB % len(item))
    return _package(strings=_deflated(head, unit, GB_COPIES, b"</sst>"))


def content_types_bomb() -> bytes:
    """A ~1 GB [Content_Types].xml (the part every reader opens first)."""
    text = CONTENT_TYPES.encode()
    cut = text.index(b"</Types>")
    return _package(content_types=_deflated(text[:cut], b" " * MB, GB_COPIES, b"</Types>"))


def lying_size_bomb() -> bytes:
    """A sheet that declares 2 KB in the zip directory and really unpacks to ~1 GB."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
    stream, crc, _size = _deflated(head, b" " * MB, GB_COPIES, b"</sheetData></worksheet>")
    return _package(sheet=(stream, crc, 2048))


def many_parts() -> bytes:
    """Tens of thousands of tiny parts (each cheap, together a cost)."""
    writer = _ZipWriter()
    for index in range(20_000):
        writer.add(f"xl/media/x{index}.xml", b"<x/>")
    writer.add("[Content_Types].xml", CONTENT_TYPES.encode())
    return writer.bytes()


def entity_expansion() -> bytes:
    """Shared strings with nested entities ("billion laughs")."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    text = (f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst xmlns="{MAIN}"><si><t>&j;</t></si></sst>')
    return _package(strings=text.encode())


BOMBS = {
    "sheet of 1 GB without dimension": sheet_bomb,
    "one row of 250 million cells": wide_row_bomb,
    "shared strings of 1 GB": strings_bomb,
    "[Content_Types].xml of 1 GB": content_types_bomb,
    "a part that lies about its size": lying_size_bomb,
    "20 000 parts": many_parts,
    "entity expansion": entity_expansion,
}


# --- awkward but honest files (openpyxl, then edited where Excel writes what openpyxl cannot) ---


def workbook_bytes(rows, *, title_row: str | None = None, sheet_title="Hoạt động", general_cells=()) -> bytes:
    """A workbook whose first sheet holds `rows` (the first one the header); optional merged title above."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    offset = 0
    if title_row:
        sheet.cell(row=1, column=1, value=title_row)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        offset = 2  # a title, a blank line, then the header
    for r, values in enumerate(rows, start=1 + offset):
        for c, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def replace_in_sheet(data: bytes, old: str, new: str, part="xl/worksheets/sheet1.xml") -> bytes:
    """The same workbook with a piece of its sheet XML replaced (e.g. to give a formula a cached error)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                text = content.decode()
                assert old in text, (old, text[:2000])
                content = text.replace(old, new).encode()
            target.writestr(info.filename, content)
    return out.getvalue()


def with_formatted_empty_rows(data: bytes, down_to: int, columns: int = 16) -> bytes:
    """Rows down to `down_to` that carry a style on every cell and no value (as Excel saves them)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet = source.read("xl/worksheets/sheet1.xml").decode()
    last = max(int(n) for n in __import__("re").findall(r'<row r="(\d+)"', sheet))
    letters = [chr(65 + i) for i in range(columns)]
    empty = "".join(
        f'<row r="{n}" spans="1:{columns}">' + "".join(f'<c r="{c}{n}" s="0"/>' for c in letters) + "</row>"
        for n in range(last + 1, down_to + 1)
    )
    return replace_in_sheet(data, "</sheetData>", empty + "</sheetData>")


def with_stray_cell(data: bytes, reference: str = "A1048576", value: str = "x") -> bytes:
    row = int("".join(ch for ch in reference if ch.isdigit()))
    cell = f'<row r="{row}"><c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c></row>'
    return replace_in_sheet(data, "</sheetData>", cell + "</sheetData>")


def reopen(data: bytes):
    """openpyxl's view of a generated file (to prove the fixture is the file it claims to be)."""
    return load_workbook(io.BytesIO(data), read_only=False)
