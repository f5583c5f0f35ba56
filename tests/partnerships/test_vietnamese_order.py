"""Vietnamese alphabetical order on both databases (ICU "vi-x-icu" on PostgreSQL, the same-named
collation registered on SQLite), and the commune filter grouped by district and scoped."""

import re

import pytest
from django.urls import reverse

from common.text import vi_key, vi_order
from partnerships.models import AdministrativeUnit
from tests.factories import ActivityFactory, CommuneFactory, DistrictFactory, PartnershipFactory

NAMES = ["Huyện Tiên Phước", "Huyện Tây Giang", "Huyện Đông Giang", "Huyện Duy Xuyên", "Huyện Đại Lộc",
         "Huyện Núi Thành", "Huyện Nam Trà My"]
ORDER = ["Huyện Duy Xuyên", "Huyện Đại Lộc", "Huyện Đông Giang", "Huyện Nam Trà My", "Huyện Núi Thành",
         "Huyện Tây Giang", "Huyện Tiên Phước"]


def test_the_python_key_sorts_like_a_dictionary():
    assert sorted(NAMES, key=vi_key) == ORDER
    assert sorted(["Xã Ơn", "Xã O", "Xã Ô", "Xã Ba", "Xã Bà", "Xã Ân", "Xã Ă", "Xã A"], key=vi_key) == [
        "Xã A", "Xã Ă", "Xã Ân", "Xã Ba", "Xã Bà", "Xã O", "Xã Ô", "Xã Ơn"]


@pytest.mark.django_db
def test_the_database_sorts_like_a_dictionary():
    for index, name in enumerate(NAMES):
        DistrictFactory(name=name, code=f"9{index:02d}")
    names = list(AdministrativeUnit.objects.filter(code__startswith="9").order_by(vi_order("name"))
                 .values_list("name", flat=True))
    assert names == ORDER


@pytest.mark.django_db
def test_commune_filter_groups_by_district_and_shows_an_officer_only_their_communes(
        client, officer, coordinator, partnership, commune, other_partnership):
    elsewhere = CommuneFactory(name="Xã Trà Leng", parent=other_partnership.unit)
    second = CommuneFactory(name="Xã Bhalêê", parent=partnership.unit)
    for place, p in ((commune, partnership), (second, partnership), (elsewhere, other_partnership)):
        ActivityFactory(partnership=p, commune=place)
    client.force_login(coordinator)
    html = client.get(reverse("partnerships:activity_list")).content.decode()
    select = re.search(r'<select name="commune".*?</select>', html, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [label for label, _ in groups] == ["Huyện Nam Trà My", "Huyện Tây Giang"]
    assert re.findall(r">([^<]+)</option>", groups[1][1]) == ["Xã A Xan", "Xã Bhalêê"]
    client.force_login(officer)
    select = re.search(r'<select name="commune".*?</select>',
                       client.get(reverse("partnerships:activity_list")).content.decode(), re.S).group(0)
    assert "Xã A Xan" in select and "Xã Trà Leng" not in select  # another agency's area


# --- every remaining list, dropdown and changelist ------------------------------------------

AGENCIES = ["Sở Tư pháp", "Sở Tài chính", "Đài Phát thanh - Truyền hình", "Ban Dân vận Tỉnh ủy",
            "Sở Y tế", "Công an tỉnh", "Báo Quảng Nam"]
AGENCY_ORDER = ["Ban Dân vận Tỉnh ủy", "Báo Quảng Nam", "Công an tỉnh", "Đài Phát thanh - Truyền hình",
                "Sở Tài chính", "Sở Tư pháp", "Sở Y tế"]


@pytest.fixture
def twinned(district, commune):
    """One partnership per agency, and a model each, with names that a byte order gets wrong."""
    from partnerships.models import Agency
    from tests.factories import AgencyFactory, DevelopmentModelFactory

    for index, name in enumerate(AGENCIES):
        agency = AgencyFactory(name=name, short_name=f"A{index}", kind=Agency.Kind.STATE)
        partnership = PartnershipFactory(agency=agency, unit=district)
        DevelopmentModelFactory(partnership=partnership, commune=commune, name=f"Mô hình {name}")


def names_in(html, pattern):
    return re.findall(pattern, html)


@pytest.mark.django_db
def test_meta_orderings_are_vietnamese(twinned):
    from partnerships.models import Agency, DevelopmentModel, Partnership

    assert list(Agency.objects.values_list("name", flat=True)) == AGENCY_ORDER
    assert [p.agency.name for p in Partnership.objects.select_related("agency")] == AGENCY_ORDER
    assert list(DevelopmentModel.objects.values_list("name", flat=True)) == [f"Mô hình {n}" for n in AGENCY_ORDER]


@pytest.mark.django_db
def test_portal_lists_are_in_vietnamese_order(client, coordinator, twinned):
    client.force_login(coordinator)
    partnerships = client.get(reverse("partnerships:partnership_list")).context["page_obj"]
    assert [p.agency.name for p in partnerships] == AGENCY_ORDER
    models = client.get(reverse("partnerships:model_list")).context["page_obj"]
    assert [m.name for m in models] == [f"Mô hình {n}" for n in AGENCY_ORDER]
    plans = client.get(reverse("partnerships:plan_list")).context["page_obj"]
    assert [p.agency.name for p in plans] == AGENCY_ORDER


@pytest.mark.django_db
def test_dropdowns_are_in_vietnamese_order(client, coordinator, twinned):
    client.force_login(coordinator)
    for url in (reverse("partnerships:partnership_list"), reverse("partnerships:activity_list")):
        html = client.get(url).content.decode()
        select = re.search(r'<select name="agency".*?</select>', html, re.S).group(0)
        assert [n for n in re.findall(r">([^<]+)</option>", select) if n in AGENCIES] == AGENCY_ORDER, url
    for index, name in enumerate(NAMES):
        DistrictFactory(name=name, code=f"8{index:02d}")
    for url in (reverse("partnerships:model_list"), reverse("partnerships:partnership_list"),
                reverse("reports:dashboard")):
        html = client.get(url).content.decode()
        select = re.search(r'<select name="district".*?</select>', html, re.S).group(0)
        found = [n for n in re.findall(r">([^<]+)</option>", select) if n in NAMES]
        assert set(found) == set(NAMES) and found == sorted(found, key=vi_key), url


@pytest.mark.django_db
def test_admin_changelists_are_in_vietnamese_order(client, administrator, twinned):
    client.force_login(administrator)
    agencies = client.get(reverse("admin:partnerships_agency_changelist")).context["cl"].result_list
    assert [a.name for a in agencies] == AGENCY_ORDER
    partnerships = client.get(reverse("admin:partnerships_partnership_changelist")).context["cl"].result_list
    assert [p.agency.name for p in partnerships] == AGENCY_ORDER
    models = client.get(reverse("admin:partnerships_developmentmodel_changelist")).context["cl"].result_list
    assert [m.name for m in models] == [f"Mô hình {n}" for n in AGENCY_ORDER]
