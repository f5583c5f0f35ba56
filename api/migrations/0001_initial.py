import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(help_text="Hệ thống nào dùng khóa này, để nhận ra về sau.", max_length=100,
                                          verbose_name="tên khóa")),
                ("prefix", models.CharField(max_length=16, unique=True, verbose_name="đầu khóa")),
                ("digest", models.CharField(max_length=64, verbose_name="mã băm của khóa")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="ngày tạo")),
                ("expires_on", models.DateField(verbose_name="hết hạn ngày")),
                ("last_used_at", models.DateTimeField(blank=True, null=True, verbose_name="dùng lần cuối")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="thu hồi lúc")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="api_tokens",
                                           to=settings.AUTH_USER_MODEL, verbose_name="người dùng")),
            ],
            options={
                "verbose_name": "khóa API",
                "verbose_name_plural": "khóa API",
                "ordering": ["-created_at", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("revoked_at__isnull", True), ("revoked_at__gte", models.F("created_at")),
                                           _connector="OR"),
                        name="api_token_revoked_after_created",
                    )
                ],
            },
        ),
    ]
