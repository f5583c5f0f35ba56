"""Evaluation of agencies: scores from configured criteria, bands, overrides with a reason."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from partnerships.exceptions import DomainError, NotPermitted, YearLocked
from partnerships.models import ActivityStatus, ActivityStatusChange, AnnualPlan, ConfirmationStatus
from reports import evaluation
from reports.services import evaluation_settings
from reports.models import Classification, ClassificationBand, Criterion, EvaluationCriterion
from reports.selectors import ReportFilter
from tests.factories import ActivityFactory, DevelopmentModelFactory, category
from tests.reports.test_year_lock import lock

pytestmark = pytest.mark.django_db

APPROVED = ActivityStatus.APPROVED


@pytest.fixture
def year_2024(partnership, other_partnership, commune):
    """Agency A (SNN) plans 20 M and does 20 M, 15 M of it substantive, 5 M from society, one of
    two activities confirmed, one replicated model. Agency B (PCQN) has no plan and one gift visit."""
    AnnualPlan.objects.create(partnership=partnership, year=2024, money_target=20_000_000)
    a1 = ActivityFactory(partnership=partnership, commune=commune, category=category("mo-hinh"), status=APPROVED,
                         start_date=datetime.date(2024, 3, 1), budget_state=10_000_000, budget_society=5_000_000,
                         confirmation_status=ConfirmationStatus.CONFIRMED)
    a2 = ActivityFactory(partnership=partnership, commune=commune, category=category("tham-hoi"), status=APPROVED,
                         start_date=datetime.date(2024, 9, 1), budget_state=5_000_000, budget_society=0)
    source = DevelopmentModelFactory(partnership=partnership, commune=commune, started_on=datetime.date(2022, 1, 1))
    DevelopmentModelFactory(partnership=partnership, commune=commune, started_on=datetime.date(2024, 4, 1),
                            replicated_from=source, stage="replicated")
    ActivityFactory(partnership=other_partnership, category=category("tham-hoi"), status=APPROVED,
                    start_date=datetime.date(2024, 2, 1), budget_state=2_000_000, budget_society=0)
    # Draft and other-year work does not count.
    ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(2024, 5, 1))
    ActivityFactory(partnership=partnership, commune=commune, status=APPROVED, start_date=datetime.date(2023, 5, 1))
    return a1, a2


def _by_agency(result):
    return {a.agency.short_name: a for a in result.agencies}


def test_a_fresh_year_gets_the_default_settings_or_the_previous_years(coordinator):
    criteria, bands = evaluation_settings.year_settings_create(actor=coordinator, year=2024)
    assert [c.code for c in criteria] == [code for code, _w, _t in evaluation_settings.DEFAULT_CRITERIA]
    assert sum(c.weight for c in criteria) == 100
    assert [b.classification for b in bands] == Classification.values
    EvaluationCriterion.objects.filter(year=2024, code=Criterion.SOCIETY_MONEY).update(threshold=7)
    criteria, _bands = evaluation_settings.year_settings_create(actor=coordinator, year=2025)
    assert {c.code: c.threshold for c in criteria}[Criterion.SOCIETY_MONEY] == Decimal(7)


def test_scores_and_classification_from_the_criteria(year_2024):
    result = evaluation.evaluate(ReportFilter.for_year(2024))
    a, b = _by_agency(result)["SNN"], _by_agency(result)["PCQN"]
    points = {c.code: c.points for c in a.breakdown}
    # Hand computed: plan 15, substantive 15/20 = 75 % ≥ 70 % → 20, plan achieved 100 % → 20,
    # society 5 M of 50 M → 1, one replica → 10, confirmed 1/2 of 80 % → 9.375; on time: no records.
    assert points == {"has_plan": 15, "substantive_share": 20, "plan_achieved": 20, "society_money": 1,
                      "models_replicated": 10, "confirmations": 9.38, "reports_on_time": None}
    assert a.score == 83.8  # 75.375 of the 90 points that could be assessed
    assert a.classification == Classification.GOOD
    assert b.score == 0 and b.classification == Classification.NOT_COMPLETED
    assert [x.agency.short_name for x in result.not_completed] == ["PCQN"]
    assert result.commendations == []


def test_reports_on_time_from_the_first_submission(year_2024, officer):
    a1, a2 = year_2024
    for activity, day in ((a1, datetime.date(2024, 3, 20)), (a2, datetime.date(2024, 11, 15))):
        change = ActivityStatusChange.objects.create(activity=activity, from_status="draft", to_status="submitted",
                                                     actor=officer)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        ActivityStatusChange.objects.filter(pk=change.pk).update(created_at=moment)
    a = _by_agency(evaluation.evaluate(ReportFilter.for_year(2024)))["SNN"]
    on_time = next(c for c in a.breakdown if c.code == Criterion.REPORTS_ON_TIME)
    assert on_time.measure == 0.5 and on_time.points == 6.25
    assert a.score == 81.6


def test_a_late_resubmission_does_not_undo_an_early_first_one(year_2024, officer):
    """a1: submitted in time, returned, submitted again months later (still on time: the first
    counts, once); a2: submitted twice, both late."""
    a1, a2 = year_2024
    for activity, days in ((a1, [datetime.date(2024, 3, 20), datetime.date(2024, 12, 1)]),
                           (a2, [datetime.date(2024, 11, 15), datetime.date(2024, 12, 20)])):
        for day in days:
            change = ActivityStatusChange.objects.create(activity=activity, from_status="draft",
                                                         to_status="submitted", actor=officer)
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            ActivityStatusChange.objects.filter(pk=change.pk).update(created_at=moment)
    from reports.selectors import on_time_by_agency

    assert on_time_by_agency(ReportFilter.for_year(2024))[a1.partnership.agency_id] == (1, 2)


def test_on_time_from_the_summary_equals_the_count_over_the_activities(year_2024, officer):
    """The summary's flags (kept by triggers) and the count over the activities and their
    submissions, which a period cut at a past day still reads, agree."""
    from reports.selectors import _on_time_from_activities, on_time_by_agency

    a1, a2 = year_2024
    for activity, day in ((a1, datetime.date(2024, 3, 20)), (a2, datetime.date(2024, 11, 15))):
        change = ActivityStatusChange.objects.create(activity=activity, from_status="draft", to_status="submitted",
                                                     actor=officer)
        ActivityStatusChange.objects.filter(pk=change.pk).update(
            created_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))))
    for f in (ReportFilter.for_year(2024), ReportFilter.for_year(2024, include_submitted=True),
              ReportFilter.for_year(2024, agency_id=a1.partnership.agency_id)):
        assert on_time_by_agency(f) == _on_time_from_activities(f)
    assert on_time_by_agency(ReportFilter.for_year(2024))[a1.partnership.agency_id] == (1, 2)


def test_bands_decide_and_overrides_win_with_a_recorded_reason(year_2024, coordinator, officer, other_agency):
    evaluation_settings.year_settings_create(actor=coordinator, year=2024)
    ClassificationBand.objects.filter(year=2024, classification=Classification.EXCELLENT).update(min_score=80)
    a = _by_agency(evaluation.evaluate(ReportFilter.for_year(2024)))["SNN"]
    assert a.classification == Classification.EXCELLENT
    with pytest.raises(NotPermitted):
        evaluation_settings.set_override(actor=officer, year=2024, agency=other_agency,
                                classification=Classification.COMPLETED, reason="x")
    with pytest.raises(DomainError, match="lý do"):
        evaluation_settings.set_override(actor=coordinator, year=2024, agency=other_agency,
                                classification=Classification.COMPLETED, reason=" ")
    evaluation_settings.set_override(actor=coordinator, year=2024, agency=other_agency,
                            classification=Classification.COMPLETED, reason="Hỗ trợ khắc phục bão lũ ngoài kế hoạch")
    result = evaluation.evaluate(ReportFilter.for_year(2024))
    b = _by_agency(result)["PCQN"]
    assert (b.computed, b.classification) == (Classification.NOT_COMPLETED, Classification.COMPLETED)
    assert b.override.decided_by == coordinator and b.override.decided_at is not None
    assert [x.agency.short_name for x in result.commendations] == ["SNN"]


def test_settings_and_overrides_of_a_locked_year_are_refused(coordinator, other_agency):
    lock(2024, coordinator)
    with pytest.raises(YearLocked):
        evaluation_settings.set_override(actor=coordinator, year=2024, agency=other_agency,
                                classification=Classification.GOOD, reason="x")
    criteria = {code: (10, Decimal(1), True) for code in Criterion.values}
    bands = dict(evaluation_settings.DEFAULT_BANDS)
    with pytest.raises(YearLocked):
        evaluation_settings.save_year_settings(actor=coordinator, year=2024, criteria=criteria, bands=bands)
    evaluation_settings.save_year_settings(actor=coordinator, year=2025, criteria=criteria, bands=bands)
    assert set(EvaluationCriterion.objects.filter(year=2025).values_list("weight", flat=True)) == {10}
    bands[Classification.GOOD] = Decimal(95)
    with pytest.raises(DomainError, match="giảm dần"):
        evaluation_settings.save_year_settings(actor=coordinator, year=2025, criteria=criteria, bands=bands)
