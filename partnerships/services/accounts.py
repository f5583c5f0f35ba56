"""Accounts: coordinators manage officers and focal points, administrators manage everyone.

Who may grant which role is the policy module's (`grantable_roles`, `may_manage_user`); these
services check it, validate, save in a transaction and write an audit event in the same one.
A new account has no usable password: its owner sets one through the reset link sent after
commit (so a rolled-back creation never mails a link).
"""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from partnerships.access import policy
from partnerships.access.roles import ROLE_LABELS, Role
from partnerships.exceptions import DomainError, NotPermitted
from partnerships.models import AuditKind, User
from partnerships.services.audit import audit

# What each role needs: officers an agency, focal points a locality, the others neither.
_NEEDS = {Role.OFFICER: "agency", Role.FOCAL_POINT: "locality"}


def _require_may_grant(actor, role: Role) -> None:
    if role not in policy.grantable_roles(actor):
        raise NotPermitted(_("Bạn không có quyền cấp vai trò “%(role)s”.") % {"role": ROLE_LABELS[role]})


def _require_may_manage(actor, user: User) -> None:
    if not policy.may_manage_user(actor, user):
        raise NotPermitted(_("Bạn không có quyền quản lý tài khoản này."))


def _check_attachment(role: Role, agency, locality) -> None:
    need = _NEEDS.get(role)
    if need == "agency" and agency is None:
        raise DomainError(_("Cán bộ đầu mối cơ quan, đơn vị phải thuộc một cơ quan, đơn vị."))
    if need == "locality" and locality is None:
        raise DomainError(_("Cán bộ đầu mối địa phương phải phụ trách một huyện hoặc xã."))
    if need != "agency" and agency is not None:
        raise DomainError(_("Chỉ cán bộ đầu mối cơ quan, đơn vị mới gắn với một cơ quan, đơn vị."))
    if need != "locality" and locality is not None:
        raise DomainError(_("Chỉ cán bộ đầu mối địa phương mới gắn với một địa phương."))


def role_of(user: User) -> Role | None:
    """The portal role an account holds as a group (the account pages give each one role)."""
    names = {group.name for group in user.groups.all()}
    return next((role for role in Role if role.value in names), None)


def send_password_link(*, user: User, domain: str, use_https: bool) -> None:
    """Mail the user a one-time link to set a password, once the transaction commits (the same
    mail and token as Django's "forgot password", which a new account without a password cannot
    ask for yet)."""

    def _send():
        context = {
            "email": user.email,
            "domain": domain,
            "site_name": domain,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "user": user,
            "token": default_token_generator.make_token(user),
            "protocol": "https" if use_https else "http",
        }
        PasswordResetForm().send_mail(
            "registration/password_reset_subject.txt", "registration/password_reset_email.txt", context, None, user.email
        )

    transaction.on_commit(_send)


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    email: str,
    role: Role,
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    agency=None,
    locality=None,
    domain: str,
    use_https: bool,
) -> User:
    role = Role(role)
    _require_may_grant(actor, role)
    _check_attachment(role, agency, locality)
    if not email:
        raise DomainError(_("Cần địa chỉ thư điện tử để gửi liên kết đặt mật khẩu."))
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        agency=agency,
        locality=locality,
        is_active=True,
        # The admin site stays for coordinators and administrators only.
        is_staff=role in {Role.COORDINATOR, Role.ADMINISTRATOR},
    )
    user.set_unusable_password()
    user._history_user = actor
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set([Group.objects.get(name=role.value)])
    audit(actor=actor, kind=AuditKind.USER_CREATED, obj=user, role=role.value)
    send_password_link(user=user, domain=domain, use_https=use_https)
    return user


@transaction.atomic
def user_update(
    *,
    actor,
    user: User,
    role: Role,
    email: str,
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    agency=None,
    locality=None,
) -> User:
    _require_may_manage(actor, user)
    role = Role(role)
    _require_may_grant(actor, role)
    _check_attachment(role, agency, locality)
    before = {
        "role": (role_of(user) or ""),
        "email": user.email,
        "agency": str(user.agency or ""),
        "locality": str(user.locality or ""),
    }
    user.email, user.first_name, user.last_name, user.phone = email, first_name, last_name, phone
    user.agency, user.locality = agency, locality
    user.is_staff = role in {Role.COORDINATOR, Role.ADMINISTRATOR} or user.is_superuser
    user._history_user = actor
    user.full_clean(exclude=["password"])
    user.save()
    if before["role"] != role:
        user.groups.remove(*Group.objects.filter(name__in=[r.value for r in Role]))
        user.groups.add(Group.objects.get(name=role.value))
        user._ketnghia_roles = None
    after = {"role": role.value, "email": email, "agency": str(agency or ""), "locality": str(locality or "")}
    changed = {k: [before[k], after[k]] for k in after if str(before[k]) != str(after[k])}
    audit(actor=actor, kind=AuditKind.USER_CHANGED, obj=user, changes=changed)
    return user


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool, reason: str = "") -> User:
    _require_may_manage(actor, user)
    if user.pk == actor.pk:
        raise DomainError(_("Không thể tự khóa tài khoản của chính mình."))
    if user.is_active == active:
        return user
    user.is_active = active
    user._history_user = actor
    user.save(update_fields=["is_active"])
    if not active:
        # Signed-in sessions of the account end now, not at their expiry.
        from django.contrib.sessions.models import Session

        for session in Session.objects.all().iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                session.delete()
    kind = AuditKind.USER_REACTIVATED if active else AuditKind.USER_DEACTIVATED
    audit(actor=actor, kind=kind, obj=user, reason=reason)
    return user


@transaction.atomic
def user_send_reset(*, actor, user: User, domain: str, use_https: bool) -> None:
    _require_may_manage(actor, user)
    if not user.is_active:
        raise DomainError(_("Tài khoản đang bị khóa; hãy mở lại trước khi gửi liên kết."))
    if not user.email:
        raise DomainError(_("Tài khoản chưa có địa chỉ thư điện tử."))
    audit(actor=actor, kind=AuditKind.USER_RESET_SENT, obj=user, email=user.email)
    send_password_link(user=user, domain=domain, use_https=use_https)


@transaction.atomic
def password_changed(*, user: User) -> None:
    """Django's password views save the new password; this records that it happened (never the
    password, which simple-history does not keep either)."""
    audit(actor=user, kind=AuditKind.PASSWORD_CHANGED, obj=user)
