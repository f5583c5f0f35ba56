"""The inbox: my notices, opening one (marks it read, follows its link), mark all read, e-mail opt-out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import services
from .models import Notification


@login_required
def inbox(request):
    notices = Notification.objects.visible_to(request.user)
    if request.GET.get("unread"):
        notices = notices.unread()
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {
        "page_obj": page, "notices": page.object_list, "only_unread": bool(request.GET.get("unread")),
        "email_enabled": services.wants_email(request.user) or not request.user.email,
        "has_email": bool(request.user.email),
    })


@login_required
def unread(request):
    """The top bar's badge, fetched by static/js/notifications.js (one COUNT, not on every page)."""
    count = Notification.objects.visible_to(request.user).unread().count()
    label = ngettext("%(count)s thông báo chưa đọc", "%(count)s thông báo chưa đọc", count) % {"count": count}
    return JsonResponse({"unread": count, "label": label})


@login_required
@require_POST
def open_notice(request, pk):
    notice = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    services.mark_read(actor=request.user, notice=notice)
    if url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}):
        return redirect(notice.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(actor=request.user)
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
@require_POST
def email_preference(request):
    enabled = request.POST.get("email_enabled") == "1"
    services.set_email_preference(actor=request.user, enabled=enabled)
    messages.success(request, _("Bạn sẽ nhận thư điện tử về các việc đang chờ.") if enabled
                     else _("Bạn sẽ không nhận thư điện tử nữa; thông báo vẫn hiện trên cổng."))
    return redirect("notifications:inbox")
