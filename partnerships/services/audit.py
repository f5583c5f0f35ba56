"""Writing the audit trail: one `audit(...)` call, inside the transaction of the change it records."""

import contextlib
import contextvars

from django.contrib.contenttypes.models import ContentType

from partnerships.models import AuditEvent, AuditKind, ImportBatch


def audit(*, actor, kind: str, obj=None, **details) -> AuditEvent:
    """Record that `actor` did `kind` to `obj` (any model row, or None), with JSON-able details."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        kind=kind,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        details=details,
    )


def import_batch_open(*, actor, source: str, file_name: str, sha256: str) -> ImportBatch:
    """The batch record of an import, written in the import's transaction before its rows."""
    return ImportBatch.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        source=source, file_name=(file_name or "")[:255], sha256=sha256 or "",
    )


def import_batch_close(*, batch: ImportBatch, rows_written: int) -> ImportBatch:
    batch.rows_written = rows_written
    batch.save(update_fields=["rows_written"])
    audit(actor=batch.actor, kind=AuditKind.IMPORT, obj=batch, file=batch.file_name, sha256=batch.sha256,
          rows=rows_written, source=batch.source)
    return batch


# The batch whose rows are being written, for imports that save row by row through the
# services (the admin's): each history version written meanwhile names it.
_current_batch: contextvars.ContextVar[ImportBatch | None] = contextvars.ContextVar("import_batch", default=None)


@contextlib.contextmanager
def import_batch_recording(batch: ImportBatch):
    token = _current_batch.set(batch)
    try:
        yield batch
    finally:
        _current_batch.reset(token)


def name_import_batch(sender, history_instance, **kwargs):
    """simple-history's pre_create_historical_record: a version written inside an import batch
    says so (connected in partnerships/apps.py)."""
    batch = _current_batch.get()
    if batch is not None and not history_instance.history_change_reason:
        history_instance.history_change_reason = batch.change_reason
