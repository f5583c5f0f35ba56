"""The import preview names a row of a finalised year on its row and column (issue 11), instead
of calling the file valid and having the confirm refuse it with column "–"."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import Activity
from tests.factories import lock_year
from tests.partnerships.web.imports.test_officer_import import XLSX, fill_rows, good_row, template_for

pytestmark = pytest.mark.django_db


def test_preview_reports_a_locked_year_row_on_its_row_with_its_column(client, officer, coordinator, partnership,
                                                                     commune):
    lock_year(2024, coordinator)
    client.force_login(officer)
    data = fill_rows(template_for(client), [
        good_row(partnership, commune),  # 2025: open
        good_row(partnership, commune, **{"Tên hoạt động (*)": "Năm đã chốt",
                                          "Ngày bắt đầu (*)": datetime.date(2024, 5, 2),
                                          "Ngày kết thúc": "03/05/2024"}),
    ])
    response = client.post(reverse("partnerships:import_upload"),
                           {"file": SimpleUploadedFile("hd.xlsx", data, content_type=XLSX)})
    result = response.context["result"]
    assert not result.ok and response.context["token"] is None
    assert [(e.row, e.column) for e in result.errors] == [(3, "Ngày bắt đầu (*)")]
    assert "Năm 2024 đã chốt số liệu báo cáo" in result.errors[0].message
    assert "Năm 2024 đã chốt số liệu báo cáo" in response.content.decode()
    assert not Activity.objects.exists()
