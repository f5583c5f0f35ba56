"""Diacritic-insensitive text matching: "quang nam" finds "Quảng Nam".

PostgreSQL folds with its `unaccent` extension (created by a migration); SQLite gets a Python
function of the same meaning registered on every new connection (see apps.py).
"""

import unicodedata

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

SQLITE_FOLD_FUNCTION = "ketnghia_fold"


def fold(text: str | None) -> str:
    """Lower-case, strip Vietnamese diacritics; đ/Đ become d."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()


class Folded(models.Func):
    """SQL expression for fold(expression), usable in filter()/annotate()."""

    output_field = models.TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):  # pragma: no cover - other backends
        return Lower(self.source_expressions[0]).as_sql(compiler, connection, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql_template(compiler, connection, "lower(unaccent(%(expressions)s::text))")

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql_template(compiler, connection, f"{SQLITE_FOLD_FUNCTION}(%(expressions)s)")

    def as_sql_template(self, compiler, connection, template):
        return super().as_sql(compiler, connection, template=template)


def folded_search(queryset, fields, term: str):
    """Filter `queryset` to rows where every word of `term` occurs, diacritics ignored, in one of `fields`."""
    words = fold(term).split()
    if not words or not fields:
        return queryset
    annotations = {f"_fold_{i}": Folded(field) for i, field in enumerate(fields)}
    queryset = queryset.alias(**annotations)
    for word in words:
        condition = Q()
        for name in annotations:
            condition |= Q(**{f"{name}__contains": word})
        queryset = queryset.filter(condition)
    return queryset
