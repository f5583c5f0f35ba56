"""The names on a report by date: one lookup for the annual report (workbook, narrative, pages)
and the inspections' documents (the commendation list).

`report_names(on)` answers with the `ReportNames` row in force on `on` (the latest one starting
on or before it) or, before the first row, today's REPORT_* settings: so a deployment that has
entered nothing keeps its current names, and a reform is a row, not a code change.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from partnerships.models import ReportNames


@dataclass(frozen=True)
class Names:
    issuer: str
    parent_body: str
    place: str
    signer_title: str
    signer_name: str


def default_names() -> Names:
    return Names(
        issuer=settings.REPORT_ISSUER, parent_body=settings.REPORT_PARENT_BODY, place=settings.REPORT_PLACE,
        signer_title=getattr(settings, "REPORT_SIGNER_TITLE", "BÍ THƯ"), signer_name=getattr(settings, "REPORT_SIGNER", ""),
    )


def report_names(on: datetime.date) -> Names:
    row = ReportNames.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    if row is None:
        return default_names()
    return Names(issuer=row.issuer, parent_body=row.parent_body, place=row.place, signer_title=row.signer_title,
                 signer_name=row.signer_name)
