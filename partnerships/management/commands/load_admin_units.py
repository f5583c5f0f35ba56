"""`manage.py load_admin_units --province 49` / `--all`: administrative units before and after the
2025 reform, and the successor map between them (docs/reference-data.md)."""

import time

from django.core.management.base import BaseCommand, CommandError

from partnerships.io.admin_units import QUANG_NAM, UnknownProvince
from partnerships.io.admin_units_reform import load_reform


class Command(BaseCommand):
    help = (
        "Nạp đơn vị hành chính: ba cấp (tỉnh, huyện, xã) đến 30/06/2025 từ gói vietnam-provinces 0.6, "
        "hai cấp từ 01/07/2025 và bảng kế thừa cũ → mới từ gói vietnamadminunits. Chạy lại nhiều lần "
        "không tạo trùng và không ghi đè các cờ phân loại mà cán bộ đã sửa."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group()
        target.add_argument(
            "--province",
            action="append",
            metavar="MÃ",
            help=f"Mã tỉnh, thành phố (ví dụ {QUANG_NAM} là Quảng Nam, nạp cùng Thành phố Đà Nẵng mới); "
            f"có thể lặp lại. Mặc định: {QUANG_NAM}.",
        )
        target.add_argument("--all", action="store_true", help="Nạp toàn quốc (63 tỉnh cũ, 34 tỉnh mới).")
        parser.add_argument(
            "--reset-flags",
            action="store_true",
            help="Đặt lại các cờ miền núi, vùng DTTS, biên giới, đặc biệt khó khăn của đơn vị cũ về mặc định "
            "(ghi đè chỉnh sửa).",
        )

    def handle(self, *args, **options):
        if options["all"]:
            codes = None
        else:
            raw = options["province"] or [QUANG_NAM]
            if not all(c.isdigit() for c in raw):
                raise CommandError(f"Mã tỉnh phải là số, ví dụ --province {QUANG_NAM}; nhận được: {', '.join(raw)}.")
            codes = [f"{int(c):02d}" for c in raw]
        started = time.monotonic()
        try:
            result = load_reform(codes, reset_flags=options["reset_flags"])
        except UnknownProvince as exc:
            raise CommandError(str(exc)) from exc
        old = result.old
        c = old.counts
        line = (
            f"Đã nạp {c['province']} tỉnh, {c['district']} huyện, {c['commune']} xã (đến 30/06/2025): "
            f"tạo mới {old.created}, cập nhật {old.updated}, giữ nguyên {old.total - old.created - old.updated}"
        )
        if options["reset_flags"]:
            line += f", đặt lại cờ phân loại cho {old.flags_reset} đơn vị"
        self.stdout.write(self.style.SUCCESS(line + "."))
        self.stdout.write(self.style.SUCCESS(
            f"Đơn vị từ 01/07/2025: tạo mới {result.new_created}, cập nhật {result.new_updated}; "
            f"đơn vị cũ ghi ngày hết hiệu lực: {result.old_ended}; "
            f"bảng kế thừa: tạo mới {result.successions_created}, cập nhật {result.successions_updated} "
            f"({time.monotonic() - started:.1f} giây)."
        ))
        for old_unit, new_unit, note in result.decided:
            self.stdout.write(f"  Quyết định riêng: {old_unit.code} {old_unit.name} → {new_unit.code} {new_unit.name}: {note}")
        if result.unmapped:
            self.stdout.write(self.style.WARNING(
                f"{len(result.unmapped)} xã cũ chưa có đơn vị kế thừa (cần quyết định, xem docs/reference-data.md):"
            ))
            for unit in result.unmapped:
                self.stdout.write(f"  {unit.code} {unit.name} ({unit.parent.name if unit.parent_id else ''})")
