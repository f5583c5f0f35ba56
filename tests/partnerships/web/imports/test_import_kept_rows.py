"""The confirm writes the rows its preview checked, without reading the file again (issue 15):
what may have changed in between is checked again on those rows, each refusal on its row and
column, and nothing is written; what depends on the cells alone is not checked twice."""

import datetime

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.io import officer_import
from partnerships.models import Activity, ActivityCategory
from tests.factories import lock_year
from tests.partnerships.web.imports.test_officer_import import MODEL_CATEGORY, filled, good_row, template_for

pytestmark = pytest.mark.django_db

UPLOAD, CONFIRM = reverse("partnerships:import_upload"), reverse("partnerships:import_confirm")


@pytest.fixture
def preview(client, officer, partnership, commune, other_partnership):
    client.force_login(officer)
    rows = [good_row(partnership, commune),
            good_row(partnership, commune, **{"Tên hoạt động (*)": "Tập huấn", "Ngày bắt đầu (*)": "02/05/2024",
                                              "Ngày kết thúc": None})]
    response = client.post(UPLOAD, {"file": filled(template_for(client), rows)})
    assert response.context["result"].ok
    return response


def errors_of(response) -> dict:
    return {(e.row, e.column): e.message for e in response.context["result"].errors}


def test_the_confirm_writes_the_previewed_rows_without_reading_the_file(client, preview, officer, monkeypatch):
    def no_reading(*args, **kwargs):
        raise AssertionError("the confirm read the file again")

    monkeypatch.setattr(officer_import, "read_rows", no_reading)
    monkeypatch.setattr("partnerships.models.Activity.full_clean", no_reading)  # checked at the preview
    client.post(CONFIRM, {"token": preview.context["token"]})
    written = Activity.objects.get(title="Hỗ trợ giống bò sinh sản")
    assert (written.start_date, written.end_date) == (datetime.date(2025, 3, 15), datetime.date(2025, 3, 20))
    assert (written.budget_state, written.budget_society, written.people_reached) == (1_250_000, 2_500_000, 30)
    assert written.created_by == officer and written.commune is not None
    assert Activity.objects.get(title="Tập huấn").end_date is None
    batch = written.history.get().history_change_reason
    assert batch.startswith("import-batch:")


def test_a_year_finalised_after_the_preview_is_refused_on_its_row(client, preview, coordinator):
    lock_year(2024, coordinator)
    response = client.post(CONFIRM, {"token": preview.context["token"]})
    assert response.status_code == 200
    assert list(errors_of(response)) == [(3, "Ngày bắt đầu (*)")]
    assert "Năm 2024 đã chốt số liệu báo cáo" in errors_of(response)[(3, "Ngày bắt đầu (*)")]
    assert not Activity.objects.exists()


def test_a_category_withdrawn_after_the_preview_is_refused_by_its_name(client, preview):
    name = MODEL_CATEGORY
    ActivityCategory.objects.filter(name=name).update(is_active=False)
    response = client.post(CONFIRM, {"token": preview.context["token"]})
    assert errors_of(response)[(2, "Loại hoạt động (*)")] == f"Không có loại hoạt động “{name}”."
    assert not Activity.objects.exists()


def test_rows_written_since_the_preview_are_doubles_and_skipped(client, preview, officer, partnership, commune):
    # A colleague records the first row on the page between the preview and the confirm.
    services.activity_create(actor=officer, partnership=partnership, commune=commune,
                             category=ActivityCategory.objects.get(name=MODEL_CATEGORY),
                             title="Hỗ trợ giống bò sinh sản", start_date=datetime.date(2025, 3, 15),
                             budget_state=1_250_000, budget_society=2_500_000)
    response = client.post(CONFIRM, {"token": preview.context["token"]}, follow=True)
    assert sorted(Activity.objects.values_list("title", flat=True)) == ["Hỗ trợ giống bò sinh sản", "Tập huấn"]
    assert "Đã bỏ qua 1 dòng trùng." in response.content.decode()


def test_kept_rows_are_read_only_for_their_own_agency(preview, officer, other_agency):
    kept = officer_import.load_pending(preview.context["token"])
    assert officer_import.recheck(kept, user=officer, agency=officer.agency).ok
    for wrong in (b"not json", b"{}", kept.replace(b'"version":1', b'"version":0')):
        with pytest.raises(officer_import.ImportFileError):
            officer_import.recheck(wrong, user=officer, agency=officer.agency)
    with pytest.raises(officer_import.ImportFileError):
        officer_import.recheck(kept, user=officer, agency=other_agency)


def test_the_confirm_costs_a_constant_number_of_queries(client, officer, partnership, commune, other_partnership,
                                                        django_assert_max_num_queries):
    client.force_login(officer)
    rows = [good_row(partnership, commune, **{"Tên hoạt động (*)": f"Hoạt động {i}"}) for i in range(200)]
    preview = client.post(UPLOAD, {"file": filled(template_for(client), rows)})
    # Session and roles, the four dictionaries, the doubles, then the batch and the bulk inserts
    # (SQLite's limit of bound variables splits them into a few statements).
    with django_assert_max_num_queries(40):
        client.post(CONFIRM, {"token": preview.context["token"]})
    assert Activity.objects.count() == 200
