"""The one vocabulary of activity columns: the list export, the officers' import template and the
admin's import/export resources head their columns with these words, so a column means the same
in every file the portal writes or reads.

The words are the directive's and the law's ("ngân sách nhà nước" is the state budget of the
State Budget Law; the dashboard and the annual report say the same). In files that are read back
(imports, the admin's export) they are a file format and stay Vietnamese whatever the interface
language; the list export, which people only read, shows them translated (hence `gettext_noop`).
"""

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
