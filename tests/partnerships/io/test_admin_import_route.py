"""The admin's activity import and the portal's (issue 15): a file of many new activities is sent
to the portal's import page, which checks them once and writes them by COPY; the admin keeps
edits of existing activities (and a few new ones) on django-import-export."""

import pytest
from django.urls import reverse
from tablib import Dataset

from partnerships.io import resources
from partnerships.io.resources import ActivityResource
from partnerships.models import Activity, ActivityStatus, ImportBatch
from tests.factories import ActivityFactory
from tests.partnerships.io.test_resources import ACTIVITY_HEADER, _activity_row, _errors, _import

PORTAL_PAGE = "/nhap-excel/"


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(resources, "ADMIN_NEW_ROWS_MAX", 2)


@pytest.mark.django_db
def test_a_file_of_more_new_rows_than_the_admin_takes_is_refused_naming_the_portal_page(
        client, coordinator, partnership, commune, small_limit):
    client.force_login(coordinator)
    response = _import(client, "activity", [
        ACTIVITY_HEADER, *(_activity_row(partnership, commune, f"Mới {index}") for index in range(3)),
    ])
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None  # nothing to confirm
    [(row, _column, message)] = _errors(response)
    assert row == 0  # the file as a whole, before any row is checked
    assert "3 hoạt động mới" in message and "quá 2 hoạt động mới" in message
    assert "“Nhập hoạt động từ Excel”" in message and PORTAL_PAGE in message
    assert not Activity.objects.exists()
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_a_refused_file_writes_nothing_whoever_calls_the_resource(coordinator, partnership, commune, small_limit):
    """The confirm step (or a shell) imports for real: refused the same way, no batch either."""
    dataset = Dataset(headers=ACTIVITY_HEADER)
    for index in range(3):
        dataset.append(_activity_row(partnership, commune, f"Mới {index}"))
    result = ActivityResource(user=coordinator).import_data(dataset, dry_run=False)
    assert result.has_errors()
    assert not Activity.objects.exists()
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_edited_rows_do_not_count_and_still_go_through_the_library(coordinator, partnership, commune, small_limit):
    edited = [ActivityFactory(partnership=partnership, commune=commune, title=f"Cũ {index}", created_by=coordinator)
              for index in range(3)]
    dataset = Dataset(headers=ACTIVITY_HEADER)
    for index in range(2):
        dataset.append(_activity_row(partnership, commune, f"Mới {index}"))
    for activity in edited:
        dataset.append(_activity_row(partnership, commune, f"Đã sửa {activity.pk}", **{"Mã hoạt động": str(activity.pk)}))

    preview = ActivityResource(user=coordinator).import_data(dataset, dry_run=True)
    assert not preview.has_errors() and not preview.has_validation_errors()
    assert Activity.objects.count() == 3  # the preview writes nothing
    result = ActivityResource(user=coordinator).import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["new", "new", "update", "update", "update"]

    new = Activity.objects.filter(title__startswith="Mới").order_by("title")
    assert [a.title for a in new] == ["Mới 0", "Mới 1"]  # written once
    batch = ImportBatch.objects.get()
    assert (batch.source, batch.rows_written) == (ImportBatch.Source.ADMIN, 5)
    for activity in new:
        assert activity.status == ActivityStatus.DRAFT and activity.created_by == coordinator
        assert activity.history.get().history_change_reason == batch.change_reason
        assert activity.status_changes.get().to_status == ActivityStatus.DRAFT
    for activity in edited:
        activity.refresh_from_db()
        assert activity.title == f"Đã sửa {activity.pk}"  # through activity_update, with its history row
        assert activity.history.count() == 2
        assert activity.history.first().history_change_reason == batch.change_reason


@pytest.mark.django_db
def test_the_admin_import_page_points_to_the_portal_page_for_many_new_rows(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("admin:partnerships_activity_import"))
    assert response.status_code == 200
    text = response.content.decode()
    assert f'<a href="{PORTAL_PAGE}">Nhập hoạt động từ Excel</a>' in text
    assert "trên 1.000 dòng" in text
