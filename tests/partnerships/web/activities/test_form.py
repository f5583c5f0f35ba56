"""Create / edit form: Vietnamese money and dates, area and result rules, evidence by content,
save draft or submit at once, nothing half-written, typed values kept on error."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.forms import parse_money
from partnerships.models import Activity, ActivityStatus, Attachment
from tests.factories import ActivityFactory, CommuneFactory, DistrictFactory, PartnershipFactory, category

CREATE = reverse("partnerships:activity_create")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def ooxml(main_part: str, extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<x/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def data(partnership, commune):
    return {
        "partnership": partnership.pk,
        "category": category("mo-hinh").pk,
        "title": "Hỗ trợ 10 con bò sinh sản cho hộ nghèo",
        "description": "Bàn giao tại thôn Bhơ Hôồng",
        "start_date": "15/03/2024",
        "end_date": "",
        "commune": commune.pk,
        "budget_state": "1.250.000",
        "budget_society": "2500000",
        "budget_in_kind": "300.000 ₫",
        "households_reached": "10",
        "people_reached": "42",
        "ethnic_minority_people": "40",
        "people_trained": "",  # empty counts mean 0
        "jobs_created": "0",
        "households_out_of_poverty": "3",
        "development_model": "",
    }


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1.250.000", 1_250_000), ("1250000", 1_250_000), ("1.250.000 ₫", 1_250_000), ("1.250.000\u00a0₫", 1_250_000),
     ("500.000đ", 500_000), ("  ", 0), ("", 0), ("0", 0), ("12.000.000.000", 12_000_000_000)],
)
def test_money_typed_the_vietnamese_way(typed, stored):
    assert parse_money(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [("-500.000", "không được âm"), ("1250000,5", "không có phần lẻ"), ("1.5", "không có phần lẻ"),
     ("1.25.000", "không có phần lẻ"), ("một triệu", "chỉ gồm chữ số"), ("9" * 17, "quá lớn")],
)
def test_money_refused_with_a_message(typed, message):
    with pytest.raises(ValidationError) as error:
        parse_money(typed)
    assert message in error.value.messages[0]


@pytest.mark.parametrize("typed", ["15/03/2024", "15/3/2024", "15-03-2024", "15.03.2024", "15032024", "2024-03-15"])
def test_dates_typed_in_a_hurry(client, officer, data, typed):
    client.force_login(officer)
    assert client.post(CREATE, {**data, "start_date": typed}).status_code == 302
    assert Activity.objects.get().start_date == datetime.date(2024, 3, 15)


def test_officer_creates_a_draft_stored_in_whole_dong(client, officer, data):
    client.force_login(officer)
    response = client.post(CREATE, data)
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "partnerships:activity_detail", args=[activity.pk])
    assert (activity.budget_state, activity.budget_society, activity.budget_in_kind) == (1_250_000, 2_500_000, 300_000)
    assert activity.start_date == datetime.date(2024, 3, 15)
    assert activity.status == ActivityStatus.DRAFT
    assert activity.created_by == officer
    assert activity.people_trained == 0
    assert activity.history.first().history_user == officer


def test_save_and_submit_from_the_form(client, officer, data):
    client.force_login(officer)
    client.post(CREATE, {**data, "save_and_submit": "1"})
    activity = Activity.objects.get()
    assert activity.status == ActivityStatus.SUBMITTED
    assert [c.to_status for c in activity.status_changes.all()] == ["draft", "submitted"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("budget_state", "-1.000", "Số tiền không được âm."),
        ("budget_society", "1.000,50", "không có phần lẻ"),
        ("start_date", "2024/03/15", "ngày/tháng/năm"),
        ("start_date", "31/02/2024", "ngày/tháng/năm"),
        ("end_date", "01/03/2024", "Ngày kết thúc không được trước ngày bắt đầu."),
        ("people_reached", "-3", "Số lượng không được âm."),
        ("ethnic_minority_people", "43", "Số người dân tộc thiểu số không được lớn hơn số người được hỗ trợ."),
        ("title", "", "bắt buộc"),
    ],
)
def test_invalid_input_shows_a_field_error_and_keeps_what_was_typed(client, officer, data, field, value, message):
    client.force_login(officer)
    response = client.post(CREATE, {**data, field: value})
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    text = response.content.decode()
    assert f'value="{value}"' in text  # what was typed, as typed
    assert 'value="2500000"' in text or field == "budget_society"
    assert "Hỗ trợ 10 con bò" in text or field == "title"
    assert Activity.objects.count() == 0


def test_commune_outside_the_partner_district_is_a_field_error(client, officer, data):
    # A commune another partnership of the same agency covers: offered in the list, but not in this area.
    from partnerships.models import Agency

    elsewhere = CommuneFactory(parent=DistrictFactory())
    PartnershipFactory(agency=Agency.objects.get(pk=officer.agency_id), unit=elsewhere.parent)
    client.force_login(officer)
    response = client.post(CREATE, {**data, "commune": elsewhere.pk})
    assert response.status_code == 200
    assert "Xã thực hiện phải thuộc địa phương kết nghĩa." in response.context["form"].errors["commune"]
    assert Activity.objects.count() == 0


def test_partnership_choices_are_only_the_officers_own(client, officer, data, other_partnership):
    client.force_login(officer)
    response = client.get(CREATE)
    choices = list(response.context["form"].fields["partnership"].queryset)
    assert other_partnership not in choices and len(choices) == 1
    response = client.post(CREATE, {**data, "partnership": other_partnership.pk})
    assert "partnership" in response.context["form"].errors
    assert Activity.objects.count() == 0


def test_ended_partnership_is_not_offered(client, officer, partnership, coordinator):
    from partnerships import services

    services.partnership_end(actor=coordinator, partnership=partnership, ended_on=datetime.date(2025, 1, 1),
                             reason="Sáp nhập huyện")
    client.force_login(officer)
    assert list(client.get(CREATE).context["form"].fields["partnership"].queryset) == []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("anh-ban-giao.png", PNG, "image/png"), ("anh.JPG", JPEG, "image/jpeg"), ("bien-ban.pdf", PDF, "application/pdf"),
     ("danh-sach.xlsx", ooxml("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
     ("bao-cao.docx", ooxml("word/document.xml"),
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
     ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "application/msword")],
)
def test_evidence_accepted_by_content(client, officer, data, name, content, content_type):
    client.force_login(officer)
    response = client.post(CREATE, {**data, "files": [upload(name, content)]})
    assert response.status_code == 302, response.context["form"].errors
    attachment = Attachment.objects.get()
    assert attachment.original_name == name
    assert attachment.content_type == content_type  # from the content, not from what the browser said
    assert name not in attachment.file.name  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("bien-ban.pdf", EXE, "không phải ảnh"),
     ("anh.png", PDF, "không khớp với phần mở rộng"),
     ("macro.xlsx", ooxml("xl/workbook.xml", {"xl/vbaProject.bin": "x"}), "macro"),
     ("rong.pdf", b"", "rỗng"),
     ("zip-thuong.docx", b"PK\x03\x04" + b"\x00" * 40, "không phải ảnh")],
)
def test_evidence_refused_by_content_and_nothing_written(client, officer, data, name, content, message):
    client.force_login(officer)
    response = client.post(CREATE, {**data, "files": [upload(name, content, "application/pdf")]})
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["files"])
    assert Activity.objects.count() == 0 and Attachment.objects.count() == 0


def test_oversized_evidence_refused(client, officer, data, settings):
    settings.ATTACHMENT_MAX_SIZE = 1024
    client.force_login(officer)
    response = client.post(CREATE, {**data, "files": [upload("lon.pdf", PDF + b"0" * 2048)]})
    assert "quá lớn" in response.context["form"].errors["files"][0]
    assert Activity.objects.count() == 0


def test_update_form_shows_money_with_dots_and_saves(client, officer, partnership, commune):
    activity = ActivityFactory(partnership=partnership, commune=commune, budget_state=1_000_000)
    client.force_login(officer)
    url = reverse("partnerships:activity_update", args=[activity.pk])
    response = client.get(url)
    assert 'value="1.000.000"' in response.content.decode()
    assert 'value="15/03/2024"' in response.content.decode()
    form = response.context["form"]
    posted = {name: form[name].value() for name in form.fields if name != "files"}
    posted = {k: ("" if v is None else v) for k, v in posted.items()}
    posted["budget_state"] = "2.000.000"
    posted["start_date"] = "15/03/2024"
    response = client.post(url, posted)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.budget_state == 2_000_000
    detail = client.get(reverse("partnerships:activity_detail", args=[activity.pk])).content.decode()
    assert "Ngân sách nhà nước (đồng):</span> <del class=\"text-muted\">1.000.000\u00a0₫</del> → 2.000.000\u00a0₫" in detail


def test_submit_refused_by_a_rule_rolls_back_the_whole_save(client, officer, data, monkeypatch, settings):
    from partnerships import services
    from partnerships.exceptions import DomainError

    def refuse(**kwargs):
        raise DomainError("Năm 2024 đã khóa số liệu; không thể gửi thêm hoạt động.")

    monkeypatch.setattr(services, "activity_submit", refuse)
    client.force_login(officer)
    evidence = Path(settings.MEDIA_ROOT) / "evidence"
    before = set(evidence.rglob("*"))
    response = client.post(CREATE, {**data, "save_and_submit": "1", "files": [upload("a.pdf", PDF)]})
    assert response.status_code == 200
    assert "Năm 2024 đã khóa số liệu" in response.content.decode()
    assert Activity.objects.count() == 0 and Attachment.objects.count() == 0
    assert not [p for p in set(evidence.rglob("*")) - before if p.is_file()]  # no orphan file left on disk


def test_save_and_add_another_carries_the_common_fields_over(client, officer, data, partnership, commune):
    client.force_login(officer)
    response = client.post(CREATE, {**data, "save_and_add": "1"})
    assert Activity.objects.count() == 1
    assert response.status_code == 302 and response["Location"].startswith(CREATE + "?")
    form = client.get(response["Location"]).context["form"]
    assert str(form["partnership"].value()) == str(partnership.pk)
    assert str(form["commune"].value()) == str(commune.pk)
    assert form["start_date"].value() == "15/03/2024"
    assert not form["title"].value()


def test_the_only_partnership_is_preselected_and_communes_follow_it(client, officer, partnership, commune):
    client.force_login(officer)
    response = client.get(CREATE)
    assert response.context["form"]["partnership"].value() == partnership.pk
    assert response.context["commune_areas"] == {str(partnership.pk): [commune.pk]}
    assert 'id="commune-areas"' in response.content.decode()
