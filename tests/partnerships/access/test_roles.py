"""A user's roles and permissions are read together, once per request (partnerships/access/roles.py
`read_access`, and the backend that hands its permissions to Django's `has_perm`), and never
outlive the request: a role or a permission revoked holds from the next request on."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.access import policy
from partnerships.access.roles import Role, roles_of
from partnerships.models import User
from tests.factories import UserFactory

ANNUAL = reverse("reports:annual")


def _fresh(user):
    return User.objects.get(pk=user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("roles_first", [True, False])
def test_roles_and_permissions_are_one_query(officer, roles_first):
    user = _fresh(officer)
    with CaptureQueriesContext(connection) as queries:
        if roles_first:
            assert roles_of(user) == {Role.OFFICER}
        assert user.has_perm("partnerships.add_activity")
        assert not user.has_perm("partnerships.delete_agency")
        assert roles_of(user) == {Role.OFFICER}
        policy.may_add_activities(user)
    assert len(queries.captured_queries) == 1


@pytest.mark.django_db
def test_permissions_are_django_s_own(officer):
    """Own permissions, the groups' permissions and a group that grants none: as ModelBackend reads them."""
    officer.user_permissions.add(Permission.objects.get(codename="view_agency"))
    officer.groups.add(Group.objects.create(name="Nhóm không quyền"))
    user, reference = _fresh(officer), _fresh(officer)
    assert user.get_all_permissions() == ModelBackend().get_all_permissions(reference)
    assert user.get_user_permissions() == {"partnerships.view_agency"}
    assert "partnerships.add_activity" in user.get_group_permissions()
    assert roles_of(user) == {Role.OFFICER}


@pytest.mark.django_db
def test_superuser_and_inactive_user(administrator, officer):
    admin = _fresh(administrator)
    assert Role.ADMINISTRATOR in roles_of(admin)
    assert admin.has_perm("partnerships.delete_agency")
    assert admin.get_all_permissions() == ModelBackend().get_all_permissions(_fresh(administrator))
    User.objects.filter(pk=officer.pk).update(is_active=False)
    assert not _fresh(officer).has_perm("partnerships.add_activity")


@pytest.mark.django_db
def test_revoking_a_role_takes_effect_on_the_next_request(client, coordinator):
    client.force_login(coordinator)
    response = client.get(ANNUAL)
    assert response.status_code == 200 and response.context["nav"]["annual_report"]
    coordinator.groups.remove(Group.objects.get(name=Role.COORDINATOR))
    response = client.get("/")
    assert not response.context["nav"]["annual_report"]
    assert client.get(ANNUAL).status_code == 403


@pytest.mark.django_db
def test_revoking_a_group_permission_takes_effect_on_the_next_request(client, db):
    user = UserFactory(username="coordinator2", role=Role.COORDINATOR)
    client.force_login(user)
    assert client.get("/").context["nav"]["add_activities"]
    group = Group.objects.get(name=Role.COORDINATOR)
    permission = Permission.objects.get(codename="add_activity", content_type__app_label="partnerships")
    group.permissions.remove(permission)
    assert not client.get("/").context["nav"]["add_activities"]
    user.user_permissions.add(permission)  # granted to the user alone: back on the next request
    assert client.get("/").context["nav"]["add_activities"]


@pytest.mark.django_db
def test_the_session_s_user_is_the_row_django_reads(officer):
    """`RolesModelBackend.get_user` sends the SELECT written once: the same User as ModelBackend's,
    every column converted as the ORM converts it (SQLite's dates and booleans)."""
    from partnerships.access.backends import RolesModelBackend

    officer.last_login = officer.date_joined
    officer.save()
    mine, django_s = RolesModelBackend().get_user(str(officer.pk)), ModelBackend().get_user(str(officer.pk))
    fields = [field.attname for field in User._meta.concrete_fields]
    assert [getattr(mine, name) for name in fields] == [getattr(django_s, name) for name in fields]
    assert mine._state.db == "default" and not mine._state.adding
    with CaptureQueriesContext(connection) as queries:
        RolesModelBackend().get_user(officer.pk)
    assert len(queries.captured_queries) == 1


@pytest.mark.django_db
def test_no_user_for_a_missing_an_odd_or_an_inactive_id(officer):
    from partnerships.access.backends import RolesModelBackend

    backend = RolesModelBackend()
    assert backend.get_user(officer.pk + 1000) is None
    assert backend.get_user("not-a-number") is None
    User.objects.filter(pk=officer.pk).update(is_active=False)
    assert backend.get_user(officer.pk) is None


@pytest.mark.django_db
def test_a_changed_password_or_a_locked_account_ends_the_session(client, officer):
    client.force_login(officer)
    assert client.get("/").status_code == 200
    officer.set_password("mat-khau-moi-2026")
    officer.save()
    assert client.get("/").status_code == 302  # the session's hash no longer matches
    client.force_login(officer)
    User.objects.filter(pk=officer.pk).update(is_active=False)
    assert client.get("/").status_code == 302
