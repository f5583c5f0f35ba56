"""Evaluation settings of a year: criteria and bands (defaults or the latest earlier year's), overrides."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from partnerships import services
from partnerships.exceptions import DomainError, NotPermitted
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


# --- settings --------------------------------------------------------------------------------


@transaction.atomic
def ensure_year_settings(year: int) -> tuple[list[EvaluationCriterion], list[ClassificationBand]]:
    """The year's criteria and bands, created from the latest earlier year (or the defaults) if missing."""
    criteria = list(EvaluationCriterion.objects.filter(year=year))
    if not criteria:
        source = EvaluationCriterion.objects.filter(year__lt=year).order_by("-year").values_list("year", flat=True)
        last = source.first()
        template = (
            [(c.code, c.weight, c.threshold, c.is_active) for c in EvaluationCriterion.objects.filter(year=last)]
            if last else [(code, weight, threshold, True) for code, weight, threshold in DEFAULT_CRITERIA]
        )
        criteria = EvaluationCriterion.objects.bulk_create([
            EvaluationCriterion(year=year, code=code, weight=weight, threshold=threshold, is_active=active)
            for code, weight, threshold, active in template
        ])
    bands = list(ClassificationBand.objects.filter(year=year))
    if not bands:
        last = ClassificationBand.objects.filter(year__lt=year).order_by("-year").values_list("year", flat=True).first()
        template = (
            [(b.classification, b.min_score) for b in ClassificationBand.objects.filter(year=last)]
            if last else DEFAULT_BANDS
        )
        bands = ClassificationBand.objects.bulk_create([
            ClassificationBand(year=year, classification=c, min_score=score) for c, score in template
        ])
    order = [code for code, _w, _t in DEFAULT_CRITERIA]
    criteria.sort(key=lambda c: order.index(c.code))
    bands.sort(key=lambda b: -b.min_score)
    return criteria, bands


def _require_coordinator(actor):
    if not services.is_coordinator(actor):
        raise NotPermitted(_("Chỉ cán bộ tổng hợp cấp tỉnh cấu hình và điều chỉnh đánh giá, xếp loại."))


@transaction.atomic
def save_year_settings(*, actor, year: int, criteria: dict, bands: dict) -> None:
    """`criteria`: code → (weight, threshold, is_active); `bands`: classification → min score."""
    _require_coordinator(actor)
    services.require_years_open(year)
    existing_criteria, existing_bands = ensure_year_settings(year)
    if not any(active and weight for weight, _t, active in criteria.values()):
        raise DomainError(_("Cần ít nhất một tiêu chí được áp dụng với trọng số lớn hơn 0."))
    scores = [bands[c] for c in Classification.values]
    if scores != sorted(scores, reverse=True) or len(set(scores)) != len(scores):
        raise DomainError(_("Điểm tối thiểu phải giảm dần từ “xuất sắc” đến “không hoàn thành”."))
    for criterion in existing_criteria:
        criterion.weight, criterion.threshold, criterion.is_active = criteria[criterion.code]
        criterion.full_clean()
        criterion.save()
    for band in existing_bands:
        band.min_score = bands[band.classification]
        band.full_clean()
        band.save()


@transaction.atomic
def set_override(*, actor, year: int, agency, classification: str, reason: str) -> ClassificationOverride:
    _require_coordinator(actor)
    services.require_years_open(year)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Cần ghi rõ lý do điều chỉnh xếp loại."))
    if classification not in Classification.values:
        raise DomainError(_("Xếp loại không hợp lệ."))
    override, _created = ClassificationOverride.objects.update_or_create(
        year=year, agency=agency,
        defaults={"classification": classification, "reason": reason, "decided_by": actor},
    )
    return override


@transaction.atomic
def clear_override(*, actor, year: int, agency) -> None:
    _require_coordinator(actor)
    services.require_years_open(year)
    ClassificationOverride.objects.filter(year=year, agency=agency).delete()


# --- scoring ---------------------------------------------------------------------------------
