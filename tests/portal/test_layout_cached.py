"""The layout's menu, links and labels are kept per process (templates/base.html's {% cache %}
fragments, issue 15): what they show follows the user's menu and language on the next request,
and what is the user's or the request's own (name, CSRF tokens, path, messages) is never kept."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("portal:home")


def admin_link(html):
    return f'href="{reverse("admin:index")}"' in html


def test_the_menu_follows_the_user_s_rights(client, leader):
    client.force_login(leader)
    assert not admin_link(client.get(HOME).content.decode())
    leader.is_staff = True
    leader.save()
    assert admin_link(client.get(HOME).content.decode())
    client.force_login(UserFactory(username="khac"))
    assert not admin_link(client.get(HOME).content.decode())


def test_the_user_s_name_tokens_and_path_are_their_own(client, leader, coordinator):
    coordinator.first_name, coordinator.last_name = "Trần", "Thị B"
    coordinator.save()
    client.force_login(leader)
    first = client.get(HOME).content.decode()
    client.force_login(coordinator)
    second = client.get(reverse("partnerships:activity_list")).content.decode()
    assert "Nguyễn Văn A" in first and "Nguyễn Văn A" not in second and "Trần Thị B" in second
    assert f'name="next" type="hidden" value="{reverse("partnerships:activity_list")}"' in second
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[0] for html in (first, second)]
    assert tokens[0] != tokens[1]


def test_each_language_has_its_own_layout(client, leader, settings):
    client.force_login(leader)
    vietnamese = client.get(HOME).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the switch in the top bar
    english = client.get(HOME).content.decode()
    assert "Trang chủ" in vietnamese and "Đăng xuất" in vietnamese
    assert "Trang chủ" not in english and "Đăng xuất" not in english
    assert 'id="language-en"' in vietnamese and 'id="language-vi"' in english


def test_signed_out_pages_have_no_menu(client, leader):
    client.force_login(leader)
    client.get(HOME)
    client.logout()
    login = client.get(reverse("login")).content.decode()
    assert "Trang chủ" not in login and "data-keepalive-url" not in login and "idle-warning" not in login
