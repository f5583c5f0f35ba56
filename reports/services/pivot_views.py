"""Named pivot views: a coordinator saves the current layout under a name, or deletes one."""

from urllib.parse import urlencode

from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from partnerships.access import policy
from partnerships.exceptions import DomainError, NotPermitted
from partnerships.models.audit import AuditKind
from partnerships.services.audit import audit
from reports.filters import ReportFilterForm
from reports.models import PivotView
from reports.pivot.forms import PivotForm


def _require_may_save(actor):
    if not policy.may_save_pivot_view(actor):
        raise NotPermitted(_("Chỉ cán bộ tổng hợp cấp tỉnh lưu và xóa bảng tổng hợp dùng chung."))


def canonical_query(query: str, *, actor) -> str:
    """The query string rebuilt from what the filter and the layout parse, so a saved view never
    holds a parameter the page would refuse (or one it ignores). Raises DomainError."""
    data = QueryDict(query)
    report_form, layout_form = ReportFilterForm(data), PivotForm(data, user=actor)
    if not report_form.is_valid() or not layout_form.is_valid():
        raise DomainError(" ".join(report_form.error_messages_list() + layout_form.error_messages_list()))
    params = {**report_form.to_filter().as_querydict(), **layout_form.cleaned_data["layout"].as_querydict()}
    return urlencode(params, doseq=True)


@transaction.atomic
def pivot_view_save(*, actor, name: str, query: str) -> PivotView:
    _require_may_save(actor)
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Hãy đặt tên cho bảng cần lưu."))
    view = PivotView(name=name, query=canonical_query(query, actor=actor), created_by=actor)
    view.full_clean()
    view.save()
    audit(actor=actor, kind=AuditKind.CREATED, obj=view, query=view.query)
    return view


@transaction.atomic
def pivot_view_delete(*, actor, view: PivotView) -> None:
    _require_may_save(actor)
    audit(actor=actor, kind=AuditKind.DELETED, obj=view, query=view.query)
    view.delete()
