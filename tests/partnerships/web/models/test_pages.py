"""Development models: list with filters, page with stage history and replicas, create/edit via the service."""

import datetime

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.exceptions import NotPermitted
from partnerships.models import DevelopmentModel
from tests.factories import (
    ActivityFactory,
    AgencyFactory,
    CommuneFactory,
    DevelopmentModelFactory,
    DistrictFactory,
    PartnershipFactory,
)


def url(name, *args):
    return reverse(f"partnerships:{name}", args=args)


@pytest.mark.django_db
def test_service_creates_and_changes_a_model_with_history(officer, partnership, commune):
    model = services.development_model_save(
        actor=officer, name="Mô hình nuôi heo đen", partnership=partnership, commune=commune, households=8,
        sector="livestock", stage="built",
    )
    services.development_model_save(actor=officer, model=model, stage="developed", households=15)
    model.refresh_from_db()
    assert (model.stage, model.households) == ("developed", 15)
    assert [v.history_user for v in model.history.all()] == [officer, officer]


@pytest.mark.django_db
def test_service_refuses_other_agency_and_commune_outside_area(officer, other_officer, partnership, commune):
    with pytest.raises(NotPermitted):
        services.development_model_save(
            actor=other_officer, name="X", partnership=partnership, commune=commune
        )
    outside = CommuneFactory(parent=DistrictFactory())
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.development_model_save(actor=officer, name="X", partnership=partnership, commune=outside)
    assert "commune" in error.value.message_dict
    model = DevelopmentModelFactory(partnership=partnership, commune=commune)
    with pytest.raises(NotPermitted):
        services.development_model_save(actor=other_officer, model=model, stage="developed")


@pytest.mark.django_db
def test_model_page_shows_stages_replicas_and_activities(client, officer, coordinator, partnership, commune):
    origin = services.development_model_save(
        actor=officer, name="Mô hình trồng sâm Ngọc Linh", partnership=partnership, commune=commune, stage="built"
    )
    services.development_model_save(actor=officer, model=origin, households=20)  # not a stage change
    services.development_model_save(actor=coordinator, model=origin, stage="replicated")
    replica = DevelopmentModelFactory(name="Sâm Ngọc Linh – Trà Linh", partnership=partnership, commune=commune,
                                      replicated_from=origin)
    ActivityFactory(partnership=partnership, commune=commune, development_model=origin, title="Cấp giống sâm")
    client.force_login(officer)
    response = client.get(url("model_detail", origin.pk))
    stages = response.context["stages"]
    assert [s["reached"] for s in stages] == [True, True, True, True]  # replicated: every stage passed
    assert list(response.context["replicas"]) == [replica]
    page = response.content.decode()
    assert "Cấp giống sâm" in page and "Sâm Ngọc Linh – Trà Linh" in page
    replica_page = client.get(url("model_detail", replica.pk)).content.decode()
    assert "Mô hình trồng sâm Ngọc Linh" in replica_page


@pytest.mark.django_db
def test_officer_creates_model_through_the_form(client, officer, partnership, commune):
    client.force_login(officer)
    data = {"name": "Mô hình trồng quế", "partnership": partnership.pk, "commune": commune.pk, "sector": "forestry",
            "stage": "built", "households": "12", "started_on": "15/03/2025", "description": ""}
    response = client.post(url("model_create"), data)
    model = DevelopmentModel.objects.get(name="Mô hình trồng quế")
    assert response.status_code == 302 and response.url == url("model_detail", model.pk)
    assert model.started_on == datetime.date(2025, 3, 15)
    outside = CommuneFactory(parent=DistrictFactory())
    bad = client.post(url("model_create"), {**data, "name": "Khác", "commune": outside.pk})
    assert bad.status_code == 200 and bad.context["form"].errors["commune"]
    assert 'value="Khác"' in bad.content.decode()


@pytest.mark.django_db
def test_list_filters_and_query_count(client, coordinator, partnership, commune, django_assert_max_num_queries):
    for n in range(32):
        p = PartnershipFactory(agency=AgencyFactory(), unit=DistrictFactory())
        origin = DevelopmentModelFactory(partnership=p, stage="replicated", sector="medicinal")
        DevelopmentModelFactory(partnership=p, replicated_from=origin)
    mine = DevelopmentModelFactory(partnership=partnership, commune=commune, stage="developed", sector="tourism")
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(url("model_list"))
    assert response.context["page_obj"].paginator.count == 65
    assert client.get(url("model_list"), {"district": partnership.unit.pk}).context["page_obj"].object_list[0] == mine
    assert list(client.get(url("model_list"), {"sector": "tourism"}).context["page_obj"]) == [mine]
    assert client.get(url("model_list"), {"stage": "replicated"}).context["page_obj"].paginator.count == 32
    assert list(client.get(url("model_list"), {"partnership": partnership.pk}).context["page_obj"]) == [mine]


@pytest.mark.django_db
def test_model_page_lists_latest_activities_with_totals(client, coordinator, partnership, commune):
    model = DevelopmentModelFactory(partnership=partnership, commune=commune)
    for day in range(1, 26):
        ActivityFactory(partnership=partnership, commune=commune, development_model=model,
                        start_date=datetime.date(2025, 1, day), status="approved" if day <= 10 else "draft")
    client.force_login(coordinator)
    response = client.get(url("model_detail", model.pk))
    assert len(response.context["activities"]) == 20
    assert response.context["activities"][0].start_date == datetime.date(2025, 1, 25)
    totals = response.context["activity_totals"]
    assert (totals["count"], totals["approved"], totals["money"]) == (25, 10, 150_000_000)
    assert "150.000.000\u00a0₫" in response.content.decode()


@pytest.mark.django_db
def test_an_activity_links_to_its_development_model(client, officer, partnership, commune):
    model = DevelopmentModelFactory(partnership=partnership, commune=commune, name="Mô hình nuôi heo đen bản địa")
    activity = ActivityFactory(partnership=partnership, commune=commune, development_model=model)
    client.force_login(officer)
    html = client.get(url("activity_detail", activity.pk)).content.decode()
    assert f'href="{url("model_detail", model.pk)}">Mô hình nuôi heo đen bản địa</a>' in html
