"""Creating, revoking and checking personal API tokens (the only writes of the API app).

A key reads `kn_<8 hex>_<43 url-safe characters>`: the first part is stored as is to find the
row, the whole key only as a SHA-256 digest, compared in constant time.
"""

import datetime
import hashlib
import hmac
import logging
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.access import policy
from partnerships.exceptions import NotPermitted

from .models import ApiToken

logger = logging.getLogger("api.tokens")

DEFAULT_LIFETIME_DAYS = 90
MAX_LIFETIME_DAYS = 365
MAX_ACTIVE_TOKENS = 10
# last_used_at is written at most this often per token, so that reading does not write each time.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _split(key: str) -> str | None:
    """The prefix of a well-formed key, else None."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != "kn" or len(parts[1]) != 8 or len(parts[2]) < 20:
        return None
    return f"kn_{parts[1]}"


@transaction.atomic
def token_create(*, actor, name: str, expires_on: datetime.date) -> tuple[ApiToken, str]:
    """A new token for the actor (who must hold a portal role); returns the row and the key,
    which is never retrievable again."""
    if not policy.may_use_api(actor):
        raise NotPermitted(_("Tài khoản chưa được phân vai trò nên không thể tạo khóa API."))
    today = timezone.localdate()
    if expires_on <= today:
        raise ValidationError({"expires_on": _("Ngày hết hạn phải sau hôm nay.")})
    if expires_on > today + datetime.timedelta(days=MAX_LIFETIME_DAYS):
        raise ValidationError({"expires_on": _("Khóa API có hiệu lực tối đa %(n)s ngày.") % {"n": MAX_LIFETIME_DAYS}})
    active = ApiToken.objects.select_for_update().filter(user=actor, revoked_at__isnull=True, expires_on__gte=today)
    if len(active) >= MAX_ACTIVE_TOKENS:
        raise ValidationError(_("Mỗi người có tối đa %(n)s khóa API còn hiệu lực; hãy thu hồi khóa không dùng.")
                              % {"n": MAX_ACTIVE_TOKENS})
    prefix = f"kn_{secrets.token_hex(4)}"
    while ApiToken.objects.filter(prefix=prefix).exists():  # 1 in 4 billion, but cheap to rule out
        prefix = f"kn_{secrets.token_hex(4)}"
    key = f"{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=actor, name=name.strip(), prefix=prefix, digest=_digest(key), expires_on=expires_on)
    token.full_clean()
    token.save()
    logger.info("API token %s created by %s, expires %s", prefix, actor.username, expires_on)
    return token, key


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> None:
    """Revoke one of the actor's own tokens (revoking twice changes nothing)."""
    if token.user_id != actor.pk:
        raise NotPermitted(_("Bạn chỉ thu hồi được khóa API của chính mình."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.full_clean()
        token.save(update_fields=["revoked_at"])
        logger.info("API token %s revoked by %s", token.prefix, actor.username)


def token_for_key(key: str) -> tuple[ApiToken | None, str | None]:
    """(token, None) for a valid key, else (None, the Vietnamese reason)."""
    prefix = _split(key)
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first() if prefix else None
    if token is None or not hmac.compare_digest(token.digest, _digest(key)):
        return None, _("Khóa API không hợp lệ.")
    if token.revoked_at is not None:
        return None, _("Khóa API đã bị thu hồi.")
    if token.expires_on < timezone.localdate():
        return None, _("Khóa API đã hết hạn.")
    if not token.user.is_active:
        return None, _("Tài khoản của khóa API đã bị khóa.")
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token, None
