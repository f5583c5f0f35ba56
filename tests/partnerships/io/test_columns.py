"""One activity column vocabulary (defect 7 of issue 9): the list export, the officers' import
template and the admin's resources head the same field with the same words; a file with a former
heading still imports."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from tablib import Dataset

from partnerships.io import officer_import
from partnerships.io.columns import ACTIVITY_HEADING, FORMER_HEADINGS
from partnerships.io.resources import ActivityResource
from partnerships.models import Activity
from tests.factories import ActivityFactory
from tests.partnerships.web.imports.test_officer_import import filled, good_row, template_for, url

VOCABULARY = set(ACTIVITY_HEADING.values())


def _headers(response) -> list[str]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [cell.value for cell in next(sheet.iter_rows(max_row=1))]


@pytest.mark.django_db
def test_every_activity_file_heads_its_columns_from_one_vocabulary(client, coordinator, partnership, commune):
    ActivityFactory(partnership=partnership, commune=commune)
    client.force_login(coordinator)
    exported = _headers(client.get(reverse("partnerships:activity_export"), {"year": 2024}))
    assert set(exported) <= VOCABULARY, set(exported) - VOCABULARY
    assert ACTIVITY_HEADING["budget_state"] == "Ngân sách nhà nước (đồng)" and "Ngân sách nhà nước (đồng)" in exported

    resource = {field.column_name for field in ActivityResource().get_export_fields()}
    assert resource <= VOCABULARY, resource - VOCABULARY
    template = {header.removesuffix(" (*)") for _n, header, _r, _k in officer_import.COLUMNS}
    assert template <= VOCABULARY, template - VOCABULARY
    # The same field, the same words, in all three.
    for name in ("budget_state", "budget_society", "budget_in_kind", "people_reached", "title", "start_date"):
        assert ACTIVITY_HEADING[name] in exported and ACTIVITY_HEADING[name] in resource | template


@pytest.mark.django_db
def test_a_former_heading_still_imports_in_the_admin(coordinator, partnership, commune):
    [former] = FORMER_HEADINGS
    dataset = Dataset(headers=["Mã hoạt động", "Cơ quan, đơn vị", "Mã địa phương kết nghĩa", "Loại hoạt động",
                               "Tên hoạt động", "Ngày bắt đầu", "Mã xã thực hiện", former])
    dataset.append(["", partnership.agency.name, partnership.unit.code, "mo-hinh", "Nhập tiêu đề cũ", "02/02/2024",
                    commune.code, "1.250.000"])
    result = ActivityResource(user=coordinator).import_data(dataset, dry_run=False)
    assert not result.has_validation_errors() and not result.has_errors()
    assert Activity.objects.get(title="Nhập tiêu đề cũ").budget_state == 1_250_000


@pytest.mark.django_db
def test_a_former_heading_still_imports_for_officers(client, officer, partnership, commune):
    client.force_login(officer)
    workbook = template_for(client)
    sheet = workbook[officer_import.DATA_SHEET]
    for cell in sheet[1]:
        if cell.value == ACTIVITY_HEADING["budget_state"]:
            cell.value = "Kinh phí nhà nước (đồng)"
    row = good_row(partnership, commune, **{"Ngày bắt đầu (*)": datetime.date(2025, 3, 15)})
    row["Kinh phí nhà nước (đồng)"] = row.pop(ACTIVITY_HEADING["budget_state"])
    preview = client.post(url("import_upload"), {"file": filled(workbook, [row])})
    assert preview.status_code == 200 and preview.context["result"].ok, preview.context["result"].errors
    assert preview.context["result"].rows[0].fields["budget_state"] == 1_250_000
