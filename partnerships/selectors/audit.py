"""The audit trail as one list (the audit page and its export): every version django-simple-history
keeps, of every model it keeps (found from its registry, so the annual report's evaluation
settings are listed without this layer importing them), and every `AuditEvent`.

One UNION ALL of one SELECT per source, each filtered first (who, what, kind, dates), ordered by
time: the page reads 50 rows of it and counts it, whatever the number of sources. Which entries a
reader sees is `scoping.audit_sources`: the sources, and for each the rows.
"""

from dataclasses import dataclass

from django.db.models import Case, CharField, F, Q, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext
from simple_history.manager import HistoryManager
from simple_history.models import registered_models

from common.text import folded_search
from partnerships.access.reach import audit_rows_visible
from partnerships.models import AuditEvent, AuditKind, ImportBatch, User

HISTORY_KINDS = {"+": AuditKind.CREATED, "~": AuditKind.CHANGED, "-": AuditKind.DELETED}

# How a version names its object where the model has no title, name or username (joins through
# the historical foreign keys, which keep their relations without constraints).
LABELS = {
    "partnerships.partnership": lambda: Concat("agency__name", Value(" – "), "unit__name"),
    "partnerships.annualplan": lambda: Concat("partnership__agency__name", Value(" – "), "partnership__unit__name",
                                              Value(" ("), Cast("year", CharField()), Value(")")),
    "partnerships.unitsuccession": lambda: Concat("predecessor__name", Value(" → "), "successor__name"),
    "reports.evaluationcriterion": lambda: Concat("code", Value(" ("), Cast("year", CharField()), Value(")")),
    "reports.classificationband": lambda: Concat("classification", Value(" ("), Cast("year", CharField()),
                                                 Value(")")),
    "reports.classificationoverride": lambda: Concat("agency__name", Value(" ("), Cast("year", CharField()),
                                                     Value(")")),
}
NAME_FIELDS = ("title", "name", "username")


@dataclass(frozen=True)
class Source:
    """One table of the trail: a model with history (its versions) or the audit events."""

    key: str  # "app.model" of the model, or "audit" for the events
    label: str  # what the reader calls it
    model: type | None  # the model whose history this is (None: the events)


def history_sources() -> list[Source]:
    sources = []
    for model in registered_models.values():
        # The registry also holds the through tables of the kept many-to-many fields (a user's
        # roles): they have no history manager of their own and are read with their owner.
        if not isinstance(getattr(model, "history", None), HistoryManager):
            continue
        sources.append(Source(model._meta.label_lower, str(model._meta.verbose_name), model))
    return sorted(sources, key=lambda source: source.key)


EVENTS = Source("audit", "", None)


def sources() -> list[Source]:
    return [*history_sources(), EVENTS]


def _label_of(model):
    key = model._meta.label_lower
    if key in LABELS:
        return LABELS[key]()
    names = {field.name for field in model._meta.concrete_fields}
    for name in NAME_FIELDS:
        if name in names:
            return Cast(name, CharField())
    return Cast("id", CharField())


@dataclass
class AuditQuery:
    """What the reader asks: who (words of a name or username), which object (words of its name,
    or its number), which kind of change, which table, from and to which day."""

    user: str = ""
    text: str = ""
    kind: str = ""
    source: str = ""
    date_from: object = None
    date_to: object = None
    batch: int | None = None


def _versions(source: Source, query: AuditQuery, reader):
    history = source.model.history.model
    rows = history.objects.annotate(
        e_label=_label_of(history),
    )
    rows = audit_rows_visible(rows, reader=reader, model=source.model)
    if query.kind:
        codes = [code for code, kind in HISTORY_KINDS.items() if kind == query.kind]
        if not codes:
            return None
        rows = rows.filter(history_type__in=codes)
    if query.batch is not None:
        rows = rows.filter(history_change_reason=f"{ImportBatch.REASON_PREFIX}{query.batch}")
    rows = _common_filters(rows, query, at="history_date", actor="history_user", label="e_label",
                           object_id="id")
    return rows.order_by().values(
        e_at=F("history_date"),
        e_actor=F("history_user_id"),
        e_kind=Case(*[When(history_type=code, then=Value(str(value))) for code, value in HISTORY_KINDS.items()],
                    output_field=CharField()),
        e_source=Value(source.key, output_field=CharField()),
        e_object=Cast("id", CharField()),
        e_name=Cast("e_label", CharField()),
        e_detail=Cast(Coalesce("history_change_reason", Value("")), TextField()),
        e_pk=F("history_id"),
    )


def _events(query: AuditQuery, reader):
    rows = audit_rows_visible(AuditEvent.objects.all(), reader=reader, model=None)
    if query.kind:
        rows = rows.filter(kind=query.kind)
    if query.source:
        app, _dot, model = query.source.partition(".")
        rows = rows.filter(content_type__app_label=app, content_type__model=model)
    if query.batch is not None:
        rows = rows.filter(kind=AuditKind.IMPORT, object_id=str(query.batch),
                           content_type__app_label=ImportBatch._meta.app_label,
                           content_type__model=ImportBatch._meta.model_name)
    rows = _common_filters(rows, query, at="at", actor="actor", label="object_repr", object_id="object_id")
    return rows.order_by().values(
        e_at=F("at"),
        e_actor=F("actor_id"),
        e_kind=Cast("kind", CharField()),
        e_source=Coalesce(Concat("content_type__app_label", Value("."), "content_type__model"),
                          Value("audit"), output_field=CharField()),
        e_object=Cast("object_id", CharField()),
        e_name=Cast("object_repr", CharField()),
        e_detail=Cast("details", TextField()),
        e_pk=F("id"),
    )


def _common_filters(rows, query: AuditQuery, *, at, actor, label, object_id):
    if query.date_from:
        rows = rows.filter(**{f"{at}__date__gte": query.date_from})
    if query.date_to:
        rows = rows.filter(**{f"{at}__date__lte": query.date_to})
    if query.user:
        rows = folded_search(rows, [f"{actor}__username", f"{actor}__first_name", f"{actor}__last_name"], query.user)
    if query.text:
        text = query.text.strip()
        if text.isdigit() and len(text) <= 18:
            rows = rows.filter(Q(**{object_id: text if object_id != "id" else int(text)}))
        else:
            rows = folded_search(rows, [label], text)
    return rows


def audit_entries(*, reader, query: AuditQuery):
    """The reader's entries matching `query`, newest first, as dicts (e_at, e_actor, e_kind,
    e_source, e_object, e_name, e_detail, e_pk); a UNION ALL queryset, to page or to stream."""
    parts = []
    for source in sources():
        if query.source and source is not EVENTS and query.source != source.key:
            continue
        if source is EVENTS:
            if query.kind in HISTORY_KINDS.values():
                continue  # created / changed / deleted are versions, never events
            part = _events(query, reader)
        else:
            if query.kind and query.kind not in HISTORY_KINDS.values():
                continue
            part = _versions(source, query, reader)
        if part is not None:
            parts.append(part)
    if not parts:
        return AuditEvent.objects.none().values("id")
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-e_at", "-e_pk")


def actors_of(entries) -> dict[int, User]:
    ids = {entry["e_actor"] for entry in entries if entry["e_actor"]}
    return User.objects.in_bulk(ids)


IGNORED_IN_CHANGES = {"id", "history_id", "history_date", "history_user", "history_type", "history_change_reason",
                      "history_relation", "password", "last_login"}


def changed_fields(entries) -> dict[tuple[str, int], str]:
    """For the versions among `entries` that change a row, "field: old → new, ..." against the
    version before; one query per table on the page, whatever the rows."""
    by_source = {}
    for entry in entries:
        if entry["e_kind"] == AuditKind.CHANGED and entry["e_source"] != EVENTS.key:
            by_source.setdefault(entry["e_source"], []).append(entry)
    models = {source.key: source.model for source in history_sources()}
    found = {}
    for key, wanted in by_source.items():
        model = models.get(key)
        if model is None:
            continue
        history = model.history.model
        fields = [field for field in history._meta.concrete_fields if field.name not in IGNORED_IN_CHANGES]
        latest = max(entry["e_pk"] for entry in wanted)
        versions = (history.objects.filter(id__in={entry["e_object"] for entry in wanted}, history_id__lte=latest)
                    .order_by("id", "history_date", "history_id"))
        latest_of, pairs = {}, {}
        for version in versions:
            pairs[version.history_id] = (latest_of.get(version.id), version)
            latest_of[version.id] = version
        for entry in wanted:
            older, newer = pairs.get(entry["e_pk"], (None, None))
            if older is None:
                continue
            parts = []
            for field in fields:
                old, new = getattr(older, field.attname), getattr(newer, field.attname)
                if old != new:
                    parts.append(f"{field.verbose_name}: {_shown(old)} → {_shown(new)}")
            found[(key, entry["e_pk"])] = ", ".join(parts)
    return found


def _shown(value) -> str:
    if value is True:
        return gettext("có")
    if value is False:
        return gettext("không")
    if value is None or value == "":
        return "–"
    return str(value)[:80]
