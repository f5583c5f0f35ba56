"""Write the annual report's workbook and narrative for a year or a review period."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports.documents.annual import build, in_report_language
from reports.documents.docx import render_docx
from reports.documents.xlsx import render_xlsx
from reports.selectors import ReportFilter


class Command(BaseCommand):
    help = "Xuất báo cáo kết nghĩa (bảng tính .xlsx và dự thảo .docx) của một năm hoặc một giai đoạn."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Năm báo cáo (năm đầu nếu là giai đoạn).")
        parser.add_argument("--to-year", type=int, help="Năm cuối của giai đoạn sơ kết, tổng kết.")
        parser.add_argument("--district", help="Mã đơn vị hành chính của huyện (để trống: toàn tỉnh).")
        parser.add_argument("--out", required=True, help="Thư mục ghi tệp.")

    def handle(self, *args, **options):
        query = {"year_from": options["year"], "year_to": options["to_year"] or options["year"]}
        if options["district"]:
            query["district"] = options["district"]
        try:
            report_filter = ReportFilter.from_querydata(query)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        out = Path(options["out"])
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Không tạo được thư mục {out}: {error.strerror}") from error
        written = []
        with in_report_language():
            report = build(report_filter)
            for suffix, render in (("xlsx", render_xlsx), ("docx", render_docx)):
                path = out / f"{report.file_stem}.{suffix}"
                path.write_bytes(render(report))
                written.append(path)
        for path in written:
            self.stdout.write(f"Đã ghi {path}")
