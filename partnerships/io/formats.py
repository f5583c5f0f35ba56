"""The admin's file formats (django-import-export): imports held to the officers' import limits,
exports with formulas dead.

django-import-export's own XLSX format opens the upload with openpyxl and builds every row in
memory: a 1.5 MB zip bomb takes a worker past 2 GB. Here the workbook is read by `xlsx_reader`
(every part's size and compression ratio checked before anything is unpacked, then streamed),
and both formats refuse a file over the officers' size limit or with more rows than theirs,
with a message in words (`FileRefused`, shown on the import form by the admin mixin).
"""

import io

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from common.spreadsheet import cell_text, safe_text
from partnerships.io import officer_import, xlsx_reader


class FileRefused(ValueError):
    """The file as a whole is refused; the message says why, in Vietnamese."""


def _check_size(data) -> None:
    if len(data) > officer_import.MAX_IMPORT_BYTES:
        raise FileRefused(_("Tệp lớn hơn %(mb)s MB; hãy chia thành nhiều tệp nhỏ hơn.")
                          % {"mb": officer_import.MAX_IMPORT_BYTES // (1024 * 1024)})


def _too_many_rows():
    return FileRefused(_("Tệp có quá %(max)s dòng; hãy chia thành nhiều tệp.") % {"max": officer_import.MAX_ROWS})


def _defused(dataset: tablib.Dataset, text=safe_text) -> tablib.Dataset:
    """The same rows with every text cell formula-safe (numbers and dates untouched).

    django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT drops only a leading "="
    (not "+", "-", "@", tab or CR) and turns every cell into text; this writes text through the
    same `safe_text` as the portal's CSV files (`cell_text`, as typed, in a workbook)."""
    headers = [text(h) for h in dataset.headers] if dataset.headers else None
    rows = [tuple(text(c) if isinstance(c, str) else c for c in row) for row in dataset]
    return tablib.Dataset(*rows, headers=headers, title=dataset.title)


class SafeXLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_defused(dataset, cell_text), **kwargs)

    def create_dataset(self, in_stream):
        _check_size(in_stream)
        try:
            with xlsx_reader.Workbook(io.BytesIO(in_stream)) as workbook:
                rows = workbook.rows()
                first = next(rows, None)
                if first is None:
                    return tablib.Dataset()
                header = list(first[1])
                while header and header[-1] is None:
                    header.pop()
                dataset = tablib.Dataset(headers=[("" if h is None else str(h)) for h in header])
                for count, (_number, values) in enumerate(rows, start=1):
                    if count > officer_import.MAX_ROWS:
                        raise _too_many_rows()
                    dataset.append(values[: len(header)])
                return dataset
        except xlsx_reader.UnreadableFile as error:
            raise FileRefused(error.message) from None


class SafeCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_defused(dataset), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        _check_size(in_stream)
        dataset = super().create_dataset(in_stream, **kwargs)
        if len(dataset) > officer_import.MAX_ROWS:
            raise _too_many_rows()
        return dataset
