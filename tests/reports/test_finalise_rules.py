"""A year lock nothing gets around (issue 11): finalising refuses a year not over and warns,
listing them, while activities wait; the database refuses to delete or rewrite a finalised
report or its lock except through the reopen, and (PostgreSQL) TRUNCATE of the locked tables."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from partnerships import services
from partnerships.exceptions import DomainError, YearLocked
from partnerships.models import ActivityStatus, ConfirmationStatus, LockedYear
from reports.models import FinalisedReport
from reports.services import finalise
from tests.factories import ActivityFactory, lock_year

pytestmark = pytest.mark.django_db
LOCK_ERROR = "ketnghia_year_locked"


def refused(sql, params=()):
    with pytest.raises(IntegrityError, match=LOCK_ERROR), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize("ahead", [0, 4])  # the running year (2026 as written), a future one
def test_a_year_not_over_cannot_be_finalised(client, coordinator, ahead):
    year = timezone.localdate().year + ahead
    with pytest.raises(DomainError, match=f"Năm {year} chưa kết thúc"):
        finalise.finalise_year(actor=coordinator, year=year, waiting_acknowledged=True)
    assert not LockedYear.objects.exists() and not FinalisedReport.objects.exists()
    client.force_login(coordinator)
    page = client.get(reverse("reports:annual"), {"year": year}).content.decode()
    assert 'id="finalise-not-yet"' in page and 'id="finalise-form"' not in page
    response = client.post(reverse("reports:annual_finalise"), {"year": year}, follow=True)
    assert f"Năm {year} chưa kết thúc" in response.content.decode()


def test_finalising_lists_the_activities_that_wait_and_goes_ahead_only_when_acknowledged(
        coordinator, partnership, commune):
    day = datetime.date(2025, 4, 1)
    submitted = ActivityFactory(partnership=partnership, commune=commune, start_date=day,
                                status=ActivityStatus.SUBMITTED, title="Chờ duyệt")
    unconfirmed = ActivityFactory(partnership=partnership, commune=commune, start_date=day,
                                  status=ActivityStatus.APPROVED, confirmation_status=ConfirmationStatus.PENDING,
                                  title="Chờ xác nhận")
    ActivityFactory(partnership=partnership, commune=commune, start_date=day, status=ActivityStatus.APPROVED,
                    confirmation_status=ConfirmationStatus.CONFIRMED, title="Xong")
    ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(2024, 4, 1),
                    status=ActivityStatus.SUBMITTED, title="Năm khác")
    with pytest.raises(finalise.ActivitiesWaiting) as waiting:
        finalise.finalise_year(actor=coordinator, year=2025)
    assert {a.pk for a in waiting.value.activities} == {submitted.pk, unconfirmed.pk}
    assert not LockedYear.objects.exists()
    report = finalise.finalise_year(actor=coordinator, year=2025, waiting_acknowledged=True)
    assert report.year == 2025 and LockedYear.objects.filter(year=2025).exists()


def test_the_database_refuses_to_delete_or_rewrite_a_finalised_report(coordinator, administrator):
    report = lock_year(2024, coordinator)
    table = "reports_finalisedreport"
    refused(f"DELETE FROM {table} WHERE id = %s", [report.pk])
    with pytest.raises(IntegrityError, match=LOCK_ERROR), transaction.atomic():
        FinalisedReport.objects.all().delete()
    with pytest.raises(IntegrityError, match=LOCK_ERROR), transaction.atomic():
        FinalisedReport.objects.filter(pk=report.pk).update(figures={"key_figures": {"activities": 99}})
    refused(f"UPDATE {table} SET xlsx_sha256 = 'x' WHERE id = %s", [report.pk])
    # Reopening and changing the file at once is not the reopen.
    with pytest.raises(IntegrityError, match=LOCK_ERROR), transaction.atomic():
        FinalisedReport.objects.filter(pk=report.pk).update(
            reopened_at=datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC), reopened_by=administrator,
            reopen_reason="x", docx=b"other")
    # The lock row cannot go (or move) while its report stands: the year would be open silently.
    lock = LockedYear.objects.get(year=2024)
    refused("DELETE FROM partnerships_lockedyear WHERE id = %s", [lock.pk])
    refused("UPDATE partnerships_lockedyear SET year = 1990 WHERE id = %s", [lock.pk])
    with pytest.raises(YearLocked):
        services.require_years_open(2024)

    # The reopen through the service is the one way; afterwards the reopened version is frozen too.
    finalise.reopen_year(actor=administrator, year=2024, reason="Sai số liệu")
    assert not LockedYear.objects.exists()
    report.refresh_from_db()
    assert report.reopen_reason == "Sai số liệu"
    refused(f"UPDATE {table} SET reopen_reason = 'khác' WHERE id = %s", [report.pk])
    refused(f"UPDATE {table} SET reopened_at = NULL, reopened_by_id = NULL, reopen_reason = '' WHERE id = %s",
            [report.pk])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE; its DELETE is held row by row")
@pytest.mark.parametrize("table", ["partnerships_activity", "partnerships_annualplan",
                                   "partnerships_plancategorytarget", "partnerships_partnership",
                                   "partnerships_lockedyear", "reports_finalisedreport"])
def test_postgresql_refuses_truncate_of_the_locked_tables(coordinator, table):
    lock_year(2024, coordinator)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the rows just written: no deferred check pending
    refused(f"TRUNCATE {table} CASCADE")
