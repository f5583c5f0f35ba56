"""Account pages: login (with "remember me"), password change and reset (Django's views with the
portal's templates), the keep-alive of idle sessions, and the user management of coordinators and
administrators (without the Django admin).

Which accounts a manager sees is the scoping module's (`manageable_users`); which roles they may
grant, the policy module's; every change goes through `partnerships.services.accounts`.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.paging import page_context
from partnerships.access import policy
from partnerships.access.roles import Role
from partnerships.access.reach import manageable_users
from partnerships.exceptions import DomainError, NotPermitted
from partnerships.services import accounts
from partnerships.web.accounts.forms import LoginForm, ResetForm, UserFilter, UserForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.cleaned_data.get("remember_me"):
            self.request.session.set_expiry(settings.REMEMBER_ME_DAYS * 24 * 3600)
        else:
            self.request.session.set_expiry(0)  # ends when the browser closes
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.password_changed(user=self.request.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


@login_required
def keepalive(request):
    """An ordinary signed-in request: the idle-timeout middleware has just refreshed the session."""
    return HttpResponse(status=204)


# --- user management ---------------------------------------------------------------------------


def _require_manager(user):
    if not policy.may_manage_accounts(user):
        raise PermissionDenied


def _mail_options(request):
    return {"domain": request.get_host(), "use_https": request.is_secure()}


@login_required
def user_list(request):
    _require_manager(request.user)
    filterset = UserFilter(request.GET or None, queryset=manageable_users(request.user))
    queryset = filterset.qs.select_related("agency", "locality").prefetch_related("groups").order_by("username")
    return render(request, "accounts/user_list.html", page_context(request, queryset, filter=filterset))


def _form_values(form):
    data = form.cleaned_data
    return {
        "email": data["email"],
        "role": Role(data["role"]),
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "phone": data["phone"],
        "agency": data["agency"],
        "locality": data["locality"],
    }


@login_required
def user_create(request):
    _require_manager(request.user)
    form = UserForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.user_create(
                actor=request.user, username=form.cleaned_data["username"], **_form_values(form), **_mail_options(request)
            )
        except (DomainError, NotPermitted) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Đã tạo tài khoản %(username)s và gửi liên kết đặt mật khẩu tới %(email)s.")
                % {"username": user.username, "email": user.email},
            )
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "account": None})


@login_required
def user_edit(request, pk):
    _require_manager(request.user)
    account = get_object_or_404(manageable_users(request.user), pk=pk)
    initial = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "phone": account.phone,
        "role": (accounts.role_of(account) or ""),
        "agency": account.agency_id,
        "locality": account.locality_id,
    }
    form = UserForm(request.POST or None, actor=request.user, instance=account, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.user_update(actor=request.user, user=account, **_form_values(form))
        except (DomainError, NotPermitted) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu tài khoản %(username)s.") % {"username": account.username})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "account": account})


@login_required
@require_POST
def user_action(request, pk, action):
    _require_manager(request.user)
    account = get_object_or_404(manageable_users(request.user), pk=pk)
    try:
        if action == "deactivate":
            accounts.user_set_active(actor=request.user, user=account, active=False)
            messages.success(request, _("Đã khóa tài khoản %(username)s.") % {"username": account.username})
        elif action == "reactivate":
            accounts.user_set_active(actor=request.user, user=account, active=True)
            messages.success(request, _("Đã mở lại tài khoản %(username)s.") % {"username": account.username})
        elif action == "reset":
            accounts.user_send_reset(actor=request.user, user=account, **_mail_options(request))
            messages.success(
                request, _("Đã gửi liên kết đặt mật khẩu tới %(email)s.") % {"email": account.email}
            )
        else:
            raise PermissionDenied
    except DomainError as error:
        messages.error(request, str(error))
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from error
    return redirect("accounts:user_edit", pk=account.pk)
