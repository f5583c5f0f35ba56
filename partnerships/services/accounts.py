"""Accounts and groups: coordinators manage officers and focal points, administrators everyone.

Who may grant what is the policy module's (`grantable_roles`, `may_manage_user`,
`may_grant_superuser`, `permissions_not_held`); these services check it, validate, save in a
transaction and write an audit event in the same one. The account pages (/tai-khoan/) and the
Django admin's User and Group pages call the same services with `actor=`.

A new account made without a password (the account pages always; the admin when asked) has no
usable one: its owner sets it through the reset link sent after commit (so a rolled-back
creation never mails a link).

Beyond the role, the admin can give an account the superuser flag, other groups and permissions
of its own: only a superuser gives the flag, and nobody gives a permission they do not hold. The
role groups' permissions are `partnerships/reference.py`'s (ROLE_GRANTS, reapplied by
`seed_demo`): a role group is never renamed, deleted or given other permissions here.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from partnerships.access import policy
from partnerships.access.roles import ROLE_LABELS, Role
from partnerships.exceptions import DomainError, NotPermitted
from partnerships.models import AdministrativeUnit, Agency, AuditKind, User
from partnerships.services.audit import audit

# What each role needs: officers an agency, focal points a locality, the others neither.
_NEEDS = {Role.OFFICER: "agency", Role.FOCAL_POINT: "locality"}


def _require_may_grant(actor, role: Role) -> None:
    if role not in policy.grantable_roles(actor):
        raise NotPermitted(_("Bạn không có quyền cấp vai trò “%(role)s”.") % {"role": ROLE_LABELS[role]})


def _require_may_manage(actor, user: User) -> None:
    if not policy.may_manage_user(actor, user):
        raise NotPermitted(_("Bạn không có quyền quản lý tài khoản này."))


def _is_role_group(name: str) -> bool:
    return name in {role.value for role in Role}


def _permission_names(permissions) -> list[str]:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)


def _require_may_give(actor, permissions) -> None:
    lacking = policy.permissions_not_held(actor, permissions)
    if lacking:
        raise NotPermitted(
            _("Bạn không thể cấp quyền mà chính bạn không có: %(perms)s.") % {"perms": ", ".join(_permission_names(lacking))}
        )


def _set_grants(actor, user: User, *, is_superuser, groups, permissions) -> dict:
    """Give `user` what the admin's form says beyond the role (None: leave it as it is); check
    that the actor may give what is added; return the changes for the audit row."""
    changes = {}
    if is_superuser is not None and bool(is_superuser) != user.is_superuser:
        if not policy.may_grant_superuser(actor):
            raise NotPermitted(_("Chỉ tài khoản quản trị cao nhất (superuser) mới cấp hoặc bỏ quyền này."))
        changes["is_superuser"] = [user.is_superuser, bool(is_superuser)]
        user.is_superuser = bool(is_superuser)
        user.save(update_fields=["is_superuser"])
    if groups is not None:
        if any(_is_role_group(group.name) for group in groups):
            raise DomainError(_("Vai trò được chọn ở ô “Vai trò”, không phải trong các nhóm khác."))
        before = set(user.groups.exclude(name__in=[role.value for role in Role]))
        added, removed = set(groups) - before, before - set(groups)
        _require_may_give(actor, Permission.objects.filter(group__in=added).select_related("content_type"))
        user.groups.add(*added)
        user.groups.remove(*removed)
        if added or removed:
            changes["groups"] = [sorted(g.name for g in before), sorted(g.name for g in groups)]
    if permissions is not None:
        before = set(user.user_permissions.select_related("content_type"))
        added, removed = set(permissions) - before, before - set(permissions)
        _require_may_give(actor, added)
        user.user_permissions.add(*added)
        user.user_permissions.remove(*removed)
        if added or removed:
            changes["permissions"] = [_permission_names(before), _permission_names(permissions)]
    user._ketnghia_roles = None
    return changes


def _set_password(user: User, password: str | None) -> None:
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)


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


@dataclass(frozen=True, kw_only=True)
class AccountFields:
    """What `user_create` and `user_update` set on an account besides its name and password (their
    keyword arguments): the role, the profile and, from the admin's form, the grants beyond the
    role (None leaves them as they are)."""

    role: Role
    email: str
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    agency: Agency | None = None
    locality: AdministrativeUnit | None = None
    is_superuser: bool | None = None
    groups: Iterable[Group] | None = None
    permissions: Iterable[Permission] | None = None

    def __post_init__(self):
        object.__setattr__(self, "role", Role(self.role))


def _check_account(actor, account: AccountFields) -> None:
    _require_may_grant(actor, account.role)
    _check_attachment(account.role, account.agency, account.locality)


def _save_account(actor, user: User, account: AccountFields) -> dict:
    """Write the profile, the role's group and the grants the actor may give; return the grants'
    changes for the audit row."""
    user.email, user.first_name, user.last_name = account.email, account.first_name, account.last_name
    user.phone, user.agency, user.locality = account.phone, account.agency, account.locality
    superuser = user.is_superuser if account.is_superuser is None else bool(account.is_superuser)
    # The admin site stays for coordinators and administrators only.
    user.is_staff = account.role in {Role.COORDINATOR, Role.ADMINISTRATOR} or superuser
    user._history_user = actor
    user.full_clean(exclude=["password"])
    user.save()
    if role_of(user) != account.role:
        user.groups.remove(*Group.objects.filter(name__in=[r.value for r in Role]))
        user.groups.add(Group.objects.get(name=account.role.value))
    return _set_grants(actor, user, is_superuser=account.is_superuser, groups=account.groups,
                       permissions=account.permissions)


@transaction.atomic
def user_create(*, actor, username: str, domain: str, use_https: bool, password: str | None = None,
                **fields) -> User:
    """`fields`: `AccountFields`. Without `password` the account gets none and its owner the link
    to set one."""
    account = AccountFields(**fields)
    _check_account(actor, account)
    if not account.email and password is None:
        raise DomainError(_("Cần địa chỉ thư điện tử để gửi liên kết đặt mật khẩu."))
    user = User(username=username, is_active=True)
    _set_password(user, password)
    grants = _save_account(actor, user, account)
    audit(actor=actor, kind=AuditKind.USER_CREATED, obj=user, role=account.role.value, **grants)
    if password is None:
        send_password_link(user=user, domain=domain, use_https=use_https)
    return user


@transaction.atomic
def user_update(*, actor, user: User, username: str | None = None, **fields) -> User:
    """`fields`: `AccountFields`. `username` and the grants beyond the role (the admin's form):
    None leaves them as they are."""
    _require_may_manage(actor, user)
    account = AccountFields(**fields)
    _check_account(actor, account)
    before = {
        "role": (role_of(user) or ""),
        "email": user.email,
        "agency": str(user.agency or ""),
        "locality": str(user.locality or ""),
        "username": user.username,
    }
    if username is not None:
        user.username = username
    changed = _save_account(actor, user, account)
    after = {"role": account.role.value, "email": account.email, "agency": str(account.agency or ""),
             "locality": str(account.locality or ""), "username": user.username}
    changed = {k: [before[k], after[k]] for k in after if str(before[k]) != str(after[k])} | changed
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
        # Signed-in sessions of the account end now, not at their expiry; deleted through the
        # session engine, so that a cached_db session leaves the shared cache too (it would
        # otherwise come back to life when the account is reactivated).
        from importlib import import_module

        from django.conf import settings
        from django.contrib.sessions.models import Session

        store = import_module(settings.SESSION_ENGINE).SessionStore
        for session in Session.objects.all().iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                store().delete(session.session_key)
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


@transaction.atomic
def user_set_password(*, actor, user: User, password: str | None) -> User:
    """An administrator sets another account's password (None: the account gets no usable
    password); the owner changes their own through Django's view (`password_changed`)."""
    _require_may_manage(actor, user)
    _set_password(user, password)
    user._history_user = actor
    user.save(update_fields=["password"])
    audit(actor=actor, kind=AuditKind.PASSWORD_CHANGED, obj=user, usable=password is not None)
    return user


@transaction.atomic
def user_delete(*, actor, user: User) -> None:
    _require_may_manage(actor, user)
    if user.pk == actor.pk:
        raise DomainError(_("Không thể tự xóa tài khoản của chính mình."))
    audit(actor=actor, kind=AuditKind.DELETED, obj=user, username=user.username)
    user._history_user = actor
    user.delete()


# --- groups ------------------------------------------------------------------------------------


def _require_may_manage_groups(actor) -> None:
    if not policy.may_manage_groups(actor):
        raise NotPermitted(_("Chỉ quản trị hệ thống quản lý các nhóm quyền."))


@transaction.atomic
def group_save(*, actor, group: Group | None, name: str, permissions) -> Group:
    """Create (`group` None) or change a group other than a role group."""
    _require_may_manage_groups(actor)
    if group is not None and _is_role_group(group.name):
        before = set(group.permissions.all())
        if name != group.name or set(permissions) != before:
            raise DomainError(_("Nhóm vai trò “%(name)s” giữ tên và quyền do hệ thống quy định (partnerships/reference.py); "
                                "không sửa ở đây.") % {"name": group.name})
        return group
    if _is_role_group(name):
        raise DomainError(_("“%(name)s” là tên một vai trò; hãy đặt tên khác.") % {"name": name})
    created = group is None
    group = group or Group()
    before = set() if created else set(group.permissions.select_related("content_type"))
    _require_may_give(actor, set(permissions) - before)
    changes = {"name": [group.name, name]} if group.name != name else {}
    group.name = name
    group.full_clean()
    group.save()
    group.permissions.set(permissions)
    if set(permissions) != before:
        changes["permissions"] = [_permission_names(before), _permission_names(permissions)]
    audit(actor=actor, kind=AuditKind.CREATED if created else AuditKind.CHANGED, obj=group, **changes)
    return group


@transaction.atomic
def group_delete(*, actor, group: Group) -> None:
    _require_may_manage_groups(actor)
    if _is_role_group(group.name):
        raise DomainError(_("Không xóa được nhóm vai trò “%(name)s”: hệ thống cần nó.") % {"name": group.name})
    audit(actor=actor, kind=AuditKind.DELETED, obj=group, name=group.name)
    group.delete()
