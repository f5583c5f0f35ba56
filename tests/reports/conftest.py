"""A small province whose figures are computed by hand in the tests (see `report_world`)."""

import datetime

import pytest

from partnerships.models import ActivityStatus as S
from partnerships.models import ConfirmationStatus as C
from partnerships.models import AnnualPlan, DevelopmentModel, PartnershipStatus
from tests.factories import (
    ActivityFactory,
    AgencyFactory,
    CommuneFactory,
    DevelopmentModelFactory,
    DistrictFactory,
    PartnershipFactory,
    category,
)

M = 1_000_000
D = datetime.date


class World:
    """Named handles on the fixture's rows, so tests read like the hand computation."""


@pytest.fixture
def report_world(district, commune, agency, other_agency):
    """Two districts (Tây Giang 504, Nam Trà My 516), three agencies, four partnerships.

    2024, approved: a1 (P1, A Xan, model, 10M state + 5M society, confirmed), a2 (P1, A Xan,
    visit, 2M state + 1M in kind), a3 (P2, Lăng, vocational training, 20M society, disputed);
    submitted: a4 (P2, visit, 4M state); draft: a5 (P1, 100M). 2023, approved: a6 (P1, model,
    8M state), a7 (P2, visit, 2M in kind).
    """
    w = World()
    w.d1, w.c1 = district, commune  # Huyện Tây Giang 504 (border), Xã A Xan (mountainous)
    w.c2 = CommuneFactory(name="Xã Lăng", code="20336", parent=w.d1)
    w.c3 = CommuneFactory(
        name="Xã Bhalêê", code="20339", parent=w.d1, is_mountainous=False, is_ethnic_minority_area=False
    )
    w.d2 = DistrictFactory(name="Huyện Nam Trà My", code="516", is_mountainous=True)
    w.c4 = CommuneFactory(name="Xã Trà Leng", code="20480", parent=w.d2, is_mountainous=False,
                          is_especially_difficult=True)
    w.c5 = CommuneFactory(name="Xã Trà Dơn (đã sáp nhập)", code="20483", parent=w.d2, valid_to=D(2023, 1, 1))
    w.a, w.b = agency, other_agency  # state (SNN), enterprise (PCQN)
    w.z = AgencyFactory(name="Sở Tư pháp", short_name="STP")
    w.p1 = PartnershipFactory(agency=w.a, unit=w.d1, signed_on=D(2021, 10, 1))
    w.p2 = PartnershipFactory(agency=w.b, unit=w.c2, signed_on=D(2021, 11, 1))
    w.p3 = PartnershipFactory(agency=w.z, unit=w.c3, signed_on=D(2024, 2, 1))
    w.p4 = PartnershipFactory(agency=w.a, unit=w.d2, signed_on=D(2021, 10, 1), status=PartnershipStatus.ENDED,
                              ended_on=D(2022, 6, 30), end_reason="Chuyển sang giúp huyện khác")

    def act(p, commune, cat, status, start=D(2024, 4, 1), state=0, society=0, in_kind=0, **kw):
        return ActivityFactory(partnership=p, commune=commune, category=category(cat), status=status,
                               start_date=start, budget_state=state, budget_society=society,
                               budget_in_kind=in_kind, **kw)

    w.a1 = act(w.p1, w.c1, "mo-hinh", S.APPROVED, state=10 * M, society=5 * M, people_trained=3, jobs_created=2,
               households_out_of_poverty=1, confirmation_status=C.CONFIRMED)
    w.a2 = act(w.p1, w.c1, "tham-hoi", S.APPROVED, state=2 * M, in_kind=1 * M)
    w.a3 = act(w.p2, w.c2, "dao-tao-nghe", S.APPROVED, society=20 * M, people_trained=10, jobs_created=5,
               confirmation_status=C.DISPUTED)
    w.a4 = act(w.p2, w.c2, "tham-hoi", S.SUBMITTED, state=4 * M)
    w.a5 = act(w.p1, w.c1, "mo-hinh", S.DRAFT, state=100 * M)
    w.a6 = act(w.p1, w.c1, "mo-hinh", S.APPROVED, start=D(2023, 5, 1), state=8 * M)
    w.a7 = act(w.p2, w.c2, "tham-hoi", S.APPROVED, start=D(2023, 12, 31), in_kind=2 * M)

    w.m1 = DevelopmentModelFactory(name="Mô hình nuôi bò", partnership=w.p1, commune=w.c1, started_on=D(2024, 3, 1))
    w.m2 = DevelopmentModelFactory(name="Nhân rộng nuôi bò", partnership=w.p1, commune=w.c2,
                                   started_on=D(2024, 9, 1), stage=DevelopmentModel.Stage.REPLICATED,
                                   replicated_from=w.m1)
    w.m3 = DevelopmentModelFactory(name="Mô hình trồng quế", partnership=w.p2, commune=w.c2,
                                   started_on=D(2023, 6, 1))
    w.plan1 = AnnualPlan.objects.create(partnership=w.p1, year=2024, money_target=36 * M, people_trained_target=6)
    return w
