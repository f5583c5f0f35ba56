"""Personal API tokens: stored hashed, shown once, with an expiry; revocable; rate-limited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from api import tokens
from api.models import ApiToken
from partnerships.exceptions import NotPermitted

from .conftest import bearer

IN_30_DAYS = datetime.date.today() + datetime.timedelta(days=30)


def test_key_is_stored_only_as_a_digest(leader):
    token, key = tokens.token_create(actor=leader, name="Báo cáo VP UBND", expires_on=IN_30_DAYS)
    assert key.startswith(token.prefix + "_") and len(key) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.digest, stored.prefix, stored.name) and len(stored.digest) == 64


def test_token_reads_as_its_owner(client, leader):
    headers = bearer(leader)
    assert client.get(reverse("api:unit-list"), **headers).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("header", ["Bearer kn_00000000_" + "x" * 43, "Bearer nonsense", "Bearer a b",
                                    "Bearer kn_0_0"])
def test_wrong_keys_are_refused(client, leader, header):
    bearer(leader)
    response = client.get(reverse("api:unit-list"), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "Khóa API" in response.json()["detail"] or "Authorization" in response.json()["detail"]


def test_a_key_with_a_wrong_secret_is_refused(client, leader):
    _, key = tokens.token_create(actor=leader, name="x", expires_on=IN_30_DAYS)
    tampered = key[:-4] + ("aaaa" if not key.endswith("aaaa") else "bbbb")
    assert client.get(reverse("api:unit-list"), HTTP_AUTHORIZATION=f"Bearer {tampered}").status_code == 401


def test_revoked_and_expired_tokens_stop_working(client, leader):
    token, key = tokens.token_create(actor=leader, name="x", expires_on=IN_30_DAYS)
    header = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    tokens.token_revoke(actor=leader, token=token)
    response = client.get(reverse("api:unit-list"), **header)
    assert response.status_code == 401 and response.json()["detail"] == "Khóa API đã bị thu hồi."
    token2, key2 = tokens.token_create(actor=leader, name="y", expires_on=IN_30_DAYS)
    ApiToken.objects.filter(pk=token2.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    response = client.get(reverse("api:unit-list"), HTTP_AUTHORIZATION=f"Bearer {key2}")
    assert response.status_code == 401 and response.json()["detail"] == "Khóa API đã hết hạn."


def test_a_deactivated_account_key_stops_working(client, leader):
    headers = bearer(leader)
    leader.is_active = False
    leader.save()
    assert client.get(reverse("api:unit-list"), **headers).status_code == 401


@pytest.mark.parametrize("days", [0, -3, 366])
def test_expiry_is_required_within_a_year(leader, days):
    with pytest.raises(ValidationError):
        tokens.token_create(actor=leader, name="x", expires_on=datetime.date.today() + datetime.timedelta(days=days))
    assert not ApiToken.objects.exists()


def test_only_people_with_a_role_get_tokens(nobody):
    with pytest.raises(NotPermitted):
        tokens.token_create(actor=nobody, name="x", expires_on=IN_30_DAYS)


def test_nobody_revokes_anothers_token(leader, officer):
    token, _ = tokens.token_create(actor=leader, name="x", expires_on=IN_30_DAYS)
    with pytest.raises(NotPermitted):
        tokens.token_revoke(actor=officer, token=token)
    assert ApiToken.objects.get().revoked_at is None


def test_token_page_shows_the_key_once(client, officer):
    client.force_login(officer)
    url = reverse("api:tokens")
    response = client.post(url, {"name": "Hệ thống sở", "expires_on": IN_30_DAYS.strftime("%d/%m/%Y")})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    key = response.context["new_key"]
    assert key and key.encode() in response.content
    again = client.get(url)
    assert key.encode() not in again.content and "Hệ thống sở" in again.content.decode()
    assert client.get(reverse("api:unit-list"), HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_token_page_explains_a_bad_expiry(client, officer):
    client.force_login(officer)
    response = client.post(reverse("api:tokens"), {"name": "x", "expires_on": "31/02/2020"})
    assert response.status_code == 200 and response.context["new_key"] is None
    assert response.context["form"].errors
    response = client.post(reverse("api:tokens"), {"name": "x", "expires_on": "01/01/2020"})
    assert "Ngày hết hạn phải sau hôm nay." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_token_page_revokes_own_tokens_only(client, officer, other_officer):
    mine, _ = tokens.token_create(actor=officer, name="của tôi", expires_on=IN_30_DAYS)
    theirs, _ = tokens.token_create(actor=other_officer, name="của người khác", expires_on=IN_30_DAYS)
    client.force_login(officer)
    assert client.get(reverse("api:token_revoke", args=[mine.pk])).status_code == 405
    assert client.post(reverse("api:token_revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api:token_revoke", args=[mine.pk])).status_code == 302
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None


def test_token_page_needs_a_role(client, nobody):
    client.force_login(nobody)
    assert client.get(reverse("api:tokens")).status_code == 403


@override_settings(API_RATE_LIMIT="3/minute")
def test_rate_limited_per_token(client, leader):
    first, second = bearer(leader, "một"), bearer(leader, "hai")
    url = reverse("api:unit-list")
    assert [client.get(url, **first).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get(url, **second).status_code == 200  # another token has its own count
