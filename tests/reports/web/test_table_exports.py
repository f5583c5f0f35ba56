"""The dashboard's tables and the drill-down pages export what they show to xlsx (?xuat=xlsx):
one sheet per table, the same rows as the page, the one column vocabulary, money, counts and
shares formatted, scoped like the page."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def workbook(client, url, **params):
    response = client.get(url, {**params, "xuat": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def body(sheet):
    return list(sheet.iter_rows(min_row=4, values_only=True))


def test_the_dashboard_exports_its_tables(client, leader, report_world):
    client.force_login(leader)
    page = client.get(reverse("reports:dashboard"), {"year": "2024"}).context
    book = workbook(client, reverse("reports:dashboard"), year="2024")
    assert book.sheetnames == ["Số liệu chính", "Theo loại hoạt động", "Theo huyện", "Theo xã", "Qua các năm"]
    figures = {row[0]: row for row in body(book["Số liệu chính"])}
    money = next(f for f in page["figures"] if f.key == "money_total")
    assert figures[str(money.label)][3] == money.value  # the money column, in đồng
    assert book["Số liệu chính"]["D4"].number_format.endswith('#,##0" ₫"') or any(
        c.number_format.endswith('#,##0" ₫"') for c in book["Số liệu chính"]["D"][3:] if c.value)
    districts = body(book["Theo huyện"])
    assert [(r[0], r[1], r[5]) for r in districts] == [
        (d.get("label") or d["name"], d["count"], d["money_total"]) for d in page["districts"]]
    header = next(book["Theo huyện"].iter_rows(min_row=3, max_row=3, values_only=True))
    assert header[2:6] == ("Ngân sách nhà nước (đồng)", "Xã hội hóa (đồng)", "Hiện vật quy đổi (đồng)",
                           "Tổng kinh phí (đồng)")
    assert book["Số liệu chính"]["A1"].value == "Tổng quan chương trình kết nghĩa"
    assert book["Theo huyện"]["A1"].value == "Theo huyện được hỗ trợ"
    assert "Năm 2024" in book["Theo huyện"]["A2"].value


def test_the_drill_down_pages_export_their_tables(client, leader, report_world):
    client.force_login(leader)
    district = workbook(client, reverse("reports:district_detail", args=["504"]), year="2024")
    assert district.sheetnames == ["Số liệu chính", "Theo xã", "Theo loại hoạt động", "Quan hệ kết nghĩa"]
    assert [r[0] for r in body(district["Theo xã"])] == ["Xã A Xan", "Xã Lăng"]
    commune = workbook(client, reverse("reports:commune_detail", args=["20333"]), year="2024")
    assert "Xã A Xan" in commune["Số liệu chính"]["A1"].value
    agency = workbook(client, reverse("reports:agency_detail", args=[report_world.a.pk]), year="2024")
    assert {r[1] for r in body(agency["Quan hệ kết nghĩa"])} == {report_world.a.name}
    communes = workbook(client, reverse("reports:commune_list"), year_from="2023", year_to="2024")
    rows = body(communes.active)
    assert [r[0] for r in rows] == ["Xã A Xan", "Xã Lăng"] and rows[0][1] == "Huyện Tây Giang"


def test_the_export_is_scoped_like_the_page(client, officer, report_world):
    client.force_login(officer)
    book = workbook(client, reverse("reports:agency_list"), year="2024")
    assert [r[0] for r in body(book.active)] == [report_world.a.name]


def test_the_pages_offer_the_export(client, leader, report_world):
    client.force_login(leader)
    html = client.get(reverse("reports:district_detail", args=["504"]), {"year": "2024"}).content.decode()
    assert 'id="tables-export" href="/reports/tong-quan/huyen/504/?year=2024&amp;xuat=xlsx"' in html
