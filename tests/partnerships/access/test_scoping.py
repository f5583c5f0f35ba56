"""The one scoping function: who sees which rows."""

import pytest

from partnerships.models import Activity, AnnualPlan, DevelopmentModel, Partnership
from partnerships.access.roles import Role
from tests.factories import (
    ActivityFactory,
    CommuneFactory,
    DevelopmentModelFactory,
    PartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(partnership, other_partnership, commune):
    mine = ActivityFactory(partnership=partnership, commune=commune)
    elsewhere_in_district = ActivityFactory(partnership=partnership, commune=CommuneFactory(parent=partnership.unit))
    theirs = ActivityFactory(partnership=other_partnership)
    return {"mine": mine, "elsewhere": elsewhere_in_district, "theirs": theirs}


def _ids(qs):
    return set(qs.values_list("pk", flat=True))


@pytest.mark.parametrize("who", ["coordinator", "leader", "administrator"])
def test_province_wide_roles_see_everything(request, who, world):
    user = request.getfixturevalue(who)
    assert _ids(Activity.objects.visible_to(user)) == {a.pk for a in world.values()}


def test_officer_sees_only_own_agency(officer, world, partnership, other_partnership):
    assert _ids(Activity.objects.visible_to(officer)) == {world["mine"].pk, world["elsewhere"].pk}
    assert _ids(Partnership.objects.visible_to(officer)) == {partnership.pk}


def test_commune_focal_point_sees_work_done_in_their_commune(focal_point, world, partnership, other_partnership):
    assert _ids(Activity.objects.visible_to(focal_point)) == {world["mine"].pk}
    # The district-level partnership covering the commune is visible (its page is where the
    # activity links to); other districts' partnerships are not.
    assert _ids(Partnership.objects.visible_to(focal_point)) == {partnership.pk}


def test_district_focal_point_sees_the_whole_district(district, world):
    focal = UserFactory(username="focal-district", locality=district, role=Role.FOCAL_POINT)
    assert _ids(Activity.objects.visible_to(focal)) == {world["mine"].pk, world["elsewhere"].pk}


def test_focal_point_of_a_partner_commune_sees_that_partnership(commune, other_agency):
    direct = PartnershipFactory(agency=other_agency, unit=commune)
    activity = ActivityFactory(partnership=direct)
    focal = UserFactory(username="focal-commune", locality=commune, role=Role.FOCAL_POINT)
    assert activity.pk in _ids(Activity.objects.visible_to(focal))
    assert direct.pk in _ids(Partnership.objects.visible_to(focal))


def test_user_without_role_or_unit_sees_nothing(world, agency):
    nobody = UserFactory(username="nobody")
    officer_without_agency = UserFactory(username="lost", role=Role.OFFICER)
    assert not Activity.objects.visible_to(nobody).exists()
    assert not Activity.objects.visible_to(officer_without_agency).exists()
    # Belonging to an agency without the officer role grants nothing either.
    member = UserFactory(username="member", agency=agency)
    assert not Activity.objects.visible_to(member).exists()


def test_plans_and_models_follow_their_partnership(officer, other_officer, partnership):
    plan = AnnualPlan.objects.create(partnership=partnership, year=2024)
    model = DevelopmentModelFactory(partnership=partnership)
    assert _ids(AnnualPlan.objects.visible_to(officer)) == {plan.pk}
    assert _ids(DevelopmentModel.objects.visible_to(officer)) == {model.pk}
    assert not AnnualPlan.objects.visible_to(other_officer).exists()
    assert not DevelopmentModel.objects.visible_to(other_officer).exists()
