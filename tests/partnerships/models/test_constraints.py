"""Every invariant the database guards, exercised by writing past the model's own validation."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from partnerships.models import Activity, AdministrativeUnit, Partnership, User
from tests.factories import ActivityFactory, DevelopmentModelFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def _refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_one_active_partnership_per_pair_but_a_new_one_after_ending(partnership):
    _refused(lambda: PartnershipFactory(agency=partnership.agency, unit=partnership.unit))
    Partnership.objects.filter(pk=partnership.pk).update(status="ended", ended_on=datetime.date(2023, 1, 1))
    again = PartnershipFactory(agency=partnership.agency, unit=partnership.unit)
    assert again.pk != partnership.pk


def test_ended_partnership_needs_end_date_and_order(partnership):
    _refused(lambda: Partnership.objects.filter(pk=partnership.pk).update(status="ended"))
    _refused(
        lambda: Partnership.objects.filter(pk=partnership.pk).update(
            status="ended", ended_on=partnership.signed_on - datetime.timedelta(days=1)
        )
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"budget_state": -1},
        {"budget_society": -5},
        {"budget_in_kind": -100},
        {"people_reached": 3, "ethnic_minority_people": 4},
        {"end_date": datetime.date(2024, 3, 14)},
    ],
)
def test_activity_row_invariants(changes, partnership):
    activity = ActivityFactory(partnership=partnership)
    _refused(lambda: Activity.objects.filter(pk=activity.pk).update(**changes))


def test_unit_level_and_parent(district):
    _refused(lambda: AdministrativeUnit.objects.create(code="99999", name="Xã mồ côi", level="commune"))
    _refused(lambda: AdministrativeUnit.objects.create(code="98", name="Tỉnh lạ", level="province", parent=district))


def test_user_has_agency_or_locality_not_both(agency, commune):
    _refused(lambda: User.objects.create(username="both", agency=agency, locality=commune))


def test_model_cannot_replicate_itself(partnership):
    model = DevelopmentModelFactory(partnership=partnership)
    _refused(lambda: type(model).objects.filter(pk=model.pk).update(replicated_from=model))


def test_plan_unique_per_year_and_society_within_total(partnership):
    from partnerships.models import AnnualPlan

    AnnualPlan.objects.create(partnership=partnership, year=2024, money_target=100)
    _refused(lambda: AnnualPlan.objects.create(partnership=partnership, year=2024))
    _refused(lambda: AnnualPlan.objects.create(partnership=partnership, year=2025, money_target=1, society_money_target=2))
