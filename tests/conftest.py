"""The people of the programme, as fixtures: one per role, with their agency or locality."""

import pytest

from partnerships.access.roles import Role
from tests.factories import AgencyFactory, CommuneFactory, DistrictFactory, PartnershipFactory, UserFactory
from tests.task_backends import tasks_backend  # noqa: F401  (a fixture: each job test on both task backends)

PASSWORD = "matkhau-demo"


@pytest.fixture
def district(db):
    return DistrictFactory(name="Huyện Tây Giang", code="504", is_border=True)


@pytest.fixture
def commune(district):
    return CommuneFactory(name="Xã A Xan", code="20333", parent=district)


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Sở Nông nghiệp và Phát triển nông thôn", short_name="SNN")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(name="Công ty Điện lực Quảng Nam", short_name="PCQN", kind="enterprise")


@pytest.fixture
def partnership(agency, district):
    return PartnershipFactory(agency=agency, unit=district)


@pytest.fixture
def other_partnership(other_agency):
    return PartnershipFactory(agency=other_agency, unit=DistrictFactory(name="Huyện Nam Trà My", code="516"))


@pytest.fixture
def officer(agency):
    return UserFactory(username="officer", agency=agency, role=Role.OFFICER)


@pytest.fixture
def other_officer(other_agency):
    return UserFactory(username="officer2", agency=other_agency, role=Role.OFFICER)


@pytest.fixture
def focal_point(commune):
    return UserFactory(username="focal", locality=commune, role=Role.FOCAL_POINT)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", is_staff=True, role=Role.COORDINATOR)


@pytest.fixture
def leader(db):
    return UserFactory(username="leader", role=Role.LEADER)


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Categories and role groups come from a data migration; a live-server test's flush removes
    them, so put them back for every test that touches the database."""
    if {"db", "transactional_db", "live_server"} & set(request.fixturenames) or request.node.get_closest_marker(
        "django_db"
    ):
        request.getfixturevalue("transactional_db" if "live_server" in request.fixturenames else "db")
        from partnerships.reference import ensure_reference_data

        ensure_reference_data()


@pytest.fixture(autouse=True)
def _vietnamese():
    """Each test starts in the interface's language: a request made in English by an earlier test
    (LocaleMiddleware activates the language for the thread) must not leak into the next one."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def data_version_row():
    """For transactional tests of what is cached under the data version: a transactional test's
    flush removes the migration's version row, so put it back, and empty the cache around the
    test. On SQLite the flush empties the summary before the activities, whose delete triggers
    then leave rows in it: counts read from it (the list's) would include a former test's rows."""
    from django.core.cache import cache

    from partnerships.models import Activity, ActivitySummary, ActivityYearSummary, DataVersion

    DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})
    if not Activity.objects.exists():
        ActivitySummary.objects.all().delete()
        ActivityYearSummary.objects.all().delete()  # what the summary's triggers left of the flush
    cache.clear()
    yield
    cache.clear()
