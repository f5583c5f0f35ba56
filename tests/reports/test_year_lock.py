"""A finalised year cannot change through any path: services, admin, import, commands, raw SQL."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from tablib import Dataset

from partnerships import services
from partnerships.exceptions import DomainError, NotPermitted, YearLocked
from partnerships.models import Activity, ActivityStatus, AnnualPlan, Partnership, PlanCategoryTarget
from partnerships.io.resources import ActivityResource, PartnershipResource
from reports.services import finalise
from tests.factories import ActivityFactory, AgencyFactory, DistrictFactory, category, lock_year, without_report_guard

pytestmark = pytest.mark.django_db

LOCKED_MESSAGE = "Năm 2024 đã chốt số liệu báo cáo"


def lock(year, user):
    return lock_year(year, user)


@pytest.fixture
def activity_2024(partnership, commune):
    return ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(2024, 5, 1),
                           status=ActivityStatus.SUBMITTED)


@pytest.fixture
def draft_2024(partnership, commune):
    return ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(2024, 6, 1))


@pytest.fixture
def plan_2024(partnership):
    plan = AnnualPlan.objects.create(partnership=partnership, year=2024, money_target=100_000_000)
    PlanCategoryTarget.objects.create(plan=plan, category=category("mo-hinh"), activities_target=3)
    return plan


@pytest.fixture
def locked(coordinator, activity_2024, draft_2024, plan_2024):
    return lock(2024, coordinator)


def _new(actor, partnership, commune, day):
    return services.activity_create(
        actor=actor, partnership=partnership, category=category("mo-hinh"), title="Mô hình nuôi dê",
        start_date=day, commune=commune,
    )


# --- services ------------------------------------------------------------------------------


def test_services_refuse_every_activity_change_in_a_locked_year(locked, officer, coordinator, focal_point,
                                                                 partnership, commune, activity_2024, draft_2024):
    with pytest.raises(YearLocked, match=LOCKED_MESSAGE):
        _new(officer, partnership, commune, datetime.date(2024, 12, 31))
    with pytest.raises(YearLocked):
        services.activity_update(actor=officer, activity=draft_2024, title="Sửa")
    with pytest.raises(YearLocked):
        services.activity_submit(actor=officer, activity=draft_2024)
    with pytest.raises(YearLocked):
        services.activity_delete(actor=officer, activity=draft_2024)
    with pytest.raises(YearLocked):
        services.activity_approve(actor=coordinator, activity=activity_2024)
    with pytest.raises(YearLocked):
        services.activity_confirm(actor=focal_point, activity=activity_2024)
    draft_2024.refresh_from_db()
    assert draft_2024.title != "Sửa" and draft_2024.status == ActivityStatus.DRAFT


def test_an_activity_cannot_move_into_a_locked_year_but_other_years_stay_open(locked, officer, partnership, commune):
    open_one = _new(officer, partnership, commune, datetime.date(2025, 1, 1))
    with pytest.raises(YearLocked):
        services.activity_update(actor=officer, activity=open_one, start_date=datetime.date(2024, 7, 1))
    services.activity_update(actor=officer, activity=open_one, title="Mô hình nuôi dê sinh sản")
    services.activity_submit(actor=officer, activity=open_one)
    assert Activity.objects.get(pk=open_one.pk).status == ActivityStatus.SUBMITTED


def test_plans_of_a_locked_year_are_refused(locked, officer, partnership):
    with pytest.raises(YearLocked):
        services.plan_save(actor=officer, partnership=partnership, year=2024, money_target=1)
    plan = services.plan_save(actor=officer, partnership=partnership, year=2025, money_target=1)
    assert plan.year == 2025


def test_partnerships_in_force_during_a_locked_year_keep_their_figures(locked, coordinator, partnership, agency):
    with pytest.raises(YearLocked):
        services.partnership_update(actor=coordinator, partnership=partnership, signed_on=datetime.date(2022, 1, 1))
    with pytest.raises(YearLocked):
        services.partnership_end(actor=coordinator, partnership=partnership, ended_on=datetime.date(2023, 12, 31),
                                 reason="Sáp nhập")
    with pytest.raises(YearLocked):
        services.partnership_create(actor=coordinator, agency=AgencyFactory(), unit=DistrictFactory(),
                                    signed_on=datetime.date(2023, 5, 1))
    # A note, and ending it after the locked year, change nothing the year reported.
    services.partnership_update(actor=coordinator, partnership=partnership, note="Đã rà soát")
    services.partnership_end(actor=coordinator, partnership=partnership, ended_on=datetime.date(2025, 6, 30),
                             reason="Địa phương đã thoát nghèo")
    created = services.partnership_create(actor=coordinator, agency=AgencyFactory(), unit=DistrictFactory(),
                                          signed_on=datetime.date(2025, 2, 1))
    assert created.pk


# --- the database itself -------------------------------------------------------------------


def _refused(action):
    with pytest.raises(IntegrityError, match="ketnghia_year_locked"), transaction.atomic():
        action()


def test_the_database_refuses_queryset_writes_of_a_locked_year(locked, activity_2024, plan_2024, partnership):
    _refused(lambda: Activity.objects.filter(pk=activity_2024.pk).update(budget_state=1))
    _refused(lambda: Activity.objects.filter(pk=activity_2024.pk).update(start_date=datetime.date(2025, 1, 1)))
    _refused(lambda: Activity.objects.filter(pk=activity_2024.pk).delete())
    _refused(lambda: Activity.objects.bulk_create([Activity(
        partnership=partnership, category=category("mo-hinh"), title="Chèn thẳng", start_date=datetime.date(2024, 2, 2),
    )]))
    _refused(lambda: AnnualPlan.objects.filter(pk=plan_2024.pk).update(money_target=5))
    _refused(lambda: PlanCategoryTarget.objects.filter(plan=plan_2024).update(activities_target=9))
    _refused(lambda: Partnership.objects.filter(pk=partnership.pk).update(agency=AgencyFactory()))
    _refused(lambda: Partnership.objects.filter(pk=partnership.pk).update(
        status="ended", ended_on=datetime.date(2023, 1, 1)))
    activity_2024.refresh_from_db()
    assert activity_2024.budget_state == 10_000_000
    # What the locked year did not report stays writable.
    assert Partnership.objects.filter(pk=partnership.pk).update(note="ghi chú") == 1
    other = Activity.objects.create(partnership=partnership, category=category("mo-hinh"), title="Năm sau",
                                    start_date=datetime.date(2025, 3, 3))
    assert Activity.objects.filter(pk=other.pk).update(budget_state=7) == 1


def test_the_database_refuses_raw_sql_of_a_locked_year(locked, activity_2024, plan_2024):
    def raw(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    _refused(lambda: raw("UPDATE partnerships_activity SET title = %s WHERE id = %s", ["x", activity_2024.pk]))
    _refused(lambda: raw("DELETE FROM partnerships_activity WHERE id = %s", [activity_2024.pk]))
    _refused(lambda: raw("UPDATE partnerships_annualplan SET jobs_target = %s WHERE id = %s", [3, plan_2024.pk]))


def test_reopening_unlocks_and_is_recorded(locked, administrator, coordinator, draft_2024):
    with pytest.raises(NotPermitted):
        finalise.reopen_year(actor=coordinator, year=2024, reason="Sai số liệu")
    with pytest.raises(DomainError, match="lý do"):
        finalise.reopen_year(actor=administrator, year=2024, reason="  ")
    report = finalise.reopen_year(actor=administrator, year=2024, reason="Sở Tài chính điều chỉnh kinh phí")
    assert (report.reopened_by, report.reopen_reason) == (administrator, "Sở Tài chính điều chỉnh kinh phí")
    assert report.reopened_at is not None
    services.activity_update(actor=coordinator, activity=draft_2024, title="Sau khi mở lại")
    assert Activity.objects.filter(pk=draft_2024.pk).update(budget_state=1) == 1
    with pytest.raises(DomainError, match="chưa được chốt"):
        finalise.reopen_year(actor=administrator, year=2024, reason="lần hai")


# --- admin, import, commands ---------------------------------------------------------------


def test_admin_shows_the_lock_as_a_message(locked, client, administrator, draft_2024, plan_2024):
    client.force_login(administrator)
    url = reverse("admin:partnerships_activity_change", args=[draft_2024.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"title": "Sửa qua trang quản trị", "start_date": "01/06/2024",
                 "attachments-TOTAL_FORMS": 0, "attachments-INITIAL_FORMS": 0,
                 "status_changes-TOTAL_FORMS": 0, "status_changes-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 200
    assert LOCKED_MESSAGE in response.content.decode()
    draft_2024.refresh_from_db()
    assert draft_2024.title != "Sửa qua trang quản trị"

    response = client.post(reverse("admin:partnerships_annualplan_delete", args=[plan_2024.pk]), {"post": "yes"},
                           follow=True)
    assert response.status_code == 200
    assert LOCKED_MESSAGE in response.content.decode()
    assert AnnualPlan.objects.filter(pk=plan_2024.pk).exists()

    response = client.post(reverse("admin:partnerships_activity_changelist"),
                           {"action": "delete_selected", "_selected_action": [draft_2024.pk], "post": "yes"})
    assert response.status_code == 200
    assert LOCKED_MESSAGE in response.content.decode()
    assert Activity.objects.filter(pk=draft_2024.pk).exists()


def test_imports_report_the_lock_per_row(locked, coordinator, partnership, commune):
    dataset = Dataset(headers=["Mã hoạt động", "Cơ quan, đơn vị", "Mã địa phương kết nghĩa", "Loại hoạt động",
                               "Tên hoạt động", "Ngày bắt đầu", "Mã xã thực hiện"])
    dataset.append(["", partnership.agency.name, partnership.unit.code, "mo-hinh", "Nhập muộn", "02/02/2024",
                    commune.code])
    result = ActivityResource(user=coordinator).import_data(dataset, dry_run=False)
    messages = [m for row in result.invalid_rows for errors in row.error_dict.values() for m in errors]
    assert any(LOCKED_MESSAGE in m for m in messages), messages
    # On its row and on the column that puts it in the locked year (the preview is the same dry run).
    [row] = result.invalid_rows
    assert any(LOCKED_MESSAGE in m for m in row.error_dict.get("Ngày bắt đầu", [])), row.error_dict
    assert not Activity.objects.filter(title="Nhập muộn").exists()

    dataset = Dataset(headers=["Cơ quan, đơn vị", "Mã địa phương kết nghĩa", "Ngày ký kết"])
    dataset.append([partnership.agency.name, partnership.unit.code, "01/01/2022"])
    result = PartnershipResource(user=coordinator).import_data(dataset, dry_run=False)
    messages = [m for row in result.invalid_rows for errors in row.error_dict.values() for m in errors]
    assert any(LOCKED_MESSAGE in m for m in messages), messages
    assert any(LOCKED_MESSAGE in m for m in result.invalid_rows[0].error_dict.get("Ngày ký kết", []))


def test_seed_demo_refuses_a_database_with_a_locked_year(locked):
    with pytest.raises(CommandError, match="Đã chốt số liệu báo cáo năm 2024"):
        call_command("seed_demo", activities=10)


def test_moving_the_lock_keeps_every_locked_year(coordinator, administrator):
    """reports 0004 (the lock moves to partnerships): a year finalised before the move stays
    locked after it; a reopened one stays open; the finalised reports themselves are untouched."""
    import importlib

    from django.apps import apps

    from partnerships.models import LockedYear
    from reports.models import FinalisedReport

    lock(2023, coordinator)
    lock(2024, coordinator)
    finalise.reopen_year(actor=administrator, year=2023, reason="Điều chỉnh")
    without_report_guard()  # a database of before the move had neither the lock table nor its guard
    LockedYear.objects.all().delete()  # as before the move: the lock lived in the reports only
    move = importlib.import_module("reports.migrations.0004_year_lock_moves_to_partnerships")
    move.copy_locks(apps, None)
    assert list(LockedYear.objects.values_list("year", "locked_by")) == [(2024, coordinator.pk)]
    assert FinalisedReport.objects.count() == 2
    with pytest.raises(YearLocked):
        services.require_years_open(2024)
    services.require_years_open(2023)
