"""The names on a report by date (partnerships.names reads them): administrators keep them."""

from django.db import transaction
from django.utils.translation import gettext as _

from partnerships.access import policy
from partnerships.exceptions import NotPermitted
from partnerships.services.base import _full_clean, _with_history_user
from partnerships.models import ReportNames


def _require(actor):
    if not policy.may_edit_report_names(actor):
        raise NotPermitted(_("Chỉ quản trị hệ thống sửa tên cơ quan trên báo cáo."))


@transaction.atomic
def report_names_save(*, actor, names: ReportNames) -> ReportNames:
    _require(actor)
    _full_clean(names)
    _with_history_user(names, actor).save()
    return names


@transaction.atomic
def report_names_delete(*, actor, names: ReportNames) -> None:
    _require(actor)
    _with_history_user(names, actor).delete()
