"""The inspection list exports what it shows (the same year, filters and scope) to xlsx."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.inspections.test_inspections import inspections, plan, record  # noqa: F401  (fixture, helpers)

pytestmark = pytest.mark.django_db


def rows_of(client, **params):
    response = client.get(reverse("inspections:list"), {**params, "xuat": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = next(sheet.iter_rows(min_row=3, max_row=3, values_only=True))
    return sheet, header, list(sheet.iter_rows(min_row=4, values_only=True))


def test_the_list_exports_scoped_and_filtered(client, coordinator, officer, inspections):  # noqa: F811
    record(coordinator, inspections["agency"])
    client.force_login(coordinator)
    sheet, header, rows = rows_of(client)
    assert header[:4] == ("Ngày dự kiến", "Ngày thực hiện", "Hình thức", "Đối tượng")
    assert len(rows) == 4
    assert sheet["A4"].number_format == "dd/mm/yyyy"
    _sheet, _header, done = rows_of(client, status="done")
    assert len(done) == 1 and done[0][1] is not None
    assert "Đã thực hiện" in _sheet["A2"].value or done[0][5]
    client.force_login(officer)
    _sheet, _header, mine = rows_of(client)
    assert len(mine) == 2  # the agency's own and its partnership's
