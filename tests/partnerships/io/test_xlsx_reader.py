"""The guarded .xlsx reader: bombs refused before anything is unpacked, honest files streamed."""

import datetime
import io
import resource
import time
import zipfile

import pytest

from partnerships.io import xlsx_reader
from tests import hostile_xlsx


@pytest.mark.parametrize("name", list(hostile_xlsx.BOMBS))
def test_bombs_are_refused_before_unpacking(name):
    data = hostile_xlsx.BOMBS[name]()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    with pytest.raises(xlsx_reader.UnreadableFile) as refused:
        with xlsx_reader.Workbook(io.BytesIO(data)) as workbook:
            for _row in workbook.rows():
                pass
    # Not timed as a benchmark: a refusal that unpacked the gigabyte would take seconds of CPU
    # and hundreds of megabytes; these bounds only catch that, with a wide margin.
    assert time.process_time() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 300 * 1024
    assert "Excel" in refused.value.message


def test_bombs_are_real():
    """The fixtures are what they claim: valid zips whose part unpacks to about a gigabyte."""
    archive = zipfile.ZipFile(io.BytesIO(hostile_xlsx.wide_row_bomb()))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size > 1000 * hostile_xlsx.MB and info.compress_size < 2 * hostile_xlsx.MB
    with archive.open(info) as part:
        assert part.read(64).startswith(b"<?xml")
    lying = zipfile.ZipFile(io.BytesIO(hostile_xlsx.lying_size_bomb()))
    with pytest.raises(zipfile.BadZipFile):  # zipfile stops at the declared size and fails the CRC
        lying.read("xl/worksheets/sheet1.xml")


def rows_of(data, **kwargs):
    with xlsx_reader.Workbook(io.BytesIO(data)) as workbook:
        return list(workbook.rows(**kwargs))


def test_values_dates_and_numbers():
    data = hostile_xlsx.workbook_bytes([
        ["Tên", "Ngày", "Số"],
        ["Hỗ trợ bò", datetime.date(2025, 3, 15), 1250000],
        ["Tập huấn", "15/03/2025", 2.5],
    ])
    rows = rows_of(data, columns=3)
    assert rows == [(1, ["Tên", "Ngày", "Số"]), (2, ["Hỗ trợ bò", datetime.date(2025, 3, 15), 1250000]),
                    (3, ["Tập huấn", "15/03/2025", 2.5])]


def test_formulas_keep_their_nature():
    data = hostile_xlsx.workbook_bytes([["Tên", "Tổng"], ["=A1", "=SUM(1,2)"]])
    data = hostile_xlsx.replace_in_sheet(data, '<c r="B2"><f>SUM(1,2)</f><v></v></c>',
                                         '<c r="B2" t="e"><f>SUM(1,2)</f><v>#REF!</v></c>')
    [_header, (number, values)] = rows_of(data, columns=2)
    assert number == 2
    assert values[0] == xlsx_reader.FormulaWithoutValue("A1")
    assert values[1] == xlsx_reader.FormulaError("#REF!")


def test_formatted_empty_rows_and_a_stray_far_cell_are_cheap():
    data = hostile_xlsx.workbook_bytes([["Tên"], ["Một"]])
    data = hostile_xlsx.with_formatted_empty_rows(data, 25_000)
    data = hostile_xlsx.with_stray_cell(data, "A1048576", "x")
    assert rows_of(data, columns=16) == [(1, ["Tên"] + [None] * 15), (2, ["Một"] + [None] * 15),
                                         (1048576, ["x"] + [None] * 15)]


def test_cells_right_of_the_columns_read_are_dropped():
    data = hostile_xlsx.workbook_bytes([["a", "b", "c"], [None, None, "only far"]])
    assert rows_of(data, columns=2) == [(1, ["a", "b"])]


def test_not_a_zip_and_an_entity_trick():
    with pytest.raises(xlsx_reader.UnreadableFile):
        xlsx_reader.Workbook(io.BytesIO(b"ten,loai\nx,y\n"))
    with pytest.raises(xlsx_reader.UnreadableFile):
        with xlsx_reader.Workbook(io.BytesIO(hostile_xlsx.entity_expansion())) as workbook:
            list(workbook.rows())


@pytest.mark.parametrize("namespace", [hostile_xlsx.MAIN, "http://purl.oclc.org/ooxml/spreadsheetml/main"])
def test_prefixed_or_strict_sheets_with_comments_and_instructions_read_alike(namespace):
    """The sheet is read by the elements' own names, whatever the namespace's prefix (Strict
    OOXML has its own), and comments or processing instructions between cells change nothing."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="{namespace}"><x:sheetData>'
        '<x:row r="1"><!-- a comment --><x:c r="A1" t="inlineStr"><x:is><x:t>Tên</x:t></x:is></x:c>'
        '<?pi here?><x:c r="B1"><x:v>12</x:v><!-- inside --></x:c></x:row>'
        '<x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:r><x:t>Hỗ </x:t></x:r><x:r><x:t>trợ</x:t></x:r></x:is></x:c>'
        "</x:row></x:sheetData></x:worksheet>"
    )
    with xlsx_reader.Workbook(io.BytesIO(hostile_xlsx._package(sheet=sheet.encode()))) as workbook:
        assert [(number, values[:2]) for number, values in workbook.rows(columns=2)] == [
            (1, ["Tên", 12]), (3, [None, "Hỗ trợ"])]
