"""`manage.py seed_demo [--password P] [--activities N] [--seed S]`: believable demo data.

Only the options and the report live here; what is generated, and how, is `partnerships/demo/`.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from partnerships import geography, services
from partnerships.demo.common import (
    BATCH_SIZE,
    DEFAULT_ACTIVITIES,
    DEFAULT_PASSWORD,
    DEFAULT_SEED,
    DEMO_USERS,
    LOGIN_LABELS,
    vn_int,
)
from partnerships.demo.generator import ActivityGenerator, Structure, calibrate_plans, seed_activities
from partnerships.demo.reminders import seed_reminders
from partnerships.io.admin_units import QUANG_NAM
from partnerships.io.admin_units_reform import load_reform
from partnerships.models import (
    Activity,
    AnnualPlan,
    UnitSuccession,
)
from partnerships.reference import ensure_reference_data


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu minh họa: cơ quan, quan hệ kết nghĩa, hoạt động, mô hình, kế hoạch và tài khoản "
        "demo. Chạy lại không tạo trùng; --activities N bổ sung cho đủ N hoạt động."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD,
            help=f"Mật khẩu chung của các tài khoản demo (mặc định: {DEFAULT_PASSWORD}).",
        )
        parser.add_argument(
            "--activities", type=int, default=DEFAULT_ACTIVITIES,
            help=f"Tổng số hoạt động minh họa cần có (mặc định: {DEFAULT_ACTIVITIES}).",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Hạt giống ngẫu nhiên, để tái lập dữ liệu.")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="Số hoạt động ghi mỗi lượt.")

    def handle(self, *args, **options):
        if options["activities"] < 0:
            raise CommandError("Số hoạt động (--activities) không được âm.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size phải lớn hơn 0.")
        if not options["password"]:
            raise CommandError("Mật khẩu (--password) không được để trống.")
        locked = sorted(services.locked_years())
        if locked:
            raise CommandError(
                "Đã chốt số liệu báo cáo năm %s: không ghi thêm dữ liệu minh họa vào cơ sở dữ liệu này."
                % ", ".join(map(str, locked))
            )
        started = time.monotonic()
        ensure_reference_data()
        reform_loaded = UnitSuccession.objects.filter(predecessor__code=QUANG_NAM, predecessor__level="province").exists()
        if not reform_loaded or geography.units_of_province(QUANG_NAM, level=geography.Level.COMMUNE).count() < 234:
            # Quảng Nam before 1 July 2025, the city of Đà Nẵng (48) after it, and the successor map.
            result = load_reform([QUANG_NAM])
            self.stdout.write(
                f"Đã nạp đơn vị hành chính: tỉnh Quảng Nam (trước 01/07/2025) tạo mới {result.old.created}, "
                f"thành phố Đà Nẵng (từ 01/07/2025) tạo mới {result.new_created}; bảng kế thừa: "
                f"{result.successions_created} dòng."
            )

        structure = Structure(options["password"])
        structure.build()
        self.stdout.write(
            f"Cơ cấu minh họa: {len(structure.agencies)} cơ quan, đơn vị; {len(structure.partnerships)} quan hệ "
            f"kết nghĩa; {len(structure.models)} mô hình; "
            f"{AnnualPlan.objects.filter(partnership__in=structure.partnerships).count()} kế hoạch năm."
        )

        existing = Activity.objects.filter(partnership__in=structure.partnerships).count()
        target = options["activities"]
        if existing >= target:
            self.stdout.write(f"Đã có {vn_int(existing)} hoạt động minh họa (yêu cầu {vn_int(target)}): không tạo thêm.")
        else:
            generator = ActivityGenerator(structure, options["seed"])

            def progress(done, total, elapsed):
                rate = done / elapsed if elapsed else 0
                self.stdout.write(
                    f"  Hoạt động: {vn_int(done)}/{vn_int(total)} ({vn_int(int(rate))} hoạt động/giây)"
                )
                self.stdout.flush()

            t0 = time.monotonic()
            created = seed_activities(
                generator, first=existing, target=target, batch_size=options["batch_size"], progress=progress
            )
            self.stdout.write(
                f"Đã tạo {vn_int(created)} hoạt động (tổng {vn_int(existing + created)}) "
                f"trong {time.monotonic() - t0:.1f} giây."
            )

        calibrated = calibrate_plans(structure.new_plan_keys, options["seed"])
        if calibrated:
            self.stdout.write(f"Đã đặt chỉ tiêu cho {vn_int(calibrated)} kế hoạch năm theo kết quả minh họa.")

        reminders = seed_reminders(actor=structure.users["coordinator"], today=structure.today)
        if reminders:
            self.stdout.write(f"Đã đặt {reminders} lịch nhắc việc mặc định (hạn báo cáo quý, bản nháp chưa gửi, "
                              "kế hoạch năm).")

        self.stdout.write(self.style.SUCCESS(f"Xong dữ liệu minh họa ({time.monotonic() - started:.1f} giây)."))
        self.stdout.write(f"Tài khoản demo (mật khẩu chung: {options['password']}):")
        for username, *_rest in DEMO_USERS:
            user = structure.users[username]
            where = user.agency or user.locality
            label = LOGIN_LABELS[username] + (f" – {where}" if where else "")
            self.stdout.write(f"  {username:<12} {label}")
