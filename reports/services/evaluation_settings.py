"""Evaluation settings of a year: criteria and bands (defaults or the latest earlier year's), overrides."""

from django.db import transaction
from django.utils.translation import gettext as _

from partnerships import services
from partnerships.services.base import _with_history_user
from partnerships.exceptions import DomainError, NotPermitted
from reports.evaluation import DEFAULT_BANDS, DEFAULT_CRITERIA, year_settings
from reports.models import Classification, ClassificationBand, ClassificationOverride, EvaluationCriterion
from partnerships.access import policy

__all__ = ["DEFAULT_BANDS", "DEFAULT_CRITERIA", "clear_override", "save_year_settings", "set_override",
           "setting_delete", "setting_save", "year_settings_create"]

# --- settings --------------------------------------------------------------------------------


@transaction.atomic
def year_settings_create(*, actor, year: int) -> tuple[list[EvaluationCriterion], list[ClassificationBand]]:
    """Store the year's criteria and bands, copied from what `evaluation.year_settings` reads for a
    year without any (the latest earlier year's, or the defaults); those already stored are kept.
    Called by the settings page's POST and by finalising, never by a page that only reads."""
    _require_coordinator(actor)
    services.require_years_open(year)
    criteria, bands = year_settings(year)
    for row in (*criteria, *bands):
        if row.pk is None:
            row.full_clean()
            _with_history_user(row, actor).save()
    return criteria, bands


def _require_coordinator(actor):
    if not policy.may_edit_evaluation_settings(actor):
        raise NotPermitted(_("Chỉ cán bộ tổng hợp cấp tỉnh cấu hình và điều chỉnh đánh giá, xếp loại."))


@transaction.atomic
def save_year_settings(*, actor, year: int, criteria: dict, bands: dict) -> None:
    """`criteria`: code → (weight, threshold, is_active); `bands`: classification → min score."""
    _require_coordinator(actor)
    services.require_years_open(year)
    existing_criteria, existing_bands = year_settings_create(actor=actor, year=year)
    if not any(active and weight for weight, _t, active in criteria.values()):
        raise DomainError(_("Cần ít nhất một tiêu chí được áp dụng với trọng số lớn hơn 0."))
    scores = [bands[c] for c in Classification.values]
    if scores != sorted(scores, reverse=True) or len(set(scores)) != len(scores):
        raise DomainError(_("Điểm tối thiểu phải giảm dần từ “xuất sắc” đến “không hoàn thành”."))
    for criterion in existing_criteria:
        criterion.weight, criterion.threshold, criterion.is_active = criteria[criterion.code]
        criterion.full_clean()
        _with_history_user(criterion, actor).save()
    for band in existing_bands:
        band.min_score = bands[band.classification]
        band.full_clean()
        _with_history_user(band, actor).save()


@transaction.atomic
def setting_save(*, actor, setting: EvaluationCriterion | ClassificationBand):
    """One criterion or band as the admin edits it (`setting` holds the new values): coordinators,
    and neither its former nor its new year finalised."""
    _require_coordinator(actor)
    before = type(setting).objects.filter(pk=setting.pk).values_list("year", flat=True).first()
    services.require_years_open(before, setting.year)
    setting.full_clean()
    _with_history_user(setting, actor).save()
    return setting


@transaction.atomic
def setting_delete(*, actor, setting: EvaluationCriterion | ClassificationBand) -> None:
    _require_coordinator(actor)
    services.require_years_open(setting.year)
    _with_history_user(setting, actor).delete()


@transaction.atomic
def set_override(*, actor, year: int, agency, classification: str, reason: str) -> ClassificationOverride:
    _require_coordinator(actor)
    services.require_years_open(year)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Cần ghi rõ lý do điều chỉnh xếp loại."))
    if classification not in Classification.values:
        raise DomainError(_("Xếp loại không hợp lệ."))
    override = (ClassificationOverride.objects.select_for_update().filter(year=year, agency=agency).first()
                or ClassificationOverride(year=year, agency=agency))
    override.classification, override.reason, override.decided_by = classification, reason, actor
    override.full_clean(validate_unique=False)
    _with_history_user(override, actor).save()
    return override


@transaction.atomic
def clear_override(*, actor, year: int, agency) -> None:
    _require_coordinator(actor)
    services.require_years_open(year)
    for override in ClassificationOverride.objects.filter(year=year, agency=agency):
        _with_history_user(override, actor).delete()


# --- scoring ---------------------------------------------------------------------------------
