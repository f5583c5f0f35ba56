"""Development model use cases."""


from django.db import transaction
from django.utils.translation import gettext as _

from partnerships.access.policy import _require_partnership_writer
from partnerships.exceptions import DomainError
from partnerships.models import (
    DevelopmentModel,
)
from partnerships.services.base import _full_clean, _with_history_user

# --- development models --------------------------------------------------------------------

DEVELOPMENT_MODEL_FIELDS = (
    "name",
    "partnership",
    "commune",
    "sector",
    "stage",
    "households",
    "started_on",
    "maintained_on",
    "developed_on",
    "replicated_on",
    "description",
    "replicated_from",
)


@transaction.atomic
def development_model_save(*, actor, model: DevelopmentModel | None = None, **fields) -> DevelopmentModel:
    """Create a development model (model=None) or change one; the agency's officers and coordinators.

    The dates of the stages (built, maintained, developed, replicated) are the model's own fields,
    given by whoever records it; django-simple-history keeps who changed what and when.
    """
    unknown = set(fields) - set(DEVELOPMENT_MODEL_FIELDS)
    if unknown:
        raise TypeError(f"development_model_save() got unexpected fields: {sorted(unknown)}")
    if model is None:
        model = DevelopmentModel()
    else:
        model = DevelopmentModel.objects.select_for_update().select_related("partnership").get(pk=model.pk)
        _require_partnership_writer(actor, model.partnership)
    for name, value in fields.items():
        setattr(model, name, value)
    if model.partnership_id is None:
        raise DomainError(_("Cần chọn quan hệ kết nghĩa của mô hình."))
    _require_partnership_writer(actor, model.partnership)
    if model.replicated_from_id and model.pk and model.replicated_from_id == model.pk:
        raise DomainError(_("Mô hình không thể nhân rộng từ chính nó."))
    _full_clean(model)
    _with_history_user(model, actor).save()
    return model


@transaction.atomic
def development_model_delete(*, actor, model: DevelopmentModel) -> None:
    """Delete a model recorded by mistake: not while activities or replicas refer to it."""
    model = DevelopmentModel.objects.select_for_update().select_related("partnership").get(pk=model.pk)
    _require_partnership_writer(actor, model.partnership)
    if model.replicas.exists() or model.activities.exists():
        raise DomainError(_("Mô hình đã có hoạt động hoặc mô hình nhân rộng gắn với nó: không xóa được."))
    _with_history_user(model, actor).delete()
