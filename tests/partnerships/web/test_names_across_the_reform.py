"""Pages and pickers name a commune formed on 1 July 2025 with its former district's area
("Xã Hùng Sơn – khu vực huyện Tây Giang cũ"), never the city above it, and group it there; the
lists that name such communes read no more rows for it (geography.naming_joins)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships import geography
from partnerships.models import AdministrativeUnit, Agency, UnitSuccession
from tests.factories import ActivityFactory, AgencyFactory, DevelopmentModelFactory, PartnershipFactory
from tests.reform import LAST_OLD_DAY, REFORM_DAY

pytestmark = pytest.mark.django_db
Level = AdministrativeUnit.Level
CITY = "Thành phố Đà Nẵng"


def new_communes(reform, n, start=0):
    """`n` new communes of the city, each formed from a commune of its own old district."""
    made = []
    for i in range(start, start + n):
        district = AdministrativeUnit.objects.create(code=f"{700 + i}", name=f"Huyện Núi {i:02d}",
                                                     level=Level.DISTRICT, parent=reform.old_province, valid_to=LAST_OLD_DAY)
        old = AdministrativeUnit.objects.create(code=f"{40000 + i}", name=f"Xã Cũ {i:02d}", level=Level.COMMUNE,
                                                parent=district, valid_to=LAST_OLD_DAY)
        new = AdministrativeUnit.objects.create(code=f"{41000 + i}", name=f"Xã Mới {i:02d}", level=Level.COMMUNE,
                                                parent=reform.city, valid_from=REFORM_DAY)
        UnitSuccession.objects.create(predecessor=old, successor=new, effective_on=REFORM_DAY)
        made.append(new)
    geography.link_units_forward()
    return made


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("page", ["partnership_list", "model_list"])
def test_lists_name_new_communes_by_former_district_in_constant_queries(client, coordinator, reform, page):
    def add(units):
        for unit in units:
            p = PartnershipFactory(agency=AgencyFactory(), unit=unit, signed_on=datetime.date(2025, 7, 1))
            DevelopmentModelFactory(partnership=p, commune=unit, started_on=datetime.date(2025, 9, 1))

    client.force_login(coordinator)
    url = reverse(f"partnerships:{page}")
    add(new_communes(reform, 2))
    few, _ = queries(client, url)
    add(new_communes(reform, 20, start=2))
    many, html = queries(client, url)
    assert many == few
    assert "khu vực huyện Núi 07 cũ" in html.replace("Khu vực", "khu vực")
    assert CITY not in html


def test_the_activity_form_offers_a_new_commune_under_its_former_district(client, officer, reform):
    PartnershipFactory(agency=Agency.objects.get(pk=officer.agency_id), unit=reform.hung_son,
                       signed_on=datetime.date(2025, 7, 1))
    client.force_login(officer)
    response = client.get(reverse("partnerships:activity_create"))
    labels = [label for _, label in response.context["form"].fields["commune"].choices]
    assert "Xã Hùng Sơn (khu vực huyện Tây Giang cũ)" in labels
    assert not any(CITY in str(label) for label in labels)


def test_the_activity_list_filter_groups_new_communes_under_their_former_district(client, coordinator, reform):
    old = PartnershipFactory(unit=reform.a_xan)
    new = PartnershipFactory(agency=old.agency, unit=reform.hung_son, signed_on=datetime.date(2025, 7, 1))
    ActivityFactory(partnership=old, commune=reform.a_xan, start_date=datetime.date(2025, 3, 1))
    ActivityFactory(partnership=new, commune=reform.hung_son, start_date=datetime.date(2026, 3, 1))
    client.force_login(coordinator)
    response = client.get(reverse("partnerships:activity_list"))
    groups = {heading: [name for _, name in options]
              for heading, options in response.context["filter"].form.fields["commune"].widget.choices[1:]}
    assert groups == {"Huyện Tây Giang": ["Xã A Xan"], "Khu vực huyện Tây Giang cũ": ["Xã Hùng Sơn"]}


def test_the_list_workbooks_name_the_former_districts_area(client, coordinator, reform):
    from tests.partnerships.io.test_list_exports import export, table

    p = PartnershipFactory(unit=reform.hung_son, signed_on=datetime.date(2025, 7, 1))
    DevelopmentModelFactory(partnership=p, commune=reform.hung_son, started_on=datetime.date(2025, 9, 1))
    client.force_login(coordinator)
    _, [partnership_row] = table(export(client, "partnerships").active)
    _, [model_row] = table(export(client, "models").active)
    assert partnership_row[3:6] == ("Xã Hùng Sơn", "20443", "Khu vực huyện Tây Giang cũ")
    assert model_row[3:5] == ("Xã Hùng Sơn", "Khu vực huyện Tây Giang cũ")


def test_the_officers_import_template_lists_a_new_commune_by_its_former_district(client, officer, reform):
    from partnerships.io import officer_import
    from tests.partnerships.web.imports.test_officer_import import template_for

    PartnershipFactory(agency=Agency.objects.get(pk=officer.agency_id), unit=reform.hung_son,
                       signed_on=datetime.date(2025, 7, 1))
    client.force_login(officer)
    communes = [c.value for c in template_for(client)[officer_import.LISTS_SHEET]["C"][1:] if c.value]
    assert communes == ["Xã Hùng Sơn – khu vực huyện Tây Giang cũ [20443]"]


def test_the_locality_pickers_of_accounts_and_inspections_tell_an_old_commune_from_a_new_one(coordinator, reform):
    """An old and a new commune may share a name (Xã Trà Leng before and after 1 July 2025): each
    is named with its district or former district's area, listed under it."""
    from inspections.forms import InspectionPlanForm
    from partnerships.web.accounts.forms import UserForm

    same_name = AdministrativeUnit.objects.create(code="20440", name="Xã A Xan", level=Level.COMMUNE,
                                                  parent=reform.city, valid_from=REFORM_DAY)
    UnitSuccession.objects.create(predecessor=reform.chom, successor=same_name, effective_on=REFORM_DAY, is_main=False)
    geography.link_units_forward()
    for field in (UserForm(actor=coordinator).fields["locality"], InspectionPlanForm(user=coordinator).fields["unit"]):
        labels = [str(label) for value, label in field.choices if value]
        assert labels[:3] == ["Huyện Tây Giang", "Xã A Xan (Huyện Tây Giang)", "Xã Ch'ơm (Huyện Tây Giang)"]
        assert "Xã A Xan (khu vực huyện Tây Giang cũ)" in labels
        assert not any(CITY in label for label in labels if label != CITY)
