"""The unit hierarchy has one home (partnerships/geography.py): each question answered once, the
Python answer and the query answer agreeing."""

import itertools

import pytest

from partnerships import geography
from partnerships.models import Activity, AdministrativeUnit
from reports import selectors
from reports.selectors import ReportFilter
from tests.factories import ActivityFactory, CommuneFactory, DistrictFactory, PartnershipFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


def test_district_of_a_district_is_itself_of_a_commune_its_parent_of_the_province_none(district, commune):
    province = district.parent
    assert geography.district_of(district) == district
    assert geography.district_of(commune) == district
    assert geography.district_of(province) is None
    assert [geography.district_id_of(u) for u in (district, commune, province)] == [district.pk, district.pk, None]


def test_in_area_and_communes_of(district, commune):
    other = CommuneFactory()
    assert geography.in_area(commune, district) and geography.in_area(commune, commune)
    assert geography.in_area(district, district.pk)
    assert not geography.in_area(other, district) and not geography.in_area(district, commune)
    assert not geography.in_area(None, district)
    assert set(geography.communes_of([district.pk])) == {commune}
    assert set(geography.communes_of([commune.pk])) == {commune}
    in_area = AdministrativeUnit.objects.filter(geography.in_area_q("", district))
    assert set(in_area) == {district, commune}


def test_name_with_district(district, commune):
    assert geography.name_with_district(commune) == f"{commune.name} – {district.name}"
    assert geography.name_with_district(commune, brackets=True) == f"{commune.name} ({district.name})"
    assert geography.name_with_district(district) == district.name


def test_target_area_is_one_definition_in_python_and_in_queries():
    """Every combination of the four flags: the property and the query condition agree, and any
    one flag makes a target area (the directive names ethnic-minority areas too)."""
    district = DistrictFactory()
    units = []
    for n, flags in enumerate(itertools.product([False, True], repeat=len(geography.TARGET_FLAGS))):
        units.append(CommuneFactory(parent=district, code=f"{70000 + n:05d}", **dict(zip(geography.TARGET_FLAGS, flags))))
    in_query = set(AdministrativeUnit.objects.filter(pk__in=[u.pk for u in units]).filter(geography.target_area_q()))
    assert {u for u in units if geography.is_target_area(u)} == in_query
    assert len(in_query) == len(units) - 1  # all but the commune with no flag at all
    ethnic_only = next(u for u in units if u.is_ethnic_minority_area and not (u.is_mountainous or u.is_border or u.is_especially_difficult))
    assert geography.is_target_area(ethnic_only)


def test_an_ethnic_minority_commune_without_partner_is_a_coverage_gap():
    """The report's gaps used a second definition of "target area" that left out ethnic-minority
    communes; there is one definition now."""
    commune = CommuneFactory(is_mountainous=False, is_border=False, is_especially_difficult=False,
                             is_ethnic_minority_area=True)
    gaps = selectors.coverage_gaps(ReportFilter.for_year(2024))
    assert commune in gaps["communes_without_partner"]


def test_the_district_of_an_activity_is_the_same_in_python_and_in_queries():
    """Commune and district partnerships: the query expression gives the district geography.district_of gives."""
    district = DistrictFactory()
    on_district = ActivityFactory(partnership=PartnershipFactory(unit=district))
    on_commune = ActivityFactory(partnership=PartnershipFactory(unit=CommuneFactory(parent=district)))
    rows = Activity.objects.filter(pk__in=[on_district.pk, on_commune.pk]).annotate(
        district_id=geography.district_expr("partnership__unit"),
        district_code=geography.district_expr("partnership__unit", "code"),
        district_name=geography.district_expr("partnership__unit", "name"),
    )
    for activity in rows:
        expected = geography.district_of(activity.partnership.unit)
        assert (activity.district_id, activity.district_code, activity.district_name) == (
            expected.pk, expected.code, expected.name)


def test_covering_and_in_district_conditions(district, commune):
    """A district partnership covers its communes; a commune partnership covers only itself."""
    on_district = PartnershipFactory(unit=district)
    on_commune = PartnershipFactory(unit=commune)
    elsewhere = PartnershipFactory()
    from partnerships.models import Partnership

    covering = set(Partnership.objects.filter(geography.covering_q("unit", code=commune.code)))
    assert covering == {on_district, on_commune}
    in_district = set(Partnership.objects.filter(geography.in_district_q("unit", code=district.code)))
    assert in_district == {on_district, on_commune} and elsewhere not in in_district


def test_units_of_province():
    province = ProvinceFactory()
    district = DistrictFactory(parent=province)
    commune = CommuneFactory(parent=district)
    assert set(geography.units_of_province(province.code)) >= {district, commune}
    assert province not in set(geography.units_of_province(province.code))
    assert set(geography.units_of_province(province.code, level=geography.Level.COMMUNE)) >= {commune}
    assert district not in set(geography.units_of_province(province.code, level=geography.Level.COMMUNE))


def test_activity_places(commune):
    activity = ActivityFactory(partnership=PartnershipFactory(unit=commune.parent), commune=commune)
    assert geography.activity_places(activity) == {commune.parent_id, commune.pk, commune.parent.parent_id}
