"""Partnership pages: scoped list and page, coordinators create/edit/end, the DB's one-active-pair rule."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from partnerships.models import Partnership, PartnershipStatus
from tests.factories import ActivityFactory, AgencyFactory, DistrictFactory, PartnershipFactory


def url(name, *args):
    return reverse(f"partnerships:{name}", args=args)


@pytest.mark.django_db
def test_officer_lists_only_own_partnerships(client, officer, partnership, other_partnership):
    client.force_login(officer)
    response = client.get(url("partnership_list"))
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [partnership]


@pytest.mark.django_db
def test_list_filters_by_district_status_and_flags(client, coordinator, partnership, other_partnership, commune):
    commune_partnership = PartnershipFactory(agency=other_partnership.agency, unit=commune)
    client.force_login(coordinator)
    by_district = client.get(url("partnership_list"), {"district": partnership.unit.pk})
    assert set(by_district.context["page_obj"]) == {partnership, commune_partnership}
    border = client.get(url("partnership_list"), {"border": "true"})
    assert set(border.context["page_obj"]) == {partnership}  # only Tây Giang is flagged border
    partnership.status, partnership.ended_on = PartnershipStatus.ENDED, datetime.date(2024, 1, 1)
    partnership.save()
    ended = client.get(url("partnership_list"), {"status": "ended"})
    assert list(ended.context["page_obj"]) == [partnership]
    by_agency = client.get(url("partnership_list"), {"agency": other_partnership.agency.pk})
    assert set(by_agency.context["page_obj"]) == {other_partnership, commune_partnership}


@pytest.mark.django_db
def test_list_query_count_is_constant(client, coordinator, django_assert_max_num_queries):
    for n in range(35):
        p = PartnershipFactory(agency=AgencyFactory(), unit=DistrictFactory())
        ActivityFactory(partnership=p)
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(url("partnership_list"))
    assert len(response.context["page_obj"]) == 35
    assert all(p.activity_count == 1 for p in response.context["page_obj"])


@pytest.mark.django_db
def test_detail_shows_activities_per_year_plans_models_history(client, officer, partnership):
    ActivityFactory(partnership=partnership, start_date=datetime.date(2024, 5, 1), status="approved")
    ActivityFactory(partnership=partnership, start_date=datetime.date(2024, 6, 1))
    ActivityFactory(partnership=partnership, start_date=datetime.date(2023, 6, 1), status="approved")
    client.force_login(officer)
    response = client.get(url("partnership_detail", partnership.pk))
    years = {row["year"]: row for row in response.context["per_year"]}
    assert years[2024]["total"] == 2 and years[2024]["approved"] == 1
    assert years[2024]["money"] == 15_000_000  # only the approved one
    assert years[2023]["approved"] == 1
    assert "15.000.000\u00a0₫" in response.content.decode()


@pytest.mark.django_db
def test_coordinator_creates_partnership(client, coordinator, agency, commune):
    client.force_login(coordinator)
    response = client.post(
        url("partnership_create"),
        {"agency": agency.pk, "unit": commune.pk, "signed_on": "05/09/2022", "agreement_number": "12/QĐ-UBND",
         "agreement_file": SimpleUploadedFile("thoa-thuan.pdf", b"%PDF-1.4 test")},
    )
    created = Partnership.objects.get(agency=agency, unit=commune)
    assert response.status_code == 302 and response.url == url("partnership_detail", created.pk)
    assert created.signed_on == datetime.date(2022, 9, 5)
    assert created.history.first().history_user == coordinator
    download = client.get(url("partnership_agreement", created.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"


@pytest.mark.django_db
def test_second_active_partnership_for_same_pair_is_a_form_error(client, coordinator, partnership):
    client.force_login(coordinator)
    response = client.post(
        url("partnership_create"),
        {"agency": partnership.agency.pk, "unit": partnership.unit.pk, "signed_on": "01/01/2023"},
    )
    assert response.status_code == 200
    assert "Cơ quan này đang kết nghĩa với địa phương này." in response.content.decode()
    assert Partnership.objects.filter(agency=partnership.agency, unit=partnership.unit).count() == 1


@pytest.mark.django_db
def test_bad_date_keeps_what_was_typed(client, coordinator, agency, commune):
    client.force_login(coordinator)
    response = client.post(
        url("partnership_create"),
        {"agency": agency.pk, "unit": commune.pk, "signed_on": "31/02/2022", "agreement_number": "99/KN"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["signed_on"]
    assert 'value="99/KN"' in response.content.decode()
    assert not Partnership.objects.filter(unit=commune).exists()


@pytest.mark.django_db
def test_coordinator_edits_and_ends_partnership(client, coordinator, partnership):
    client.force_login(coordinator)
    response = client.post(
        url("partnership_update", partnership.pk),
        {"agency": partnership.agency.pk, "unit": partnership.unit.pk, "signed_on": "01/10/2021",
         "agreement_number": "15/KN-2021", "note": "Bổ sung"},
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.agreement_number == "15/KN-2021"

    before = client.post(url("partnership_end", partnership.pk), {"ended_on": "01/01/2020", "reason": "Sáp nhập"})
    assert before.status_code == 200
    assert "Ngày kết thúc không được trước ngày ký kết." in before.content.decode()
    no_reason = client.post(url("partnership_end", partnership.pk), {"ended_on": "01/01/2025", "reason": " "})
    assert no_reason.status_code == 200
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.ACTIVE

    ended = client.post(url("partnership_end", partnership.pk), {"ended_on": "01/07/2025", "reason": "Sáp nhập huyện"})
    assert ended.status_code == 302
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.ENDED and partnership.ended_on == datetime.date(2025, 7, 1)
    page = client.get(url("partnership_detail", partnership.pk)).content.decode()
    assert "Sáp nhập huyện" in page and "01/07/2025" in page


@pytest.mark.django_db
def test_race_on_the_same_pair_is_a_form_error_not_a_500(client, coordinator, agency, commune, monkeypatch):
    """Two coordinators saving the same pair at once: the form check passes for both, the DB refuses one."""
    from django.db import IntegrityError

    from partnerships import services

    def racing(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint partnership_one_active_per_pair")

    monkeypatch.setattr(services, "partnership_create", racing)
    client.force_login(coordinator)
    response = client.post(url("partnership_create"), {"agency": agency.pk, "unit": commune.pk, "signed_on": "01/01/2023"})
    assert response.status_code == 200
    assert "Cơ quan này đang kết nghĩa với địa phương này." in response.content.decode()


@pytest.mark.django_db
def test_coordinator_clears_the_agreement_file(client, coordinator, partnership):
    from django.core.files.base import ContentFile

    partnership.agreement_file.save("ky-ket.pdf", ContentFile(b"%PDF-1.4"), save=True)
    client.force_login(coordinator)
    response = client.post(
        url("partnership_update", partnership.pk),
        {"agency": partnership.agency.pk, "unit": partnership.unit.pk, "signed_on": "01/10/2021",
         "agreement_number": partnership.agreement_number, "agreement_file-clear": "on"},
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert not partnership.agreement_file
    assert client.get(url("partnership_agreement", partnership.pk)).status_code == 404


@pytest.mark.django_db
def test_year_counts_link_to_the_activity_list_with_the_same_rows(client, coordinator, partnership, other_partnership):
    ActivityFactory(partnership=partnership, start_date=datetime.date(2024, 5, 1))
    ActivityFactory(partnership=partnership, start_date=datetime.date(2024, 7, 1))
    ActivityFactory(partnership=other_partnership, start_date=datetime.date(2024, 5, 1))
    # The same agency also twins with a commune of the same district: its work is not this partnership's.
    from tests.factories import CommuneFactory, PartnershipFactory
    sibling = PartnershipFactory(agency=partnership.agency, unit=CommuneFactory(parent=partnership.unit))
    ActivityFactory(partnership=sibling, start_date=datetime.date(2024, 6, 1))
    client.force_login(coordinator)
    page = client.get(url("partnership_detail", partnership.pk))
    link = f'{url("activity_list")}?year=2024&{page.context["activity_query"]}'
    assert escape(link) in page.content.decode()
    listed = client.get(link)
    assert listed.context["page_obj"].paginator.count == 2
