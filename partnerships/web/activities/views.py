"""The staff portal's pages for activities: home, list, export, form, page, workflow, evidence.

Views are thin: rows come from `Activity.objects.visible_to(user)` (out of scope → 404), writes
go through `services` (a verb the role may not use → 403; a rule that refuses → a message).

Longer than 400 lines on purpose: the pages of one feature share the form page, saving and
scoping helpers (`_form_page`, `_save_activity`, `_scoped_attachment`); the evidence views can
move to their own module once the focal points' attachments (issue 14) have settled.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from common.paging import CountedPaginator, EstimatedPaginator, EstimateTooHigh
from partnerships import services
from partnerships.exceptions import DomainError, NotPermitted
from jobs.services import job_start
from partnerships.io import export
from partnerships.jobs import export_filename, filtered_activities
from partnerships.models import (
    Activity,
    ActivityStatus,
    ActivitySummary,
    Agency,
    Attachment,
    ConfirmationStatus,
)
from partnerships.selectors.activities import (
    NAME_SORTS,
    Estimate,
    activity_timeline,
    estimate_reaches,
    last_return,
    list_figures,
    name_spans,
    scoped_activities,
    search_figures,
    spans_in_order,
)
from partnerships.selectors.cache import cached, cached_for_query, peek
from partnerships.selectors.filters import ACTIVITY_SORTS, ActivityFilter
from partnerships.web.activities.forms import (
    ActivityForm,
    AttachmentUploadForm,
    ConfirmationFilesForm,
    posted_comment,
)
from partnerships.access import policy

PAGE_SIZE = 50
HOME_ITEMS = 10



def _linked_conditions(filterset) -> list[str]:
    """The list conditions that links from the dashboard set and the form does not show, in words."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    data = filterset.form.cleaned_data
    words = []
    if data.get("year_from"):
        words.append(_("từ năm %(year)s") % {"year": str(data["year_from"])})
    if data.get("year_to"):
        words.append(_("đến năm %(year)s") % {"year": str(data["year_to"])})
    if data.get("statuses"):
        words.append(_("trạng thái: %(list)s") % {"list": ", ".join(str(ActivityStatus(s).label) for s in data["statuses"])})
    if data.get("agency_kind"):
        words.append(_("loại cơ quan, đơn vị: %(kind)s") % {"kind": Agency.Kind(data["agency_kind"]).label})
    if data.get("partnership"):
        words.append(_("quan hệ kết nghĩa: %(name)s") % {"name": data["partnership"]})
    if data.get("has"):
        words.append(_("có kết quả: %(what)s") % {"what": Activity._meta.get_field(data["has"]).verbose_name})
    return words


def _page_number(paginator, raw) -> int:
    """The page `get_page` would show for `raw`, without reading its rows."""
    try:
        return paginator.validate_number(raw)
    except PageNotAnInteger:
        return 1
    except EmptyPage:
        return paginator.num_pages


def _figures_and_paging(request, filterset, summary, result, sort, *, exact: bool = False):
    """The list's figures, the number of the page asked for, and its paginator (given the rows):
    count, money and the rows per quarter (which the pages read through), once per data version,
    from the summary, or with a search one aggregate over its matches; for a broad search an
    estimate while the page lies within the rows it reads from the start (`exact`: never)."""
    user, key, asked = request.user, filterset.conditions_key(), request.GET.get("page")
    found = None
    if summary is None and filterset.form.cleaned_data.get("q"):
        found = _search_figures(request, filterset, key, result, exact=exact)
    if isinstance(found, Estimate):
        def estimated(rows, reaches=()):
            return EstimatedPaginator(rows, PAGE_SIZE, count=found.count, readable=found.readable, field="start_date",
                                      reaches=reaches)

        number = _page_number(estimated(()), asked)
        if estimated(()).serves(number):
            return found.totals, number, lambda rows: estimated(rows, estimate_reaches(found, sort) or ())
        found = None  # a page beyond the rows it reads: the exact figures, once
    totals, spans = found or cached("activity_list_figures", user, key,
                                    lambda: list_figures(filterset.qs, summary, result=result))
    spans, field, within = spans_in_order(spans, sort), "start_date", ()
    if sort in NAME_SORTS and summary is not None:  # by a commune's or agency's name: through their ids
        spans = cached("activity_list_name_spans", user, (key, sort), lambda: name_spans(summary, sort))
        field, within = NAME_SORTS[sort][0], ACTIVITY_SORTS[sort][1:]

    def counted(rows):
        return CountedPaginator(rows, PAGE_SIZE, count=totals["count"], spans=spans, field=field, within=within)

    return totals, _page_number(counted(()), asked), counted


def _page(request, filterset, summary, result, table: dict, *, exact: bool = False):
    """The list's figures, its paginator (given the rows) and the page asked for, its table and
    page links as HTML, once per data version, scope, query, page and count (`_table`): a
    repeated view reads no row."""
    totals, number, paginator = _figures_and_paging(request, filterset, summary, result, table["current_sort"],
                                                    exact=exact)
    return totals, paginator, cached("activity_list_table", request.user,
                                     (table, number, totals["count"], "estimated" in totals),
                                     lambda: _table(paginator(filterset.qs).page(number), table))


def _search_figures(request, filterset, key, result, *, exact: bool):
    """A search's figures: the exact ones if they were read in this data version (asked for with
    `exact`, or for a page beyond what an estimate reads), else `search_figures`'s: exact for a
    narrow search, an `Estimate` for a broad one."""
    user = request.user
    if exact or request.GET.get("exact"):
        return cached("activity_list_figures", user, key, lambda: list_figures(filterset.qs, result=result))
    return peek("activity_list_figures", user, key) or cached(
        "activity_list_search_figures", user, key, lambda: search_figures(filterset.qs, result=result))


def _with(query, **values) -> str:
    query = query.copy()
    for name, value in values.items():
        query[name] = value
    return query.urlencode()


def _table(page, table: dict) -> dict:
    """The list's table and page links as HTML, rendered without the request: nothing of the
    user beyond their scope and whether they review (the rows' check boxes) reaches it, and no
    row instance is kept."""
    context = {**table, "activities": page.object_list, "page_obj": page}
    return {"rows_html": render_to_string("partnerships/partials/activity_table.html", context),
            "pagination_html": render_to_string("partnerships/partials/pagination.html",
                                                {**context, "hide_total": True})}


def _filter_bar(filterset, table: dict) -> str:
    """The filter bar as HTML: the form bound to the query, its choices those of the scope."""
    return render_to_string("partnerships/partials/activity_filter.html", {
        "filter": filterset, "query": table["query"], "current_sort": table["current_sort"],
        "linked_conditions": _linked_conditions(filterset),
    })


# The list's own parameters: the filter's fields, the page and a broad search's "exact".
LIST_PARAMETERS = frozenset(ActivityFilter.base_filters) | {"page", "exact"}


@login_required
def activity_list(request):
    """The list. Below the menu, what it shows depends on the query, the user's scope (their
    reach: cache.scope_key) and whether they review (the rows' check boxes) only, so a repeated
    view is one cache read per data version (`_list_page`), its filter's messages told again;
    the buttons that carry the user's rights and the CSRF token are drawn on each view. A query
    with other parameters is computed each time, so that made-up ones cannot fill the cache."""
    user = request.user
    can_review = policy.may_review(user)
    # A broad search's page shows an estimate until someone of the scope asks for its exact
    # figures (`_search_figures`): from then on it is drawn again, with them.
    page = cached_for_query("activity_list_page", request, LIST_PARAMETERS, lambda: _list_page(request, can_review),
                            parts=(can_review,),
                            stale=lambda page: page["estimate_of"] is not None
                            and peek("activity_list_figures", user, page["estimate_of"]) is not None)
    for text in page["errors"]:
        messages.error(request, text)
    return render(request, "partnerships/activity_list.html",
                  {**page["context"], "can_review": can_review, "can_add": policy.may_add_activities(user)})


def _list_page(request, can_review: bool) -> dict:
    """The list's figures and HTML for the query: plain values, each part also cached on its own
    (the filter bar per query, the table per page, the figures per condition), so that another
    spelling of the same conditions or another page reads what it shares with this one."""
    user = request.user
    filterset = ActivityFilter(request.GET or None, queryset=scoped_activities(user), user=user)
    errors = []
    if filterset.is_bound and not filterset.is_valid():
        errors.append(
            _("Một số điều kiện lọc không hợp lệ nên đã bị bỏ qua: %(fields)s.")
            % {"fields": ", ".join(str(filterset.form.fields[name].label) for name in filterset.form.errors)})
    # The rows' queryset is built (a search reads the names it matches) only when a cached
    # value below is computed.
    # Count and money from the summary table when the filter allows (no COUNT(*) over the rows).
    summary = filterset.summary_of(ActivitySummary.objects.visible_to(user))
    result = getattr(filterset.form, "cleaned_data", {}).get("has") or None
    sort = (filterset.form.cleaned_data.get("sort") if filterset.is_bound else "") or ""

    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    table = {"query": query.urlencode(), "sort_query": sort_query.urlencode(), "current_sort": sort,
             "can_review": can_review}
    try:
        totals, paginator, tables = _page(request, filterset, summary, result, table)
    except EstimateTooHigh:  # a broad search's estimate, far off: its exact figures
        totals, paginator, tables = _page(request, filterset, summary, result, table, exact=True)
    # The filter bar as HTML, once per data version, scope and query: a view of another page of
    # the same query renders no form field (`_filter_bar`).
    return {"errors": errors, "estimate_of": filterset.conditions_key() if "estimated" in totals else None, "context": {
        **table,
        "filter_html": cached("activity_list_filter_bar", user, table["query"],
                              lambda: _filter_bar(filterset, table)),
        **tables,
        "totals": totals,
        "shown": paginator(()).count,
        "exact_query": _with(query, exact="1") if "estimated" in totals else "",
    }}


RECORD_RELATED = ("partnership__agency", "partnership__unit", "category", "commune", "development_model",
                  "created_by", "confirmed_by")


def _record(request, activity) -> dict:
    """The activity page's facts, timeline and history as HTML. Rendered with the request: the
    history names a partnership or model only if the reader may see it (history_diff), so the
    entry is kept per scope; neither part holds a form."""
    # Its names read with it here, on a miss only: joining seven tables, the query took the
    # planner 5–13 ms on every view (the page's own query joins the partnership alone).
    activity = Activity.objects.select_related(*RECORD_RELATED).get(pk=activity.pk)
    context = {
        "activity": activity,
        "timeline": activity_timeline(activity),
        "history_records": activity.history.select_related("history_user").order_by("-history_date", "-history_id"),
    }
    return {"facts_html": render_to_string("partnerships/partials/activity_facts.html", context, request),
            "story_html": render_to_string("partnerships/partials/activity_story.html", context, request)}


@login_required
def activity_detail(request, pk):
    activity = get_object_or_404(
        Activity.objects.visible_to(request.user).select_related("partnership", "confirmed_by"), pk=pk)
    allowed = policy.allowed_moves(request.user, activity)
    can_edit = policy.can_edit_activity(request.user, activity)
    may_confirm = policy.may_confirm(request.user, activity)
    context = {
        "activity": activity,
        # The facts, the timeline and the history as HTML, once per data version, scope and
        # activity (`_record`); the buttons and forms, which carry the user's rights and the
        # request's CSRF token, and the evidence (its rows raise no data version) are drawn live.
        **cached("activity_detail_record", request.user, activity.pk,
                 lambda: _record(request, activity)),
        # The agency's evidence; the files a focal point sent with an answer are in the timeline.
        "attachments": activity.attachments.filter(confirmation__isnull=True),
        "confirmation_form": ConfirmationFilesForm(auto_id="confirm-%s"),
        "flag_form": ConfirmationFilesForm(auto_id="flag-%s"),
        "can_edit": can_edit and request.user.has_perm("partnerships.change_activity"),
        "upload_form": AttachmentUploadForm(auto_id="add-%s"),
        "can_submit": ActivityStatus.SUBMITTED in allowed and can_edit,
        "can_approve": ActivityStatus.APPROVED in allowed,
        "can_return": ActivityStatus.RETURNED in allowed,
        "can_delete": activity.status == ActivityStatus.DRAFT and can_edit,
        # A focal point may change their answer (confirmed ↔ discrepancy) while the activity is open.
        "can_confirm": may_confirm and activity.confirmation_status != ConfirmationStatus.CONFIRMED,
        "can_flag": may_confirm and activity.confirmation_status != ConfirmationStatus.DISPUTED,
    }
    return render(request, "partnerships/activity_detail.html", context)


# --- create / edit -------------------------------------------------------------------------


def _discard_files(attachments) -> None:
    """A rolled-back transaction takes the rows, not the files written meanwhile: remove those too."""
    for attachment in attachments:
        attachment.file.storage.delete(attachment.file.name)


def _save_activity(request, form, activity=None):
    """Create or update through the services, add the evidence, submit if asked: all or nothing."""
    user = request.user
    added = []
    try:
        with transaction.atomic():
            if activity is None:
                activity = services.activity_create(actor=user, **form.activity_fields())
            else:
                activity = services.activity_update(actor=user, activity=activity, **form.activity_fields())
            for upload in form.cleaned_data["files"]:
                added.append(services.attachment_add(actor=user, activity=activity, upload=upload))
            if SUBMIT_BUTTON in request.POST:
                services.activity_submit(actor=user, activity=activity)
    except ValidationError as error:
        _discard_files(added)
        form.add_service_error(error)
        return None
    except DomainError as error:
        _discard_files(added)
        form.add_error(None, error.message)
        return None
    except BaseException:
        _discard_files(added)
        raise
    if SUBMIT_BUTTON in request.POST:
        messages.success(request, _("Đã lưu và gửi duyệt hoạt động “%(title)s”.") % {"title": activity.title})
    else:
        messages.success(request, _("Đã lưu hoạt động “%(title)s”.") % {"title": activity.title})
    return activity


SUBMIT_BUTTON = "save_and_submit"
ADD_ANOTHER_BUTTON = "save_and_add"


def _form_page(request, form, activity=None):
    if request.method == "POST" and form.errors and request.FILES:
        messages.warning(request, _("Trình duyệt không giữ lại tệp đã chọn khi có lỗi; xin chọn lại tệp minh chứng."))
    context = {"form": form, "activity": activity, "commune_areas": form.commune_areas(),
               "commune_validity": form.commune_validity(),
               "returned": last_return(activity) if activity else None}
    return render(request, "partnerships/activity_form.html", context)


# "Lưu và nhập tiếp" carries these over to the next blank form.
CARRIED_OVER = ("partnership", "category", "commune", "start_date", "end_date")


def _after_save(request, activity):
    if ADD_ANOTHER_BUTTON in request.POST:
        carried = {name: request.POST.get(name, "") for name in CARRIED_OVER if request.POST.get(name)}
        return redirect(f"{reverse('partnerships:activity_create')}?{urlencode(carried)}")
    return redirect("partnerships:activity_detail", activity.pk)


@login_required
def activity_create(request):
    if not policy.may_add_activities(request.user):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận hoạt động."))
    initial = {name: request.GET[name] for name in CARRIED_OVER if request.GET.get(name)}
    form = ActivityForm(request.POST or None, request.FILES or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        activity = _save_activity(request, form)
        if activity is not None:
            return _after_save(request, activity)
    return _form_page(request, form)


@login_required
def activity_update(request, pk):
    activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
    if not (request.user.has_perm("partnerships.change_activity") and policy.can_edit_activity(request.user, activity)):
        raise PermissionDenied(_("Chỉ sửa được hoạt động ở trạng thái nháp hoặc bị trả lại."))
    form = ActivityForm(request.POST or None, request.FILES or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        if _save_activity(request, form, activity) is not None:
            return _after_save(request, activity)
    return _form_page(request, form, activity)


# --- workflow ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    service: str  # name in `services`, called with actor=, activity= (and comment= if it takes one)
    done: str
    takes_comment: bool = True
    takes_files: bool = False  # photos or a receipt may go with it (the locality's answers)


ACTIONS = {
    "submit": Action("activity_submit", gettext_lazy("Đã gửi duyệt hoạt động."), takes_comment=False),
    "approve": Action("activity_approve", gettext_lazy("Đã duyệt hoạt động.")),
    "return": Action("activity_return", gettext_lazy("Đã trả lại hoạt động kèm ý kiến.")),
    "delete": Action("activity_delete", gettext_lazy("Đã xóa bản nháp."), takes_comment=False),
    "confirm": Action("activity_confirm", gettext_lazy("Đã xác nhận địa phương nhận được hỗ trợ."), takes_files=True),
    "flag": Action("activity_flag_discrepancy", gettext_lazy("Đã ghi nhận phản ánh chưa khớp."), takes_files=True),
}


@require_POST
@login_required
def activity_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    step = ACTIONS[action]
    activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
    if not policy.may_use_activity_verb(request.user, action):  # a verb the role never uses: 403 whatever the row
        raise PermissionDenied(_("Vai trò của bạn không thực hiện được thao tác này."))
    extra = {"comment": posted_comment(request.POST)} if step.takes_comment else {}
    if step.takes_files:
        # Photos or a receipt sent with a confirmation or a discrepancy: the evidence checks.
        files = ConfirmationFilesForm(request.POST, request.FILES)
        if not files.is_valid():
            for error in files.errors.get("files", []):
                messages.error(request, error)
            return redirect("partnerships:activity_detail", activity.pk)
        extra["files"] = files.cleaned_data["files"]
    try:
        getattr(services, step.service)(actor=request.user, activity=activity, **extra)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("partnerships:activity_detail", activity.pk)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
        return redirect("partnerships:activity_detail", activity.pk)
    messages.success(request, step.done)
    if action == "delete":
        return redirect("partnerships:activity_list")
    return redirect("partnerships:activity_detail", activity.pk)


BULK_ACTIONS = {"approve": services.activity_approve, "return": services.activity_return}


@require_POST
@login_required
def activity_bulk(request, action):
    """Approve or return many submitted activities; each one in its own transaction, so one refusal
    does not undo the others (the message lists what was refused and why)."""
    if action not in BULK_ACTIONS:
        raise Http404
    if not policy.may_review(request.user):
        raise PermissionDenied(_("Chỉ cán bộ tổng hợp cấp tỉnh duyệt hoặc trả lại hoạt động."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("partnerships:activity_list")
    comment = posted_comment(request.POST)
    ids = {int(value) for value in request.POST.getlist("ids") if value.isdigit()}
    if not ids:
        messages.warning(request, _("Chưa chọn hoạt động nào."))
        return redirect(back)
    if action == "return" and not comment:
        messages.error(request, _("Cần ghi rõ ý kiến khi trả lại hoạt động; chưa hoạt động nào bị trả lại."))
        return redirect(back)
    activities = Activity.objects.visible_to(request.user).filter(pk__in=ids).order_by("pk")
    moved, refused = 0, []
    for activity in activities:
        try:
            BULK_ACTIONS[action](actor=request.user, activity=activity, comment=comment)
            moved += 1
        except DomainError as error:
            refused.append(f"“{activity.title}”: {error.message}")
    missing = len(ids) - moved - len(refused)
    if moved:
        done = (
            ngettext("Đã duyệt %(n)d hoạt động.", "Đã duyệt %(n)d hoạt động.", moved)
            if action == "approve"
            else ngettext("Đã trả lại %(n)d hoạt động.", "Đã trả lại %(n)d hoạt động.", moved)
        )
        messages.success(request, done % {"n": moved})
    if refused:
        messages.error(request, _("Không chuyển được %(n)d hoạt động: %(why)s") % {"n": len(refused), "why": "; ".join(refused)})
    if missing > 0:
        messages.error(request, _("%(n)d hoạt động không tìm thấy hoặc nằm ngoài phạm vi của bạn.") % {"n": missing})
    return redirect(back)


# --- evidence ------------------------------------------------------------------------------


def _scoped_attachment(request, pk, attachment_pk) -> Attachment:
    activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
    return get_object_or_404(Attachment.objects.select_related("activity"), pk=attachment_pk, activity=activity)


@login_required
def activity_attachment(request, pk, attachment_pk):
    """Serve one evidence file to those who may see the activity; never through a public URL."""
    attachment = _scoped_attachment(request, pk, attachment_pk)
    inline = attachment.is_image and request.GET.get("inline") == "1"
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Tệp không còn trên máy chủ.")) from error
    response = FileResponse(
        handle, as_attachment=not inline, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, max-age=600"
    return response


@require_POST
@login_required
def activity_attachment_add(request, pk):
    activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
    if not (request.user.has_perm("partnerships.add_attachment") and policy.can_edit_activity(request.user, activity)):
        raise PermissionDenied(_("Chỉ thêm tệp minh chứng khi hoạt động ở trạng thái nháp hoặc bị trả lại."))
    form = AttachmentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("files", []):
            messages.error(request, error)
        return redirect("partnerships:activity_detail", activity.pk)
    added = []
    try:
        with transaction.atomic():
            for upload in form.cleaned_data["files"]:
                added.append(services.attachment_add(actor=request.user, activity=activity, upload=upload))
    except NotPermitted as error:
        _discard_files(added)
        raise PermissionDenied(error.message) from error
    except (DomainError, ValidationError) as error:
        _discard_files(added)
        messages.error(request, getattr(error, "message", None) or "; ".join(error.messages))
        return redirect("partnerships:activity_detail", activity.pk)
    messages.success(request, _("Đã thêm tệp minh chứng."))
    return redirect("partnerships:activity_detail", activity.pk)


@require_POST
@login_required
def activity_attachment_delete(request, pk, attachment_pk):
    attachment = _scoped_attachment(request, pk, attachment_pk)
    if not request.user.has_perm("partnerships.delete_attachment"):
        raise PermissionDenied(_("Bạn không có quyền xóa tệp minh chứng."))
    try:
        services.attachment_delete(actor=request.user, attachment=attachment)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": attachment.original_name})
    return redirect("partnerships:activity_detail", pk)


@login_required
def activity_export(request):
    """The filtered list (same FilterSet, same scoping) as an Excel workbook, printable on A4.

    A short list downloads at once; a longer one (more than EXPORT_INLINE_MAX rows) would hold
    the request for minutes, so the page offers to build it in the background instead."""
    rows = filtered_activities(request.user, request.GET.urlencode())
    count = rows.count()
    if count > settings.EXPORT_INLINE_MAX:
        return render(request, "partnerships/activity_export.html", {"count": count, "query": request.GET.urlencode()})
    return FileResponse(
        export.activities_workbook(rows),
        as_attachment=True,
        filename=export_filename(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_POST
def activity_export_start(request):
    """Export in the background: one job per person and filter (a second click finds it), then
    the job's page with its progress bar and, at the end, the download."""
    job = job_start(actor=request.user, kind="partnerships.activity_export",
                    params={"query": request.POST.get("query", "")})
    return redirect("jobs:detail", job.pk)