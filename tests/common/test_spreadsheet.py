"""Text that looks like a formula (= + - @ first, or an error code) is written as a string cell and
shown exactly as typed, in both writers: openpyxl's (the lists, the commendation list) and the
streaming rows of ready-made XML (the activity export, the annual workbook). It never runs, and
no apostrophe shows to the reader. CSV, which has no cell types, keeps the apostrophe."""

import io
import shutil
import subprocess

import pytest
from openpyxl import Workbook, load_workbook

from common.spreadsheet import TEXT, StreamingSheet, cell_text, list_workbook, safe_text, text_xml

TITLES = ['=HYPERLINK("http://x.example","bấm")', "=1+1", "+84 905 123 456", "-5 hộ thoát nghèo", "@SUM(A1)",
          "#N/A", "Mô hình nuôi bò", "="]


def _read(stream) -> list:
    sheet = load_workbook(stream).active
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_the_openpyxl_writer_keeps_formula_like_text_as_typed_string_cells():
    stream = list_workbook(sheet_title="Hoạt động", title="=Danh sách", subtitle="+Lọc: năm 2024",
                           columns=[("Tên hoạt động", TEXT, 40)], rows=[(title,) for title in TITLES])
    cells = _read(stream)
    assert [cell.value for cell in cells] == ["=Danh sách", "+Lọc: năm 2024", "Tên hoạt động", *TITLES]
    assert {cell.data_type for cell in cells} == {"s"}


def test_the_streaming_writer_keeps_formula_like_text_as_typed_string_cells():
    workbook = Workbook(write_only=True)
    sheet = StreamingSheet(parent=workbook, title="Hoạt động")
    workbook._add_sheet(sheet)
    sheet.append([cell_text("=Tên hoạt động")])  # a header row through openpyxl's own append
    sheet.append_xml("".join(f'<row r="{number}"><c r="A{number}" s="0' + text_xml(title) + "</row>"
                             for number, title in enumerate(TITLES, start=2)))
    stream = io.BytesIO()
    workbook.save(stream)
    cells = _read(stream)
    assert [cell.value for cell in cells] == ["=Tên hoạt động", *TITLES]
    assert {cell.data_type for cell in cells} == {"s"}


def test_csv_text_keeps_the_apostrophe():
    assert safe_text("=1+1") == "'=1+1" and safe_text("@SUM(A1)") == "'@SUM(A1)" and safe_text("Sở") == "Sở"


def test_libreoffice_opens_it_and_prints_the_text_as_typed(tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice not installed")
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(list_workbook(sheet_title="Hoạt động", title="Danh sách", columns=[("Tên", TEXT, 40)],
                                   rows=[(title,) for title in TITLES]).getvalue())
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=120)
    pdf = tmp_path / "danh-sach.pdf"
    assert pdf.stat().st_size > 1000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        assert "=1+1" in text and "+84 905 123 456" in text and "@SUM(A1)" in text and "'" not in text


def test_a_discarded_streaming_sheet_closes_its_writers_and_leaves_no_file(monkeypatch):
    """A stopped export gives its sheet up: the nested writers close in order now (left to the
    garbage collector, the inner one may close last and write into a finished file: an
    exception nobody can catch), and the temporary files go."""
    import gc
    import os
    import sys

    raised = []
    monkeypatch.setattr(sys, "unraisablehook", raised.append)
    workbook = Workbook(write_only=True)
    sheet = StreamingSheet(parent=workbook, title="Hoạt động")
    workbook._add_sheet(sheet)
    sheet.append(["Tên hoạt động"])
    sheet.append_xml('<row r="2"><c r="A2"' + text_xml("Nuôi bò"))
    path = sheet._writer.out
    sheet.discard()
    del sheet, workbook
    gc.collect()
    assert not raised and not os.path.exists(path)
