"""The activity page's facts, timeline and history, cached as HTML per data version, scope and
activity (issue 15): what changes shows at once, the rights and the evidence are drawn live, and
nobody reaches an activity outside their scope through another reader's entry."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships import services
from tests.factories import ActivityFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("data_version_row")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"



def page(client, user, activity):
    client.force_login(user)
    return client.get(reverse("partnerships:activity_detail", args=[activity.pk]))


def test_a_move_shows_at_once_with_the_buttons_of_each_reader(client, officer, coordinator, partnership):
    draft = ActivityFactory(partnership=partnership, title="Tập huấn kỹ thuật", created_by=officer)
    first = page(client, officer, draft).content.decode()
    assert "Tập huấn kỹ thuật" in first and "Gửi duyệt" in first
    assert "Gửi duyệt" in page(client, officer, draft).content.decode()  # the cached view keeps the buttons
    services.activity_submit(actor=officer, activity=draft)
    mine = page(client, officer, draft).content.decode()
    timeline = mine.split('id="timeline"')[1].split('id="history"')[0]
    assert "Chờ duyệt" in timeline  # the new move
    assert "Gửi duyệt</button>" not in mine
    theirs = page(client, coordinator, draft).content.decode()
    assert "Trả lại cho cơ quan" in theirs  # the reviewer's return form, drawn for them


def test_new_evidence_shows_at_once(client, officer, partnership):
    draft = ActivityFactory(partnership=partnership, created_by=officer)
    assert "bien-ban.pdf" not in page(client, officer, draft).content.decode()
    services.attachment_add(actor=officer, activity=draft, upload=SimpleUploadedFile("bien-ban.pdf", PDF))
    assert "bien-ban.pdf" in page(client, officer, draft).content.decode()


def test_another_agency_gets_no_page_from_the_cache(client, officer, other_officer, coordinator, partnership):
    activity = ActivityFactory(partnership=partnership, title="Của SNN")
    assert page(client, coordinator, activity).status_code == 200
    assert page(client, officer, activity).status_code == 200
    assert page(client, other_officer, activity).status_code == 404
