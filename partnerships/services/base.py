"""What every service does to a row before saving it: attribute the history, full_clean."""

from collections.abc import Iterable


def _with_history_user(instance, actor):
    # django-simple-history reads this when the row is saved, so bulk paths are attributed too.
    instance._history_user = actor
    return instance


def _full_clean(instance, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude))
