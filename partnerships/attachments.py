"""Evidence files: what they really are is decided by their content, never by their name.

A file is accepted when its first bytes (or, for Office Open XML, its zip structure) say it is a
photo (JPEG/PNG/WebP), a PDF or an Office document, and when its name's extension agrees, so
that whoever downloads it gets a file that opens with the right program. Macro-enabled Office
files are refused. The size limit is `settings.ATTACHMENT_MAX_SIZE`.
"""

import os
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 / Excel 97-2003 compound file


@dataclass(frozen=True)
class Kind:
    content_type: str
    extensions: tuple[str, ...]


JPEG = Kind("image/jpeg", ("jpg", "jpeg"))
PNG = Kind("image/png", ("png",))
WEBP = Kind("image/webp", ("webp",))
PDF = Kind("application/pdf", ("pdf",))
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",))
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",))
DOC = Kind("application/msword", ("doc",))
XLS = Kind("application/vnd.ms-excel", ("xls",))

ACCEPTED_EXTENSIONS = ".jpg,.jpeg,.png,.webp,.pdf,.docx,.xlsx,.doc,.xls"
# The photos a browser may show inline (never SVG, which can carry script).
INLINE_IMAGE_TYPES = frozenset(kind.content_type for kind in (JPEG, PNG, WEBP))


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _ooxml_kind(upload) -> Kind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(_("Tệp Office có chứa macro; xin lưu lại dưới dạng .docx hoặc .xlsx thông thường."))
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def detect_kind(upload) -> Kind | None:
    """What the file is, from its content; None if it is none of the accepted kinds."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(OLE_MAGIC):
        # Both legacy formats share one container; the name says which program opens it.
        return XLS if _extension(upload.name) == "xls" else DOC
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_kind(upload)
    return None


def validate_evidence(upload) -> Kind:
    """Raise a Vietnamese ValidationError unless `upload` is acceptable evidence; return its kind."""
    limit = settings.ATTACHMENT_MAX_SIZE
    name = os.path.basename(upload.name or "")
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s); giới hạn là %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    kind = detect_kind(upload)
    if kind is None:
        raise ValidationError(
            _("Tệp “%(name)s” không phải ảnh (JPEG, PNG, WebP), PDF hoặc tệp Office (Word, Excel).") % {"name": name}
        )
    if _extension(name) not in kind.extensions:
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không khớp với phần mở rộng của tên tệp (nội dung là tệp .%(ext)s).")
            % {"name": name, "ext": kind.extensions[0]}
        )
    return kind


def storage_name(kind: Kind) -> str:
    """Files are stored under a random name: the original name is kept in the database only."""
    return f"{uuid.uuid4().hex}.{kind.extensions[0]}"
