"""The one vocabulary of activity columns: the list export, the officers' import template and the
admin's import/export resources head their columns with these words, so a column means the same
in every file the portal writes or reads.

The words are the directive's and the law's ("ngân sách nhà nước" is the state budget of the
State Budget Law; the dashboard and the annual report say the same). In files that are read back
(imports, the admin's export) they are a file format and stay Vietnamese whatever the interface
language; the list export, which people only read, shows them translated (hence `gettext_noop`).
"""

from django.utils.translation import gettext_noop
from django.utils.translation import gettext_noop as N_

ACTIVITY_HEADING = {
    "id": N_("Mã hoạt động"),
    "title": N_("Tên hoạt động"),
    "category": N_("Loại hoạt động"),
    "description": N_("Nội dung"),
    "start_date": N_("Ngày bắt đầu"),
    "end_date": N_("Ngày kết thúc"),
    "agency": N_("Cơ quan, đơn vị"),
    "unit": N_("Địa phương kết nghĩa"),
    "unit_code": N_("Mã địa phương kết nghĩa"),
    "commune": N_("Xã thực hiện"),
    "commune_code": N_("Mã xã thực hiện"),
    "budget_state": N_("Ngân sách nhà nước (đồng)"),
    "budget_society": N_("Xã hội hóa (đồng)"),
    "budget_in_kind": N_("Hiện vật quy đổi (đồng)"),
    "money_total": N_("Tổng kinh phí (đồng)"),
    "households_reached": N_("Số hộ được hỗ trợ"),
    "people_reached": N_("Số người được hỗ trợ"),
    "ethnic_minority_people": N_("Trong đó người dân tộc thiểu số"),
    "people_trained": N_("Số người được đào tạo, bồi dưỡng"),
    "jobs_created": N_("Số việc làm tạo ra"),
    "households_out_of_poverty": N_("Số hộ thoát nghèo"),
    "status": N_("Trạng thái"),
    "confirmation_status": N_("Xác nhận của địa phương"),
}

# Headings files written before the vocabulary was one may still carry: still read on import.
FORMER_HEADINGS = {
    "Kinh phí nhà nước (đồng)": ACTIVITY_HEADING["budget_state"],
}


def required(heading: str) -> str:
    """The officers' template marks the columns a row cannot do without."""
    return f"{heading} (*)"


# The other lists' exports (partnerships, plans, development models) say the same thing the same
# way: the activity words where they mean the same, and the admin's partnership resource's.
PARTNERSHIP_HEADING = {
    "id": gettext_noop("Mã quan hệ kết nghĩa"),
    "agency": ACTIVITY_HEADING["agency"],
    "agency_kind": gettext_noop("Loại cơ quan, đơn vị"),
    "unit": ACTIVITY_HEADING["unit"],
    "unit_code": ACTIVITY_HEADING["unit_code"],
    "district": gettext_noop("Huyện"),
    "signed_on": gettext_noop("Ngày ký kết"),
    "agreement_number": gettext_noop("Số quyết định / thỏa thuận"),
    "status": ACTIVITY_HEADING["status"],
    "ended_on": gettext_noop("Ngày kết thúc"),
    "activities": gettext_noop("Số hoạt động"),
}

PLAN_HEADING = {
    "year": gettext_noop("Năm"),
    "money_target": gettext_noop("Kinh phí kế hoạch (đồng)"),
    "money_result": gettext_noop("Kinh phí đã duyệt (đồng)"),
    "activities": gettext_noop("Số hoạt động đã duyệt"),
    "has_plan": gettext_noop("Có kế hoạch"),
}

MODEL_HEADING = {
    "id": gettext_noop("Mã mô hình"),
    "name": gettext_noop("Tên mô hình"),
    "sector": gettext_noop("Lĩnh vực"),
    "stage": gettext_noop("Giai đoạn"),
    "households": gettext_noop("Số hộ tham gia"),
    "started_on": gettext_noop("Ngày xây dựng"),
    "maintained_on": gettext_noop("Ngày duy trì"),
    "developed_on": gettext_noop("Ngày phát triển"),
    "replicated_on": gettext_noop("Ngày nhân rộng"),
    "replicated_from": gettext_noop("Nhân rộng từ mô hình"),
}
