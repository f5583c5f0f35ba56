"""The names on a report move from reports to partnerships, so that the inspections' documents can
read them too (layers: partnerships <- inspections <- reports).

Only Django's state moves: the tables keep their names (Meta.db_table), so no row is copied and no
table renamed, and reports 0010 drops the model from reports' state without touching the database.
The content types are relabelled, so the groups' permissions and the admin's log follow the model.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MODELS = ("reportnames", "historicalreportnames")


def relabel(apps, old: str, new: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    relabel(apps, "reports", "partnerships")


def backwards(apps, schema_editor):
    relabel(apps, "partnerships", "reports")


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0019_frozen_target_areas'),
        ('reports', '0009_report_names'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ReportNames',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('valid_from', models.DateField(unique=True, verbose_name='áp dụng từ ngày')),
                        ('issuer', models.CharField(help_text='Ví dụ: BAN CÁN SỰ ĐẢNG UBND TỈNH (viết như trên văn bản).', max_length=200, verbose_name='cơ quan ban hành')),
                        ('parent_body', models.CharField(help_text='Ví dụ: TỈNH ỦY QUẢNG NAM.', max_length=200, verbose_name='cơ quan cấp trên')),
                        ('place', models.CharField(help_text='Ví dụ: Quảng Nam (trong dòng “…, ngày … tháng … năm …”).', max_length=100, verbose_name='địa danh')),
                        ('signer_title', models.CharField(default='BÍ THƯ', max_length=100, verbose_name='chức vụ người ký')),
                        ('signer_name', models.CharField(blank=True, help_text='Để trống: một dòng chấm để ký tay.', max_length=100, verbose_name='họ tên người ký')),
                    ],
                    options={
                        'verbose_name': 'tên cơ quan trên báo cáo',
                        'verbose_name_plural': 'tên cơ quan trên báo cáo',
                        'ordering': ['-valid_from'],
                        'db_table': 'reports_reportnames',
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalReportNames',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('valid_from', models.DateField(db_index=True, verbose_name='áp dụng từ ngày')),
                        ('issuer', models.CharField(help_text='Ví dụ: BAN CÁN SỰ ĐẢNG UBND TỈNH (viết như trên văn bản).', max_length=200, verbose_name='cơ quan ban hành')),
                        ('parent_body', models.CharField(help_text='Ví dụ: TỈNH ỦY QUẢNG NAM.', max_length=200, verbose_name='cơ quan cấp trên')),
                        ('place', models.CharField(help_text='Ví dụ: Quảng Nam (trong dòng “…, ngày … tháng … năm …”).', max_length=100, verbose_name='địa danh')),
                        ('signer_title', models.CharField(default='BÍ THƯ', max_length=100, verbose_name='chức vụ người ký')),
                        ('signer_name', models.CharField(blank=True, help_text='Để trống: một dòng chấm để ký tay.', max_length=100, verbose_name='họ tên người ký')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'lịch sử tên trên báo cáo',
                        'verbose_name_plural': 'historical tên cơ quan trên báo cáo',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                        'db_table': 'reports_historicalreportnames',
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
