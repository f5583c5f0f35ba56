"""Plans and development models follow the units' validity like activities do."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships import services
from partnerships.exceptions import DomainError
from tests.factories import DevelopmentModelFactory, PartnershipFactory
from tests.reform import build_reform

pytestmark = pytest.mark.django_db


@pytest.fixture
def reform(db):
    return build_reform()


def test_a_plan_after_the_reform_needs_the_partnership_re_pointed(reform, coordinator, agency):
    old = PartnershipFactory(agency=agency, unit=reform.a_xan)
    assert services.plan_save(actor=coordinator, partnership=old, year=2025, money_target=5).year == 2025
    with pytest.raises(DomainError) as refused:
        services.plan_save(actor=coordinator, partnership=old, year=2026, money_target=5)
    assert "Xã A Xan đã sáp nhập vào Xã Hùng Sơn từ 01/07/2025" in refused.value.message
    [new] = services.partnerships_repoint(actor=coordinator, partnerships=[old])
    assert services.plan_save(actor=coordinator, partnership=new, year=2026, money_target=5).partnership == new
    with pytest.raises(DomainError):  # the new commune did not exist in 2024
        services.plan_save(actor=coordinator, partnership=new, year=2024, money_target=5)


def test_a_model_started_after_the_reform_is_at_a_commune_of_that_date(reform, coordinator, agency):
    new = PartnershipFactory(agency=agency, unit=reform.hung_son, signed_on=datetime.date(2025, 7, 1))
    old = PartnershipFactory(agency=agency, unit=reform.a_xan)
    with pytest.raises(ValidationError) as refused:
        services.development_model_save(actor=coordinator, name="Mô hình sâm", partnership=old,
                                        commune=reform.a_xan, started_on=datetime.date(2026, 1, 5))
    assert "chọn Xã Hùng Sơn" in " ".join(refused.value.messages)
    model = services.development_model_save(actor=coordinator, name="Mô hình sâm", partnership=new,
                                            commune=reform.hung_son, started_on=datetime.date(2026, 1, 5))
    assert model.commune == reform.hung_son


def test_a_model_spanning_the_reform_keeps_its_commune_and_shows_it_as_of_today(
    client, reform, coordinator, agency, django_assert_max_num_queries
):
    old = PartnershipFactory(agency=agency, unit=reform.district)
    for _ in range(5):
        DevelopmentModelFactory(partnership=old, commune=reform.chom, started_on=datetime.date(2022, 4, 1))
    model = DevelopmentModelFactory(partnership=old, commune=reform.a_xan, name="Mô hình bò", started_on=datetime.date(2022, 4, 1))
    client.force_login(coordinator)
    with django_assert_max_num_queries(15):
        listing = client.get(reverse("partnerships:model_list"))
    html = listing.content.decode()
    assert "Xã A Xan" in html and "nay là Xã Hùng Sơn" in html
    detail = client.get(reverse("partnerships:model_detail", args=[model.pk])).content.decode()
    assert "Xã A Xan" in detail and "nay là Xã Hùng Sơn" in detail
    model.refresh_from_db()
    assert model.commune == reform.a_xan


def test_a_partnership_is_signed_with_a_unit_of_its_signing_date(reform, coordinator, agency):
    with pytest.raises(ValidationError) as refused:
        services.partnership_create(actor=coordinator, agency=agency, unit=reform.a_xan,
                                    signed_on=datetime.date(2026, 1, 5))
    assert "Xã A Xan đã sáp nhập vào Xã Hùng Sơn từ 01/07/2025; chọn Xã Hùng Sơn." in " ".join(refused.value.messages)
    assert services.partnership_create(actor=coordinator, agency=agency, unit=reform.hung_son,
                                       signed_on=datetime.date(2026, 1, 5)).unit == reform.hung_son
