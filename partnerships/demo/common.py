"""What the demo's parts share: its defaults, the demo users, and small helpers (see generator.py)."""

import datetime
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from partnerships.access.roles import Role
from partnerships.models import ActivityStatus, AdministrativeUnit

DEFAULT_PASSWORD = "ketnghia2025"
DEFAULT_ACTIVITIES = 2000
DEFAULT_SEED = 16  # Chỉ thị 16-CT/TU
BATCH_SIZE = 10_000
# Activities older than this are settled (almost all approved); newer ones are still under review.
SETTLED_AFTER_DAYS = 180
PROGRAMME_START = datetime.date(2021, 10, 1)  # the directive is dated 9 September 2021
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
S = ActivityStatus
Level = AdministrativeUnit.Level

DEMO_USERS = [
    # username, family name, given name, role, is_staff, is_superuser
    ("admin", "Quản trị", "hệ thống", Role.ADMINISTRATOR, True, True),
    ("coordinator", "Trần", "Thị Thu Hà", Role.COORDINATOR, True, False),
    ("leader", "Lê", "Văn Dũng", Role.LEADER, False, False),
    ("officer", "Nguyễn", "Văn Hùng", Role.OFFICER, False, False),
    ("officer2", "Phạm", "Thị Lan", Role.OFFICER, False, False),
    ("focal", "Hồ", "Văn Minh", Role.FOCAL_POINT, False, False),
]
LOGIN_LABELS = {
    "admin": "quản trị hệ thống",
    "coordinator": "cán bộ tổng hợp cấp tỉnh",
    "leader": "lãnh đạo tỉnh",
    "officer": "cán bộ đầu mối",
    "officer2": "cán bộ đầu mối",
    "focal": "cán bộ đầu mối",
}


def vn_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def lower_first(name: str) -> str:
    """'Xã Trà Leng' → 'xã Trà Leng', 'Thị trấn Trà My' → 'thị trấn Trà My' (inside a sentence)."""
    return name[:1].lower() + name[1:]


@contextmanager
def explicit_timestamps(*models):
    """Let bulk inserts carry the demo's own created/updated times instead of "now".

    auto_now / auto_now_add overwrite any value in pre_save; the demo history must look like it
    happened in 2021–2025. Only used inside this single-threaded command.
    """
    saved = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
