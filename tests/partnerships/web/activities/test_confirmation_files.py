"""A focal point attaches photos or a receipt to a confirmation or a discrepancy: the same content
checks as the agency's evidence, served only through scoping, each answer shown in the timeline
with its files; a bad file refuses the whole answer and nothing is stored."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.storage import default_storage
from django.urls import reverse

from partnerships import services
from partnerships.exceptions import NotPermitted
from partnerships.models import ActivityConfirmation, Attachment, ConfirmationStatus
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def approved(partnership, commune, officer, coordinator):
    activity = ActivityFactory(partnership=partnership, commune=commune, title="Trao bò giống cho 10 hộ")
    services.activity_submit(actor=officer, activity=activity)
    services.activity_approve(actor=coordinator, activity=activity)
    return activity


def act(client, activity, action, **data):
    return client.post(reverse("partnerships:activity_action", args=[activity.pk, action]), data)


def timeline(html):
    return re.search(r'<ol class="list-group list-group-flush timeline">(.*?)</ol>', html, re.S).group(1)


def test_confirmation_with_a_photo_and_a_receipt_shows_in_the_timeline(client, focal_point, officer, approved):
    client.force_login(focal_point)
    response = act(client, approved, "confirm", comment="Đã nhận đủ 10 con bò",
                   files=[SimpleUploadedFile("anh-nhan-bo.png", PNG), SimpleUploadedFile("bien-nhan.pdf", PDF)])
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.confirmation_status == ConfirmationStatus.CONFIRMED
    answer = ActivityConfirmation.objects.get(activity=approved)
    assert (answer.status, answer.comment, answer.actor) == ("confirmed", "Đã nhận đủ 10 con bò", focal_point)
    files = list(answer.attachments.order_by("pk"))
    assert [(f.original_name, f.content_type, f.uploaded_by) for f in files] == [
        ("anh-nhan-bo.png", "image/png", focal_point), ("bien-nhan.pdf", "application/pdf", focal_point)]
    client.force_login(officer)
    html = client.get(reverse("partnerships:activity_detail", args=[approved.pk])).content.decode()
    entries = timeline(html)
    assert "Đã nhận đủ 10 con bò" in entries and "bien-nhan.pdf" in entries
    assert f'/hoat-dong/{approved.pk}/tep/{files[0].pk}/?inline=1' in entries or f"{files[0].pk}/?inline=1" in entries
    # The agency's evidence card does not list the locality's files, and the agency cannot delete them.
    evidence = re.search(r'id="attachments">(.*?)</section>', html, re.S).group(1)
    assert "bien-nhan.pdf" not in evidence
    with pytest.raises(NotPermitted):
        services.attachment_delete(actor=officer, attachment=files[1])


def test_discrepancy_with_a_photo(client, focal_point, approved):
    client.force_login(focal_point)
    act(client, approved, "flag", comment="Chỉ nhận 8 con", files=[SimpleUploadedFile("anh.png", PNG)])
    answer = ActivityConfirmation.objects.get(activity=approved)
    assert answer.status == ConfirmationStatus.DISPUTED and answer.attachments.count() == 1
    # Changing the answer later keeps both answers in the timeline, oldest first.
    act(client, approved, "confirm", comment="Đã nhận thêm 2 con")
    html = client.get(reverse("partnerships:activity_detail", args=[approved.pk])).content.decode()
    entries = timeline(html)
    assert entries.index("Chỉ nhận 8 con") < entries.index("Đã nhận thêm 2 con")


@pytest.mark.parametrize("name, content, message", [
    ("virus.pdf", b"MZ\x90\x00" * 10, "không phải ảnh"),
    ("anh.png", PDF, "không khớp với phần mở rộng"),
    ("rong.png", b"", "rỗng"),
])
def test_a_bad_file_refuses_the_answer_and_stores_nothing(client, focal_point, approved, name, content, message):
    client.force_login(focal_point)
    response = act(client, approved, "confirm", comment="Đã nhận",
                   files=[SimpleUploadedFile("tot.png", PNG), SimpleUploadedFile(name, content)])
    assert message in client.get(response["Location"]).content.decode()
    approved.refresh_from_db()
    assert approved.confirmation_status == ConfirmationStatus.PENDING
    assert not ActivityConfirmation.objects.exists() and not Attachment.objects.exists()


def test_the_service_checks_content_before_storing_anything(focal_point, approved, monkeypatch):
    from django.core.exceptions import ValidationError

    saved = []
    monkeypatch.setattr(Attachment, "save", lambda self, *a, **k: saved.append(self))
    with pytest.raises(ValidationError):
        services.activity_confirm(actor=focal_point, activity=approved,
                                  files=[SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.pdf", b"<html>")])
    assert saved == []  # the good first file was never written: the bad second one was seen first


def test_a_failed_write_removes_the_files_already_written(focal_point, approved, monkeypatch):
    written = []
    original = Attachment.save

    def save_then_fail(self, *args, **kwargs):
        if written:
            raise OSError("disk full")
        original(self, *args, **kwargs)
        written.append(self.file.name)

    monkeypatch.setattr(Attachment, "save", save_then_fail)
    with pytest.raises(OSError):
        services.activity_confirm(actor=focal_point, activity=approved,
                                  files=[SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.pdf", PDF)])
    assert written and not default_storage.exists(written[0])


@pytest.mark.parametrize(("role", "code"), [("other_officer", 404), ("officer", 200), ("leader", 200),
                                            ("coordinator", 200), ("focal_point", 200)])
def test_the_locality_files_follow_scoping(client, request, focal_point, approved, role, code):
    services.activity_confirm(actor=focal_point, activity=approved, files=[SimpleUploadedFile("bien-nhan.pdf", PDF)])
    receipt = Attachment.objects.get()
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("partnerships:activity_attachment", args=[approved.pk, receipt.pk]))
    assert response.status_code == code
    if code == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["X-Content-Type-Options"] == "nosniff"


def test_only_the_focal_point_of_the_place_sends_files(client, officer, approved):
    client.force_login(officer)
    response = act(client, approved, "confirm", files=[SimpleUploadedFile("anh.png", PNG)])
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_timeline_queries_do_not_grow_with_answers(client, focal_point, approved, django_assert_max_num_queries):
    for n in range(6):
        services.activity_flag_discrepancy(actor=focal_point, activity=approved, comment=f"Lần {n}",
                                           files=[SimpleUploadedFile("anh.png", PNG)])
    client.force_login(focal_point)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("partnerships:activity_detail", args=[approved.pk]))
    assert len([e for e in response.context["timeline"] if e["kind"] == "confirmation"]) == 6
