"""What every uploaded file keeps beside itself: its original name, what its content says it is,
its size and when it came. Evidence of activities (`Attachment`), inspection minutes and photos
and review documents (`inspections`) are all such files; each table names its own folder
(`file`'s `upload_to`) and who uploaded it, where it records that.
"""

import os

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerships.attachments import INLINE_IMAGE_TYPES, Kind, storage_name, validate_evidence


class StoredFile(models.Model):
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        """A photo that may be shown inline: only the raster kinds the content check accepts. An SVG
        (it can carry script) or anything else declared "image/..." is always a download."""
        return self.content_type in INLINE_IMAGE_TYPES

    def take(self, upload, kind: Kind | None = None):
        """Take `upload` as this row's file: checked by its content (`attachments.validate_evidence`,
        a Vietnamese ValidationError if refused) unless `kind` is the answer of that check already,
        its name kept as the original name and replaced by a random one for storage. Returns self."""
        kind = kind or validate_evidence(upload)
        self.original_name = os.path.basename(upload.name or "")[:255]
        self.content_type = kind.content_type
        self.size = upload.size
        upload.name = storage_name(kind)
        self.file = upload
        return self
