import datetime

import pytest
from django.core.cache import cache

from api import tokens
from partnerships.models import ActivityStatus, AnnualPlan
from tests.factories import ActivityFactory, DevelopmentModelFactory, UserFactory

ROLES = ["officer", "other_officer", "focal_point", "coordinator", "leader", "administrator"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counts live in the cache; one test's requests must not count against the next."""
    cache.clear()
    yield
    cache.clear()


def bearer(user, name="kiểm thử") -> dict:
    _, key = tokens.token_create(actor=user, name=name, expires_on=datetime.date.today() + datetime.timedelta(days=30))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def api_objects(partnership, commune, other_partnership):
    """One of everything in the officer's (and the focal point's) scope, one outside it."""
    mine = {
        "activity": ActivityFactory(partnership=partnership, commune=commune, status=ActivityStatus.APPROVED),
        "model": DevelopmentModelFactory(partnership=partnership, commune=commune),
        "plan": AnnualPlan.objects.create(partnership=partnership, year=2024, money_target=50_000_000),
        "partnership": partnership,
        "agency": partnership.agency,
    }
    theirs = {
        "activity": ActivityFactory(partnership=other_partnership, status=ActivityStatus.APPROVED),
        "model": DevelopmentModelFactory(partnership=other_partnership),
        "plan": AnnualPlan.objects.create(partnership=other_partnership, year=2024, money_target=9_000_000),
        "partnership": other_partnership,
        "agency": other_partnership.agency,
    }
    return mine, theirs


@pytest.fixture
def nobody(db):
    """Logged in, but without any role."""
    return UserFactory(username="norole")
