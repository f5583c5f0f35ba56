"""Accounts without the Django admin: password change and reset for everyone, user management by
coordinators (officers, focal points) and administrators (everyone), nobody granting above
their own role, every change audited, mail sent after commit."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from partnerships.access.roles import Role
from partnerships.exceptions import NotPermitted
from partnerships.models import AuditEvent, AuditKind, User
from partnerships.services import accounts
from tests.conftest import PASSWORD
from tests.factories import UserFactory

NEW_PASSWORD = "Kết-nghĩa-2026-an-toàn"


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


# --- password change and reset ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "focal_point", "leader", "coordinator"])
def test_every_role_changes_their_own_password(client, db, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert "Đổi mật khẩu" in page.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(kind=AuditKind.PASSWORD_CHANGED, object_id=str(user.pk)).exists()


def test_wrong_old_password_is_refused_in_vietnamese(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("password_change"), {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_reset_by_mail(client, officer, django_capture_on_commit_callbacks):
    officer.email = "officer@snn.quangnam.gov.vn"
    officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "OFFICER@snn.quangnam.gov.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@snn.quangnam.gov.vn"]
    assert "Đặt lại mật khẩu" in message.subject
    link = _link(message)
    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)


def test_reset_for_unknown_address_sends_nothing_and_says_the_same(client, db):
    response = client.post(reverse("password_reset"), {"email": "khong-co@example.vn"}, follow=True)
    assert response.status_code == 200
    assert mail.outbox == []


def test_reset_mail_waits_for_commit(officer, django_capture_on_commit_callbacks):
    officer.email = "o@example.vn"
    officer.save()
    from partnerships.web.accounts.forms import ResetForm

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        form = ResetForm(data={"email": "o@example.vn"})
        assert form.is_valid()
        form.save(domain_override="ketnghia.test")
    assert mail.outbox == []
    assert len(callbacks) == 1


# --- who may grant what ------------------------------------------------------------------------


def test_grantable_roles(db):
    from partnerships.access import policy

    coordinator = UserFactory(username="c1", role=Role.COORDINATOR)
    admin = UserFactory(username="a1", role=Role.ADMINISTRATOR)
    officer = UserFactory(username="o1", role=Role.OFFICER)
    assert policy.grantable_roles(coordinator) == {Role.OFFICER, Role.FOCAL_POINT}
    assert policy.grantable_roles(admin) == set(Role)
    assert policy.grantable_roles(officer) == set()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.LEADER, Role.ADMINISTRATOR])
def test_coordinator_cannot_grant_above_officers(coordinator, role):
    with pytest.raises(NotPermitted):
        accounts.user_create(
            actor=coordinator, username="x", email="x@example.vn", role=role, domain="t", use_https=False
        )
    assert not User.objects.filter(username="x").exists()


def test_coordinator_cannot_edit_or_lock_a_leader(client, coordinator, leader):
    client.force_login(coordinator)
    assert client.get(reverse("accounts:user_edit", args=[leader.pk])).status_code == 404
    assert client.post(reverse("accounts:user_action", args=[leader.pk, "deactivate"])).status_code == 404
    leader.refresh_from_db()
    assert leader.is_active


def test_coordinator_cannot_promote_an_officer(client, coordinator, officer):
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:user_edit", args=[officer.pk]),
        {"email": "o@example.vn", "role": Role.COORDINATOR.value},
    )
    assert response.status_code == 200  # the role is not among the choices
    assert set(officer.groups.values_list("name", flat=True)) == {Role.OFFICER.value}


@pytest.mark.parametrize("who", ["officer", "focal_point", "leader"])
def test_other_roles_do_not_manage_accounts(client, db, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:user_create")).status_code == 403


def test_administrator_creates_a_coordinator(client, administrator, django_capture_on_commit_callbacks):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user_create"),
            {"username": "tonghop2", "email": "th2@example.vn", "role": Role.COORDINATOR.value, "first_name": "Lê"},
        )
    assert response.status_code == 302
    user = User.objects.get(username="tonghop2")
    assert set(user.groups.values_list("name", flat=True)) == {Role.COORDINATOR.value}
    assert user.is_staff and not user.has_usable_password()
    assert len(mail.outbox) == 1


# --- coordinator manages officers and focal points ------------------------------------------------


def test_coordinator_creates_an_officer_who_sets_a_password(
    client, coordinator, agency, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user_create"),
            {
                "username": "canbo.snn",
                "email": "canbo@snn.gov.vn",
                "first_name": "Trần",
                "last_name": "Thị B",
                "role": Role.OFFICER.value,
                "agency": agency.pk,
            },
        )
    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(username="canbo.snn")
    assert user.agency == agency and not user.is_staff
    event = AuditEvent.objects.get(kind=AuditKind.USER_CREATED, object_id=str(user.pk))
    assert event.actor == coordinator and event.details["role"] == Role.OFFICER.value
    client.logout()
    link = _link(mail.outbox[0])
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert client.post(reverse("login"), {"username": "canbo.snn", "password": NEW_PASSWORD}).status_code == 302


def test_an_officer_needs_an_agency(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:user_create"), {"username": "x", "email": "x@example.vn", "role": Role.OFFICER.value}
    )
    assert response.status_code == 200
    assert "phải thuộc một cơ quan" in response.content.decode()
    assert not User.objects.filter(username="x").exists()


@pytest.mark.parametrize("engine", ["db", "cached_db"])
def test_deactivate_ends_sessions_and_reactivate(client, coordinator, officer, settings, engine):
    from django.test import Client

    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{engine}"
    officer_client = Client()
    officer_client.force_login(officer)
    assert officer_client.get("/").status_code == 200
    client.force_login(coordinator)
    client.post(reverse("accounts:user_action", args=[officer.pk, "deactivate"]))
    officer.refresh_from_db()
    assert not officer.is_active
    assert officer_client.get("/").status_code == 302  # signed out
    client.post(reverse("accounts:user_action", args=[officer.pk, "reactivate"]))
    officer.refresh_from_db()
    assert officer.is_active
    assert officer_client.get("/").status_code == 302  # the ended session stays ended
    kinds = list(AuditEvent.objects.filter(object_id=str(officer.pk)).values_list("kind", flat=True))
    assert AuditKind.USER_DEACTIVATED in kinds and AuditKind.USER_REACTIVATED in kinds


def test_send_reset_link(client, coordinator, officer, django_capture_on_commit_callbacks):
    officer.email = "o@example.vn"
    officer.save()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:user_action", args=[officer.pk, "reset"]))
    assert mail.outbox[0].to == ["o@example.vn"]
    assert AuditEvent.objects.filter(kind=AuditKind.USER_RESET_SENT, object_id=str(officer.pk)).exists()


def test_coordinator_cannot_lock_themselves(client, administrator):
    client.force_login(administrator)
    client.post(reverse("accounts:user_action", args=[administrator.pk, "deactivate"]))
    administrator.refresh_from_db()
    assert administrator.is_active


def test_user_list_search_and_filters(client, coordinator, officer, focal_point, leader, agency):
    client.force_login(coordinator)
    names = lambda response: {u.username for u in response.context["page_obj"]}  # noqa: E731
    everyone = names(client.get(reverse("accounts:user_list")))
    assert {"officer", "focal"} <= everyone
    assert "leader" not in everyone and "coordinator" not in everyone  # above what they manage
    assert names(client.get(reverse("accounts:user_list"), {"role": Role.FOCAL_POINT.value})) == {"focal"}
    assert names(client.get(reverse("accounts:user_list"), {"agency": agency.pk})) == {"officer"}
    assert names(client.get(reverse("accounts:user_list"), {"q": "officer"})) == {"officer"}
    assert names(client.get(reverse("accounts:user_list"), {"active": "0"})) == set()
    for bad in ({"agency": "abc"}, {"agency": "99999999999999999999"}, {"role": "x"}, {"page": "-1"}):
        assert client.get(reverse("accounts:user_list"), bad).status_code == 200


def test_user_list_queries_do_not_grow(client, coordinator, agency, django_assert_max_num_queries):
    for n in range(30):
        UserFactory(username=f"cb{n}", agency=agency, role=Role.OFFICER)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("accounts:user_list")).status_code == 200


def test_group_names_are_the_roles(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}
