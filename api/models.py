"""Personal API tokens: what another system presents instead of a password.

Only a SHA-256 digest of the key is stored (the key is 256 random bits, so a slow password hash
would add nothing); the key itself is shown once, when it is created. A token belongs to one
user, reads exactly what that user may read, and stops working at its expiry date or when the
user revokes it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên khóa"), max_length=100, help_text=_("Hệ thống nào dùng khóa này, để nhận ra về sau."))
    # The key's public start ("kn_" + 8 hex digits): finds the row, and lets the owner tell
    # their keys apart without the secret part.
    prefix = models.CharField(_("đầu khóa"), max_length=16, unique=True)
    digest = models.CharField(_("mã băm của khóa"), max_length=64)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    expires_on = models.DateField(_("hết hạn ngày"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("created_at")),
                name="api_token_revoked_after_created",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_on >= timezone.localdate()
