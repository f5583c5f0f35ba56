"""Evaluation and commendation of agencies (directive 16, point 4).

Each year has its criteria (weight and threshold) and classification bands; `year_settings` reads
them, and for a year without settings gives unsaved copies of the latest earlier year's (or the
defaults below), so a fresh year works and a page that only reads writes nothing (the settings
page's POST and finalising store them: services/evaluation_settings.year_settings_create). A criterion earns its full weight at or above its threshold and proportionally
less below it; the score is the points earned over the weights of the criteria that could be
assessed, on 0–100. The bands turn the score into a classification, unless a coordinator has
overridden it (with a reason, recorded with who and when). Agencies classified "excellent" are
proposed for commendation.

The measures come from `selectors.agency_rows` (the same figures as the workbook's agency sheet);
only "reports on time" is computed here, from the workflow's records.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Subquery

from reports import selectors
from reports.models import Classification, ClassificationBand, ClassificationOverride, Criterion, EvaluationCriterion

DEFAULT_CRITERIA = [
    (Criterion.HAS_PLAN, 15, Decimal("1")),
    (Criterion.SUBSTANTIVE_SHARE, 20, Decimal("0.7")),
    (Criterion.PLAN_ACHIEVED, 20, Decimal("1")),
    (Criterion.SOCIETY_MONEY, 10, Decimal("50000000")),
    (Criterion.MODELS_REPLICATED, 10, Decimal("1")),
    (Criterion.CONFIRMATIONS, 15, Decimal("0.8")),
    (Criterion.REPORTS_ON_TIME, 10, Decimal("0.8")),
]
DEFAULT_BANDS = [
    (Classification.EXCELLENT, Decimal("90")),
    (Classification.GOOD, Decimal("75")),
    (Classification.COMPLETED, Decimal("50")),
    (Classification.NOT_COMPLETED, Decimal("0")),
]
# How each criterion's measure is shown: share (0.8 → 80 %), money (đồng), count, yes/no.
CRITERION_KIND = {
    Criterion.HAS_PLAN: "yesno",
    Criterion.SUBSTANTIVE_SHARE: "share",
    Criterion.PLAN_ACHIEVED: "share",
    Criterion.SOCIETY_MONEY: "money",
    Criterion.MODELS_REPLICATED: "count",
    Criterion.CONFIRMATIONS: "share",
    Criterion.REPORTS_ON_TIME: "share",
}



def _latest_settings(model, year: int) -> list:
    """The rows of `model` for the latest year up to `year` that has any, in one query."""
    latest = model.objects.filter(year__lte=year).order_by("-year").values("year")[:1]
    return list(model.objects.filter(year=Subquery(latest)))


def year_settings(year: int) -> tuple[list[EvaluationCriterion], list[ClassificationBand]]:
    """The year's criteria and bands as stored; for a year without them, unsaved copies of the
    latest earlier year's (or the defaults). A read: nothing is written. Two queries (one per
    table: the year's rows or else the latest earlier year's), whatever the year has."""
    criteria = _latest_settings(EvaluationCriterion, year)
    if not criteria or criteria[0].year != year:
        template = (
            [(c.code, c.weight, c.threshold, c.is_active) for c in criteria]
            if criteria else [(code, weight, threshold, True) for code, weight, threshold in DEFAULT_CRITERIA]
        )
        criteria = [EvaluationCriterion(year=year, code=code, weight=weight, threshold=threshold, is_active=active)
                    for code, weight, threshold, active in template]
    bands = _latest_settings(ClassificationBand, year)
    if not bands or bands[0].year != year:
        template = [(b.classification, b.min_score) for b in bands] if bands else DEFAULT_BANDS
        bands = [ClassificationBand(year=year, classification=c, min_score=score) for c, score in template]
    order = [code for code, _w, _t in DEFAULT_CRITERIA]
    criteria.sort(key=lambda c: order.index(c.code))
    bands.sort(key=lambda b: -b.min_score)
    return criteria, bands



@dataclass
class CriterionResult:
    code: str
    label: str
    kind: str
    weight: int
    threshold: Decimal
    measure: float | None  # None: could not be assessed (e.g. nothing to confirm)
    points: float | None


@dataclass
class AgencyEvaluation:
    agency: object
    row: dict  # the agency's row from selectors.agency_rows
    score: float | None
    computed: str | None  # classification from the score
    classification: str | None  # after a coordinator's override
    override: ClassificationOverride | None = None
    breakdown: list[CriterionResult] = field(default_factory=list)

    @property
    def classification_label(self) -> str:
        return Classification(self.classification).label if self.classification else "–"

    @property
    def computed_label(self) -> str:
        return Classification(self.computed).label if self.computed else "–"


@dataclass
class Evaluation:
    year: int
    agencies: list[AgencyEvaluation]
    criteria: list[EvaluationCriterion]
    bands: list[ClassificationBand]

    def with_classification(self, classification: str) -> list[AgencyEvaluation]:
        return [a for a in self.agencies if a.classification == classification]

    @property
    def commendations(self) -> list[AgencyEvaluation]:
        return self.with_classification(Classification.EXCELLENT)

    @property
    def not_completed(self) -> list[AgencyEvaluation]:
        return self.with_classification(Classification.NOT_COMPLETED)

    def counts(self) -> list[tuple[str, str, int]]:
        return [(c.value, c.label, len(self.with_classification(c.value))) for c in Classification]


def _measure(code: str, row: dict, on_time: tuple[int, int]) -> float | None:
    if code == Criterion.HAS_PLAN:
        return 1.0 if row["plan"]["plans"] else 0.0
    if code == Criterion.SUBSTANTIVE_SHARE:
        return row["substantive_share_money"] if row["count"] else 0.0
    if code == Criterion.PLAN_ACHIEVED:
        return row["plan_progress"]["money"] or 0.0
    if code == Criterion.SOCIETY_MONEY:
        return float(row["money_society"])
    if code == Criterion.MODELS_REPLICATED:
        return float(row["models_replicated"])
    if code == Criterion.CONFIRMATIONS:
        return row["confirmed"] / row["count"] if row["count"] else 0.0
    if code == Criterion.REPORTS_ON_TIME:
        done, recorded = on_time
        return done / recorded if recorded else None
    raise ValueError(code)


def _classify(score: float | None, bands: list[ClassificationBand]) -> str | None:
    if score is None:
        return None
    for band in bands:  # highest first
        if Decimal(str(round(score, 2))) >= band.min_score:
            return band.classification
    return Classification.NOT_COMPLETED


def score_row(row: dict, criteria, bands, on_time=(0, 0)) -> tuple[float | None, str | None, list]:
    breakdown, earned, possible = [], 0.0, 0
    for criterion in criteria:
        if not criterion.is_active:
            continue
        measure = _measure(criterion.code, row, on_time)
        points = None
        if measure is not None:
            points = criterion.weight * min(measure / float(criterion.threshold), 1.0)
            earned += points
            possible += criterion.weight
        breakdown.append(CriterionResult(
            code=criterion.code, label=Criterion(criterion.code).label, kind=CRITERION_KIND[criterion.code],
            weight=criterion.weight, threshold=criterion.threshold, measure=measure,
            points=None if points is None else round(points, 2),
        ))
    score = round(earned / possible * 100, 1) if possible else None
    return score, _classify(score, bands), breakdown


def evaluate(f: selectors.ReportFilter, *, rows: list[dict] | None = None) -> Evaluation:
    """Score every agency of `f` (whole province or its district) with the settings of f.year_to.
    Overrides apply to a single year. Pass `rows` when the caller already has agency_rows(f)."""
    year = f.year_to
    criteria, bands = year_settings(year)
    rows = selectors.agency_rows(f) if rows is None else rows
    on_time = selectors.on_time_by_agency(f)
    overrides = {}
    if f.is_single_year:
        overrides = {o.agency_id: o for o in ClassificationOverride.objects.filter(year=year).select_related("decided_by")}
    results = []
    for row in rows:
        agency = row["agency"]
        score, computed, breakdown = score_row(row, criteria, bands, on_time.get(agency.pk, (0, 0)))
        override = overrides.get(agency.pk)
        results.append(AgencyEvaluation(
            agency=agency, row=row, score=score, computed=computed,
            classification=override.classification if override else computed,
            override=override, breakdown=breakdown,
        ))
    return Evaluation(year=year, agencies=results, criteria=criteria, bands=bands)


def evaluate_agency(agency, year: int, *, row: dict | None = None) -> AgencyEvaluation | None:
    """One agency's evaluation for the agency page (None if it had nothing to evaluate that year).
    `row`: the agency's whole-province agency_rows row for exactly that year, if the caller has it."""
    f = selectors.ReportFilter.for_year(year, agency_id=agency.pk)
    evaluation = evaluate(f, rows=None if row is None else [row])
    return next((a for a in evaluation.agencies if a.agency.pk == agency.pk), None)
