"""Readable change history from django-simple-history: who changed what, from what to what.

`{% history_entries records as entries %}` turns the historical records of ONE object (newest
first, as `obj.history.all()` gives them) into entries with field-level changes whose values are
shown the way the portal shows them (money as 1.000.000 ₫, dates dd/mm/yyyy, names not ids).
"""

import datetime
import os

from django import template
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.templatetags.ketnghia import number, vnd
from partnerships.models import ImportBatch

register = template.Library()

# Bookkeeping columns that change on every save and say nothing to a reader.
IGNORED_FIELDS = {"id", "created_at", "updated_at"}
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def _is_money(field) -> bool:
    return isinstance(field, models.PositiveBigIntegerField) or "(đồng)" in str(field.verbose_name)


def _label(field) -> str:
    text = str(field.verbose_name)
    return text[:1].upper() + text[1:]


def _display(field, value, related_names) -> str:
    if value is None or value == "":
        return "–"
    if field.is_relation:
        return related_names.get((field.related_model, value), f"#{value}")
    if isinstance(field, models.FileField):
        return os.path.basename(str(value))  # the storage path says nothing to a reader
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if _is_money(field):
        return vnd(value)
    if isinstance(value, int) and field.name != "year":  # a year is a label, not a quantity: 2025, not 2.025
        return number(value)
    return str(value)


def _who(user) -> str:
    if user is None:
        return _("hệ thống")
    return user.get_full_name() or user.get_username()


@register.simple_tag(takes_context=True)
def history_entries(context, records):
    records = list(records)
    if not records:
        return []
    model = records[0].instance_type
    fields = {
        f.attname: f for f in model._meta.concrete_fields if f.name not in IGNORED_FIELDS and f.attname not in IGNORED_FIELDS
    }
    pairs, wanted = [], {}
    for index, record in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        for attname, field in fields.items():
            new = getattr(record, attname, None)
            old = getattr(older, attname, None) if older is not None else None
            if older is None and record.history_type == "+" and new in (None, "", 0, False):
                continue  # a new record: list only what was filled in
            if older is not None and old == new:
                continue
            changes.append((field, old, new))
            if field.is_relation:
                for value in (old, new):
                    if value is not None:
                        wanted.setdefault(field.related_model, set()).add(value)
        pairs.append((record, older, changes))
    # One query per related model, however long the history.
    related_names = {}
    for related_model, ids in wanted.items():
        # A scoped model (partnership, activity, development model, plan) is named only if the
        # reader may see that row; reference data (units, agencies, categories) is public.
        request = context.get("request")
        manager = related_model._base_manager
        scoped = hasattr(related_model.objects, "visible_to")
        if scoped:
            user = getattr(request, "user", None)
            manager = related_model.objects.visible_to(user) if user is not None else related_model.objects.none()
        for obj in manager.filter(pk__in=ids):
            related_names[(related_model, obj.pk)] = str(obj)
        if scoped:
            for pk in ids:
                related_names.setdefault((related_model, pk), _("(ngoài phạm vi)"))
    # Versions written by an import name their batch (file, SHA-256, who, rows): one query.
    batch_ids = {ImportBatch.id_of_reason(getattr(record, "history_change_reason", None)) for record in records}
    batches = ImportBatch.objects.in_bulk([pk for pk in batch_ids if pk is not None])
    entries = []
    for record, older, changes in pairs:
        entries.append(
            {
                "record": record,
                "kind": HISTORY_TYPES.get(record.history_type, "changed"),
                "user": record.history_user,
                "who": _who(record.history_user),
                "date": record.history_date,
                "batch": batches.get(ImportBatch.id_of_reason(getattr(record, "history_change_reason", None))),
                "changes": [
                    {
                        "label": _label(field),
                        "old": _display(field, old, related_names) if older is not None else "",
                        "new": _display(field, new, related_names),
                    }
                    for field, old, new in changes
                ],
            }
        )
    return entries
