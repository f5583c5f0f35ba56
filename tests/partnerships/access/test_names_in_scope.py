"""Scope leaks by name: a row out of the user's scope is never named on a page, even as a label
of a row in scope (a model's "replicated from", a history diff's related row)."""

import pytest
from django.urls import reverse

from partnerships.models import DevelopmentModel
from tests.factories import DevelopmentModelFactory

SECRET = "Mô hình sâm Ngọc Linh của cơ quan khác"


@pytest.fixture
def foreign_origin(other_partnership):
    from partnerships.models import AdministrativeUnit

    commune = AdministrativeUnit.objects.filter(parent=other_partnership.unit).first() or other_partnership.unit
    return DevelopmentModelFactory(name=SECRET, partnership=other_partnership, commune=commune)


@pytest.fixture
def replica(partnership, commune, foreign_origin):
    model = DevelopmentModelFactory(name="Mô hình sâm nhân rộng", partnership=partnership, commune=commune)
    DevelopmentModel.objects.filter(pk=model.pk).update(replicated_from=foreign_origin)
    return model


@pytest.mark.django_db
def test_model_list_and_page_do_not_name_another_agencys_origin(client, officer, replica):
    client.force_login(officer)
    listing = client.get(reverse("partnerships:model_list")).content.decode()
    assert "Mô hình sâm nhân rộng" in listing and SECRET not in listing
    page = client.get(reverse("partnerships:model_detail", args=[replica.pk])).content.decode()
    assert SECRET not in page and "ngoài phạm vi" in page


@pytest.mark.django_db
def test_coordinator_still_sees_the_origin(client, coordinator, replica):
    client.force_login(coordinator)
    assert SECRET in client.get(reverse("partnerships:model_list")).content.decode()


@pytest.mark.django_db
def test_dashboard_models_table_does_not_name_it(client, officer, replica, district):
    client.force_login(officer)
    for url in (reverse("reports:district_detail", args=[district.code]),
                reverse("reports:agency_detail", args=[officer.agency_id])):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Mô hình sâm nhân rộng" in html and SECRET not in html, url


@pytest.mark.django_db
def test_history_diff_does_not_name_a_related_row_out_of_scope(rf, officer, coordinator, replica):
    from partnerships import services
    from partnerships.templatetags.history_diff import history_entries

    services.development_model_save(actor=coordinator, model=replica, households=42)
    records = list(replica.history.order_by("-history_date", "-history_id"))

    def names(user):
        request = rf.get("/")
        request.user = user
        entries = history_entries({"request": request}, records)
        return [change["new"] for entry in entries for change in entry["changes"]] + [
            change["old"] for entry in entries for change in entry["changes"]
        ]

    assert SECRET not in names(officer) and "(ngoài phạm vi)" in names(officer)
    assert SECRET in names(coordinator)
