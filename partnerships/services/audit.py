"""Writing the audit trail: one `audit(...)` call, inside the transaction of the change it records."""

from django.contrib.contenttypes.models import ContentType

from partnerships.models import AuditEvent


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
