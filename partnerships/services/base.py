"""What every service does to a row before saving it: attribute the history, full_clean."""

from collections.abc import Iterable

from django.utils import timezone


def _with_history_user(instance, actor):
    # django-simple-history reads this when the row is saved, so bulk paths are attributed too.
    instance._history_user = actor
    return instance


def _full_clean(instance, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude))


def _first_versions(model, objs, *, actor, reason: str) -> list:
    """The history rows of `objs` just created, as django-simple-history's own bulk helper
    builds them (`bulk_history_create`: type "+", the tracked fields, who, when, why), for a
    caller that writes them itself (`common.bulk.insert_many`)."""
    history, now = model.history.model, timezone.now()
    rows = []
    for obj in objs:
        row = history(history_date=now, history_user=actor, history_change_reason=reason, history_type="+",
                      **{field.attname: getattr(obj, field.attname) for field in history.tracked_fields})
        if hasattr(history, "history_relation"):
            row.history_relation_id = obj.pk
        rows.append(row)
    return rows
