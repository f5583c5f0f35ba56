"""Diacritic-insensitive text matching: "quang nam" finds "Quảng Nam".

PostgreSQL folds with `ketnghia_fold(text)`, an IMMUTABLE wrapper of its `unaccent` extension
(partnerships migrations 0002 and 0011), so that expressions over it can be indexed; SQLite gets a
Python function of the same name and meaning registered on every new connection (see apps.py).
"""

import functools
import unicodedata

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

FOLD_FUNCTION = "ketnghia_fold"  # the same name on PostgreSQL (a SQL function)


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
        return self.as_sql_template(compiler, connection, f"{FOLD_FUNCTION}(%(expressions)s::text)")

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql_template(compiler, connection, f"{FOLD_FUNCTION}(%(expressions)s)")

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


# Vietnamese alphabetical order: a ă â b c d đ e ê … o ô ơ … u ư …; the tone marks only break ties,
# in the dictionaries' order (none, huyền, hỏi, ngã, sắc, nặng); then case.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_MODIFIERS = "\u0306\u0302\u031b"  # breve, circumflex, horn: part of the letter (ă â ê ô ơ ư)


def _rank(char: str) -> int:
    """Spaces, then punctuation, then digits, then the alphabet, then anything else."""
    if char in _LETTER_RANK:
        return 300 + _LETTER_RANK[char]
    if char.isspace():
        return 0
    if char.isdigit():
        return 200 + ord(char) - ord("0") if char.isascii() else 260
    return 1 + ord(char) if ord(char) < 128 else 400 + ord(char)


@functools.lru_cache(maxsize=8192)
def vi_key(text: str | None) -> tuple:
    """A sort key putting Vietnamese text in dictionary order ("Đại Lộc" after "Duy Xuyên", "Tây
    Giang" before "Tiên Phước"): the letters first, then the tones, then case, then the text.
    Remembered per text (a pure function of it): the same few hundred names of units, agencies
    and categories are sorted on every filter bar and table, ≈ 20 µs each to compute."""
    text = text or ""
    letters, tones, cases = [], [], []
    for char in unicodedata.normalize("NFD", text):
        if char in _TONES:
            if tones:
                tones[-1] = _TONES[char]
            continue
        if unicodedata.combining(char):
            if char in _MODIFIERS and letters:
                base = unicodedata.normalize("NFC", letters[-1][1] + char)
                letters[-1] = (_rank(base), base)
            continue
        lower = char.lower()
        letters.append((_rank(lower), lower))
        tones.append(0)
        cases.append(0 if char == lower else 1)
    return (tuple(rank for rank, _char in letters), tuple(tones), tuple(cases), text)


VI_COLLATION = "vi-x-icu"  # PostgreSQL's ICU collation for Vietnamese; registered on SQLite too


def vi_order(field, *, descending: bool = False):
    """ORDER BY `field` (a field name or an expression) in Vietnamese alphabetical order, on
    PostgreSQL and on SQLite alike."""
    from django.db.models.functions import Collate

    expression = Collate(models.F(field) if isinstance(field, str) else field, VI_COLLATION)
    return expression.desc() if descending else expression.asc()


def vi_collate(a: str | None, b: str | None) -> int:
    """The comparison SQLite calls for the "vi" collation (see common.apps)."""
    ka, kb = vi_key(a), vi_key(b)
    return (ka > kb) - (ka < kb)
