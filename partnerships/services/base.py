"""What every service does to a row before saving it: attribute the history, full_clean."""

from collections.abc import Iterable

from django.utils import timezone


def _with_history_user(instance, actor):
    # django-simple-history reads this when the row is saved, so bulk paths are attributed too.
    instance._history_user = actor
    return instance


def _full_clean(instance, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude))


def _first_versions(model, objs, *, actor, reason: str) -> tuple[list[str], list[list]]:
    """The history rows of `objs` just created, as django-simple-history's own bulk helper
    builds them (`bulk_history_create`: type "+", the tracked fields, who, when, why), as
    (columns, rows) for a caller that writes them itself (`common.bulk.insert_rows`)."""
    history, now = model.history.model, timezone.now()
    tracked = [field.attname for field in history.tracked_fields]
    columns = [*tracked, "history_date", "history_user_id", "history_change_reason", "history_type"]
    relation = hasattr(history, "history_relation")
    if relation:
        columns.append("history_relation_id")
    actor_id = getattr(actor, "pk", None)
    return columns, [[*(getattr(obj, name) for name in tracked), now, actor_id, reason, "+",
                      *((obj.pk,) if relation else ())] for obj in objs]
