"""`manage.py load_admin_units --province 49` / `--all`: administrative units from vietnam-provinces."""

import time

from django.core.management.base import BaseCommand, CommandError

from partnerships.io.admin_units import QUANG_NAM, UnknownProvince, load_units


class Command(BaseCommand):
    help = (
        "Nạp đơn vị hành chính (tỉnh, huyện, xã) từ gói vietnam-provinces 0.6. Chạy lại nhiều lần "
        "không tạo trùng và không ghi đè các cờ phân loại mà cán bộ đã sửa."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group()
        target.add_argument(
            "--province",
            action="append",
            metavar="MÃ",
            help=f"Mã tỉnh, thành phố (ví dụ {QUANG_NAM} là Quảng Nam); có thể lặp lại. Mặc định: {QUANG_NAM}.",
        )
        target.add_argument("--all", action="store_true", help="Nạp toàn quốc (63 tỉnh, thành phố).")
        parser.add_argument(
            "--reset-flags",
            action="store_true",
            help="Đặt lại các cờ miền núi, vùng DTTS, biên giới, đặc biệt khó khăn về mặc định (ghi đè chỉnh sửa).",
        )

    def handle(self, *args, **options):
        if options["all"]:
            codes = None
        else:
            raw = options["province"] or [QUANG_NAM]
            try:
                codes = [int(c) for c in raw]
            except ValueError:
                raise CommandError(f"Mã tỉnh phải là số, ví dụ --province {QUANG_NAM}; nhận được: {', '.join(raw)}.")
        started = time.monotonic()
        try:
            result = load_units(codes, reset_flags=options["reset_flags"])
        except UnknownProvince as exc:
            raise CommandError(str(exc)) from exc
        c = result.counts
        line = (
            f"Đã nạp {c['province']} tỉnh, {c['district']} huyện, {c['commune']} xã: "
            f"tạo mới {result.created}, cập nhật {result.updated}, "
            f"giữ nguyên {result.total - result.created - result.updated}"
        )
        if options["reset_flags"]:
            line += f", đặt lại cờ phân loại cho {result.flags_reset} đơn vị"
        self.stdout.write(self.style.SUCCESS(f"{line} ({time.monotonic() - started:.1f} giây)."))
