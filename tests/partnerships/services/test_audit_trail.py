"""The audit trail covers everything that changes figures or rights: each model listed in issue 11
keeps its versions (who, when, what), and changes that are no row's version (files added or
removed, a year finalised or reopened, an import) are audit events. Imports are one batch each."""

import hashlib

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships import services
from partnerships.access.roles import Role
from partnerships.models import ActivityCategory, Agency, AuditEvent, AuditKind, ImportBatch, User
from partnerships.services import accounts
from reports.models import ClassificationBand, ClassificationOverride, EvaluationCriterion
from reports.services import evaluation_settings, finalise
from tests.factories import ActivityFactory, lock_year

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_substantive_flag_of_a_category_is_versioned_with_who(coordinator):
    category = ActivityCategory.objects.get(code="tham-hoi")
    category.is_substantive = True
    services.category_save(actor=coordinator, category=category)
    latest = category.history.first()
    assert (latest.history_type, latest.history_user, latest.is_substantive) == ("~", coordinator, True)
    assert category.history.count() == 2  # the baseline of the seeded row (migration 0015), then this change


def test_unit_flags_and_agencies_are_versioned_with_who(coordinator, commune, agency):
    commune.is_border = not commune.is_border
    services.unit_save(actor=coordinator, unit=commune)
    assert commune.history.first().history_user == coordinator
    agency.short_name = "SNN"
    services.agency_save(actor=coordinator, agency=agency)
    latest = agency.history.first()
    assert (latest.history_type, latest.history_user, latest.short_name) == ("~", coordinator, "SNN")


def test_accounts_keep_versions_with_roles_but_never_the_password(client, coordinator, agency):
    user = accounts.user_create(actor=coordinator, username="canbo.moi", email="canbo.moi@example.vn",
                                role=Role.OFFICER, agency=agency, domain="testserver", use_https=False)
    created = user.history.last()
    assert (created.history_type, created.history_user) == ("+", coordinator)
    assert not hasattr(created, "password")
    assert [group.group.name for group in user.history.first().groups.all()] == [Role.OFFICER.value]
    accounts.user_set_active(actor=coordinator, user=user, active=False, reason="nghỉ việc")
    assert user.history.first().is_active is False and user.history.first().history_user == coordinator
    # Signing in is not a version of the account (last_login is written without a save).
    User.objects.filter(pk=user.pk).update(is_active=True, password=make_password("Mat-khau-dai-2025"))
    versions = user.history.count()
    signed_in = client.post(reverse("login"), {"username": "canbo.moi", "password": "Mat-khau-dai-2025"})
    assert signed_in.status_code == 302
    user.refresh_from_db()
    assert user.last_login is not None and user.history.count() == versions


def test_role_permissions_are_versioned():
    group = Group.objects.get(name=Role.LEADER.value)
    group.permissions.add(Permission.objects.get(codename="change_activity"))
    assert group.history.exists()
    assert "change_activity" in {p.permission.codename for p in group.history.first().permissions.all()}


def test_evidence_files_added_and_removed_are_audited(officer, partnership, commune):
    draft = ActivityFactory(partnership=partnership, commune=commune, created_by=officer)
    photo = services.attachment_add(actor=officer, activity=draft, upload=SimpleUploadedFile("ảnh bàn giao.png", PNG))
    services.attachment_delete(actor=officer, attachment=photo)
    added, removed = AuditEvent.objects.filter(object_id=str(draft.pk)).order_by("pk")
    assert (added.kind, added.actor, added.details["file"]) == (AuditKind.ATTACHMENT_ADDED, officer, "ảnh bàn giao.png")
    assert added.details["sha256"] == hashlib.sha256(PNG).hexdigest() and added.object_repr == str(draft)
    assert (removed.kind, removed.actor, removed.details["file"]) == (AuditKind.ATTACHMENT_REMOVED, officer,
                                                                      "ảnh bàn giao.png")


def test_evaluation_criteria_bands_and_overrides_are_versioned(coordinator, agency):
    evaluation_settings.year_settings_create(actor=coordinator, year=2024)
    criterion = EvaluationCriterion.objects.get(year=2024, code="has_plan")
    assert criterion.history.first().history_user == coordinator
    criteria = {c.code: (c.weight, c.threshold, c.is_active) for c in EvaluationCriterion.objects.filter(year=2024)}
    criteria["has_plan"] = (25, criterion.threshold, True)
    bands = {"excellent": 95, "good": 80, "completed": 50, "not_completed": 0}
    evaluation_settings.save_year_settings(actor=coordinator, year=2024, criteria=criteria, bands=bands)
    assert (criterion.history.first().weight, criterion.history.first().history_user) == (25, coordinator)
    assert ClassificationBand.objects.get(year=2024, classification="excellent").history.first().min_score == 95

    evaluation_settings.set_override(actor=coordinator, year=2024, agency=agency, classification="good",
                                     reason="Kết quả kiểm tra thực tế")
    evaluation_settings.clear_override(actor=coordinator, year=2024, agency=agency)
    kinds = list(ClassificationOverride.history.filter(agency=agency).order_by("history_id")
                 .values_list("history_type", "history_user"))
    assert kinds == [("+", coordinator.pk), ("-", coordinator.pk)]


def test_reopening_a_finalised_year_is_audited(administrator, coordinator):
    report = lock_year(2023, coordinator)
    finalise.reopen_year(actor=administrator, year=2023, reason="Sai số liệu huyện Tây Giang")
    event = AuditEvent.objects.get(kind=AuditKind.YEAR_REOPENED)
    assert (event.actor, event.object_id, event.details["reason"]) == (administrator, str(report.pk),
                                                                        "Sai số liệu huyện Tây Giang")


def test_officers_import_is_one_batch_named_in_every_rows_history(client, officer, partnership, commune):
    from tests.partnerships.web.imports.test_officer_import import XLSX, fill_rows, good_row, template_for

    client.force_login(officer)
    data = fill_rows(template_for(client), [good_row(partnership, commune, **{"Tên hoạt động (*)": f"Hoạt động {n}"})
                                            for n in range(3)])
    preview = client.post(reverse("partnerships:import_upload"),
                          {"file": SimpleUploadedFile("hoat-dong-quy-1.xlsx", data, content_type=XLSX)})
    assert preview.context["result"].ok, preview.context["result"].errors
    client.post(reverse("partnerships:import_confirm"), {"token": preview.context["token"]})
    batch = ImportBatch.objects.get()
    assert (batch.actor, batch.source, batch.file_name, batch.rows_written) == (
        officer, ImportBatch.Source.OFFICER, "hoat-dong-quy-1.xlsx", 3)
    assert batch.sha256 == hashlib.sha256(data).hexdigest()
    activity = partnership.activities.get(title="Hoạt động 1")
    assert activity.history.get().history_change_reason == batch.change_reason
    assert AuditEvent.objects.get(kind=AuditKind.IMPORT).details["rows"] == 3
    page = client.get(reverse("partnerships:activity_detail", args=[activity.pk]))
    assert f"lượt nhập số {batch.pk} từ tệp “hoat-dong-quy-1.xlsx”" in page.content.decode()


def test_admin_import_is_one_batch_and_a_refused_file_leaves_none(client, administrator, district):
    from tests.partnerships.io.test_resources import _import, _import_and_confirm, _csv

    client.force_login(administrator)
    rows = [["Tên cơ quan, đơn vị", "Tên viết tắt", "Loại", "Đang hoạt động"],
            ["Ngân hàng Chính sách xã hội tỉnh", "NHCSXH", "Cơ quan nhà nước", "Có"],
            ["Công ty Cổ phần Cấp thoát nước Quảng Nam", "", "doanh nghiep", "Có"]]
    _import_and_confirm(client, "agency", rows)
    batch = ImportBatch.objects.get()
    assert (batch.actor, batch.source, batch.file_name, batch.rows_written) == (
        administrator, ImportBatch.Source.ADMIN, "du-lieu.csv", 2)
    assert batch.sha256 == hashlib.sha256(_csv(rows)).hexdigest()
    assert Agency.objects.get(short_name="NHCSXH").history.get().history_change_reason == batch.change_reason
    # A preview (dry run) is no batch.
    _import(client, "agency", rows)
    assert ImportBatch.objects.count() == 1


def test_import_batch_reason_parses_only_its_own_prefix():
    assert ImportBatch.id_of_reason("import-batch:12") == 12
    assert ImportBatch.id_of_reason("import-batch:x") is None and ImportBatch.id_of_reason(None) is None
