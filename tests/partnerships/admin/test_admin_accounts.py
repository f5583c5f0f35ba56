"""The admin's User and Group pages write through the accounts services (issue 9, defect 1).

Each admin path (add, change, delete, bulk delete, password, groups) obeys the rules of the
account pages: nobody grants above their own (the superuser flag only by a superuser, no
permission the actor lacks, no account above the actor's own), the role groups keep the grants
of ROLE_GRANTS, and every change leaves an audit row. Nothing refused is stored.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from partnerships.access.roles import Role
from partnerships.exceptions import DomainError
from partnerships.models import AuditEvent, AuditKind, User
from partnerships.services import accounts
from tests.factories import UserFactory

PASSWORD = "Kết-nghĩa-2026-an-toàn"


def _url(name, *args):
    return reverse(f"admin:{name}", args=args)


@pytest.fixture
def admin_user(db):
    """An administrator who is not a superuser: holds the administrator group's grants only."""
    return UserFactory(username="quantri", is_staff=True, role=Role.ADMINISTRATOR, email="qt@quangnam.gov.vn")


@pytest.fixture
def not_held(admin_user):
    """A permission the administrator group does not hold."""
    held = admin_user.get_all_permissions()
    return next(p for p in Permission.objects.select_related("content_type")
                if f"{p.content_type.app_label}.{p.codename}" not in held)


def _audited(kind, obj) -> bool:
    return AuditEvent.objects.filter(kind=kind, object_id=str(obj.pk)).exists()


def _change_data(user, **changes) -> dict:
    role = next((g.name for g in user.groups.all() if g.name in {r.value for r in Role}), "")
    data = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": user.email, "phone": user.phone, "agency": user.agency_id or "", "locality": user.locality_id or "",
        "role": role, "is_active": "on" if user.is_active else "",
        "groups": [g.pk for g in user.groups.exclude(name__in=[r.value for r in Role])],
        "user_permissions": [p.pk for p in user.user_permissions.all()],
    }
    if user.is_superuser:
        data["is_superuser"] = "on"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


# --- add ---------------------------------------------------------------------------------------


def test_adding_an_account_in_the_admin_goes_through_the_service(client, admin_user, agency):
    client.force_login(admin_user)
    data = {"username": "canbo.snn", "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD,
            "email": "canbo@snn.quangnam.gov.vn", "agency": agency.pk, "role": Role.OFFICER.value}
    response = client.post(_url("partnerships_user_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="canbo.snn")
    assert user.check_password(PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == [Role.OFFICER.value]
    assert not user.is_staff
    assert AuditEvent.objects.get(kind=AuditKind.USER_CREATED, object_id=str(user.pk)).actor == admin_user


def test_the_admin_refuses_an_officer_without_an_agency_like_the_account_pages(client, admin_user):
    client.force_login(admin_user)
    data = {"username": "canbo.le", "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD,
            "email": "le@quangnam.gov.vn", "role": Role.OFFICER.value}
    response = client.post(_url("partnerships_user_add"), data)
    assert response.status_code == 200
    assert "Cán bộ đầu mối cơ quan, đơn vị phải thuộc một cơ quan, đơn vị." in response.content.decode()
    assert not User.objects.filter(username="canbo.le").exists()


# --- change ------------------------------------------------------------------------------------


def test_an_administrator_cannot_make_a_superuser(client, admin_user, officer):
    client.force_login(admin_user)
    response = client.post(_url("partnerships_user_change", officer.pk), _change_data(officer, is_superuser="on"))
    assert response.status_code == 200
    assert "Chỉ tài khoản quản trị cao nhất (superuser) mới cấp hoặc bỏ quyền này." in response.content.decode()
    officer.refresh_from_db()
    assert not officer.is_superuser and not officer.is_staff


def test_an_administrator_cannot_give_a_permission_they_lack(client, admin_user, officer, not_held):
    client.force_login(admin_user)
    response = client.post(_url("partnerships_user_change", officer.pk),
                           _change_data(officer, user_permissions=[not_held.pk]))
    assert response.status_code == 200
    assert "Bạn không thể cấp quyền mà chính bạn không có" in response.content.decode()
    assert not officer.user_permissions.exists()


def test_a_change_in_the_admin_is_audited_and_the_role_is_one_choice(client, admin_user, officer, commune):
    client.force_login(admin_user)
    data = _change_data(officer, role=Role.FOCAL_POINT.value, agency="", locality=commune.pk, email="dm@xa.vn")
    response = client.post(_url("partnerships_user_change", officer.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    officer.refresh_from_db()
    assert list(officer.groups.values_list("name", flat=True)) == [Role.FOCAL_POINT.value]
    assert (officer.agency, officer.locality) == (None, commune)
    changes = AuditEvent.objects.get(kind=AuditKind.USER_CHANGED, object_id=str(officer.pk)).details["changes"]
    assert changes["role"] == [Role.OFFICER.value, Role.FOCAL_POINT.value]


def test_a_superuser_is_read_only_to_an_administrator(client, admin_user, administrator):
    client.force_login(admin_user)
    page = client.get(_url("partnerships_user_change", administrator.pk))
    assert page.status_code == 200 and 'name="email"' not in page.content.decode()
    response = client.post(_url("partnerships_user_change", administrator.pk),
                           _change_data(administrator, email="x@y.vn"))
    assert response.status_code == 403
    assert client.get(_url("auth_user_password_change", administrator.pk)).status_code == 403


def test_a_password_set_in_the_admin_goes_through_the_service(client, admin_user, officer):
    client.force_login(admin_user)
    response = client.post(_url("auth_user_password_change", officer.pk),
                           {"password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    assert AuditEvent.objects.get(kind=AuditKind.PASSWORD_CHANGED, object_id=str(officer.pk)).actor == admin_user


# --- delete and the bulk action ------------------------------------------------------------------


def test_deleting_an_account_in_the_admin_is_audited_and_not_oneself(client, admin_user, officer):
    client.force_login(admin_user)
    response = client.post(_url("partnerships_user_delete", officer.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=officer.pk).exists()
    assert _audited(AuditKind.DELETED, officer)
    response = client.post(_url("partnerships_user_delete", admin_user.pk), {"post": "yes"}, follow=True)
    assert "Không thể tự xóa tài khoản của chính mình." in response.content.decode()
    assert User.objects.filter(pk=admin_user.pk).exists()


def test_bulk_delete_of_accounts_is_all_or_nothing_through_the_service(client, admin_user, officer, focal_point):
    client.force_login(admin_user)
    selected = [officer.pk, focal_point.pk, admin_user.pk]  # oneself among them: nothing is deleted
    response = client.post(_url("partnerships_user_changelist"),
                           {"action": "delete_selected", "_selected_action": selected, "post": "yes"}, follow=True)
    assert "Không thể tự xóa tài khoản của chính mình." in response.content.decode()
    assert User.objects.filter(pk__in=selected).count() == 3
    assert not AuditEvent.objects.filter(kind=AuditKind.DELETED).exists()

    client.post(_url("partnerships_user_changelist"),
                {"action": "delete_selected", "_selected_action": selected[:2], "post": "yes"})
    assert not User.objects.filter(pk__in=selected[:2]).exists()
    assert AuditEvent.objects.filter(kind=AuditKind.DELETED, actor=admin_user).count() == 2


# --- groups ------------------------------------------------------------------------------------


def test_a_group_is_created_through_the_service_and_audited(client, admin_user):
    permission = Permission.objects.get(codename="view_activity")
    client.force_login(admin_user)
    response = client.post(_url("auth_group_add"), {"name": "Tổ kiểm tra", "permissions": [permission.pk]})
    assert response.status_code == 302
    group = Group.objects.get(name="Tổ kiểm tra")
    assert list(group.permissions.all()) == [permission]
    assert _audited(AuditKind.CREATED, group)


def test_a_group_cannot_hold_a_permission_its_maker_lacks(client, admin_user, not_held):
    client.force_login(admin_user)
    response = client.post(_url("auth_group_add"), {"name": "Nhóm vượt quyền", "permissions": [not_held.pk]})
    assert response.status_code == 200
    assert "Bạn không thể cấp quyền mà chính bạn không có" in response.content.decode()
    assert not Group.objects.filter(name="Nhóm vượt quyền").exists()


def test_role_groups_keep_their_name_and_grants(client, administrator):
    group = Group.objects.get(name=Role.OFFICER.value)
    before = set(group.permissions.all())
    client.force_login(administrator)
    client.post(_url("auth_group_change", group.pk), {"name": "Đổi tên", "permissions": []})
    group.refresh_from_db()
    assert (group.name, set(group.permissions.all())) == (Role.OFFICER.value, before)
    response = client.post(_url("auth_group_delete", group.pk), {"post": "yes"})
    assert response.status_code == 403
    response = client.post(_url("auth_group_changelist"),
                           {"action": "delete_selected", "_selected_action": [group.pk], "post": "yes"}, follow=True)
    assert Group.objects.filter(pk=group.pk).exists()
    # The service holds the rule whoever calls it.
    with pytest.raises(DomainError):
        accounts.group_save(actor=administrator, group=group, name=group.name, permissions=[])
    with pytest.raises(DomainError):
        accounts.group_delete(actor=administrator, group=group)


def test_a_group_deleted_in_the_admin_is_audited(client, admin_user):
    group = Group.objects.create(name="Nhóm tạm")
    client.force_login(admin_user)
    assert client.post(_url("auth_group_delete", group.pk), {"post": "yes"}).status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()
    assert _audited(AuditKind.DELETED, group)
