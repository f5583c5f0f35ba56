"""Finalising a year stores the files and figures with checksums; downloads are byte-for-byte."""

import io

import openpyxl
import pytest

from partnerships.exceptions import DomainError, NotPermitted
from reports.services import finalise
from reports.models import FinalisedReport
from tests.factories import without_report_guard
from tests.reports.documents.test_annual import fixture_2024  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_finalising_stores_files_and_figures_with_checksums(fixture_2024, coordinator, officer, leader):  # noqa: F811
    for outsider in (officer, leader):
        with pytest.raises(NotPermitted):
            finalise.finalise_year(actor=outsider, year=2024)
    report = finalise.finalise_year(actor=coordinator, year=2024, waiting_acknowledged=True)
    assert (report.year, report.version, report.finalised_by) == (2024, 1, coordinator)
    assert report.figures["key_figures"]["activities"] == 3
    assert report.figures["key_figures"]["money_total"] == 23_500_000
    assert report.figures_sha256 == finalise.sha256(finalise.figures_bytes(report.figures))
    stored, data, content_type = finalise.stored_file(report.pk, "xlsx")
    assert finalise.sha256(data) == report.xlsx_sha256 and content_type.endswith("spreadsheetml.sheet")
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames[0] == "Tổng hợp"
    assert finalise.current(2024) == report
    with pytest.raises(DomainError, match="đã được chốt"):
        finalise.finalise_year(actor=coordinator, year=2024, waiting_acknowledged=True)


def test_a_tampered_file_is_not_served(fixture_2024, coordinator):  # noqa: F811
    report = finalise.finalise_year(actor=coordinator, year=2024, waiting_acknowledged=True)
    without_report_guard()  # the database refuses the change; a disk-level tampering would not ask
    FinalisedReport.objects.filter(pk=report.pk).update(docx=b"PK-changed")
    with pytest.raises(finalise.ChecksumMismatch, match="không khớp mã kiểm tra"):
        finalise.stored_file(report.pk, "docx")


def test_finalising_again_after_reopening_makes_a_new_version(fixture_2024, coordinator, administrator):  # noqa: F811
    first = finalise.finalise_year(actor=coordinator, year=2024, waiting_acknowledged=True)
    finalise.reopen_year(actor=administrator, year=2024, reason="Bổ sung số liệu Sở Tài chính")
    assert finalise.current(2024) is None
    second = finalise.finalise_year(actor=coordinator, year=2024, waiting_acknowledged=True)
    assert second.version == 2 and finalise.current(2024) == second
    first.refresh_from_db()
    assert first.reopened_by == administrator and first.reopen_reason == "Bổ sung số liệu Sở Tài chính"


def test_finalising_stores_the_settings_the_year_was_scored_with(fixture_2024, coordinator):  # noqa: F811
    from reports.models import ClassificationBand, EvaluationCriterion

    assert not EvaluationCriterion.objects.filter(year=2024).exists()
    finalise.finalise_year(actor=coordinator, year=2024, waiting_acknowledged=True)
    assert EvaluationCriterion.objects.filter(year=2024).count() == 7
    assert ClassificationBand.objects.filter(year=2024).count() == 4
