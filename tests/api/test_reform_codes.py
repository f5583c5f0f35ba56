"""The API's unit codes across the 2025 reform: a reused code is read by date, never a 500."""

import datetime

import pytest
from django.urls import reverse

from partnerships.models import ActivityStatus
from tests.api.conftest import bearer
from tests.factories import ActivityFactory, PartnershipFactory
from tests.reform import build_reform

pytestmark = pytest.mark.django_db


@pytest.fixture
def reform(db):
    return build_reform()


def test_a_reused_unit_code_is_resolved_by_date(client, coordinator, reform):
    headers = bearer(coordinator)
    detail = lambda query="": client.get(reverse("api:unit-detail", args=["20443"]) + query, **headers)  # noqa: E731
    assert detail().json()["name"] == "Xã Hùng Sơn"
    assert detail("?on=2024-05-01").json()["name"] == "Xã A Xan"
    assert detail("?on=hôm-qua").status_code == 400
    # a retired code still names its old unit
    assert client.get(reverse("api:unit-detail", args=["20446"]), **headers).json()["name"] == "Xã Ch'ơm"
    units = client.get(reverse("api:unit-list") + "?parent=48&on=2026-01-01", **headers).json()["results"]
    assert {u["name"] for u in units} == {"Xã Hùng Sơn", "Xã Tây Giang"}
    old = client.get(reverse("api:unit-list") + "?on=2025-06-30&level=commune", **headers).json()["results"]
    assert {u["name"] for u in old} == {"Xã A Xan", "Xã Ch'ơm", "Xã Ga Ri"}


def test_the_activity_filter_reads_a_commune_code_on_each_activitys_date(client, coordinator, reform, agency):
    old = PartnershipFactory(agency=agency, unit=reform.a_xan)
    new = PartnershipFactory(agency=agency, unit=reform.hung_son, signed_on=datetime.date(2025, 7, 1))
    before = ActivityFactory(partnership=old, commune=reform.a_xan, start_date=datetime.date(2024, 3, 1),
                             status=ActivityStatus.APPROVED)
    after = ActivityFactory(partnership=new, commune=reform.hung_son, start_date=datetime.date(2026, 3, 1),
                            status=ActivityStatus.APPROVED)
    ActivityFactory(partnership=old, commune=reform.chom, start_date=datetime.date(2024, 3, 1))
    headers = bearer(coordinator)
    rows = client.get(reverse("api:activity-list") + "?commune=20443", **headers).json()["results"]
    assert {r["id"] for r in rows} == {before.pk, after.pk}
    in_2026 = client.get(reverse("api:activity-list") + "?commune=20443&year=2026", **headers).json()["results"]
    assert [r["id"] for r in in_2026] == [after.pk]
