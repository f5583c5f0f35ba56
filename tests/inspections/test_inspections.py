"""Inspections: the role × scope matrix, planning and recording, recommendations' follow-up and
overdue logic, notices to the owners and back, files checked like every upload."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections import selectors, services
from inspections.models import FollowUp, Inspection, InspectionKind, InspectionStatus, Rating, Recommendation
from notifications.models import Event, Notification
from partnerships.exceptions import DomainError, NotPermitted
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def plan(coordinator, **target):
    year = timezone.localdate().year
    return services.inspection_plan(
        actor=coordinator, year=year, kind=InspectionKind.INSPECTION, subject="Kiểm tra thực hiện kết nghĩa",
        lead_body="Ban Dân vận Tỉnh ủy", planned_date=date(year, 1, 15),
        team=[{"name": "Trần Thị B", "position": "Phó Trưởng ban", "body": "Ban Dân vận Tỉnh ủy", "is_lead": True}],
        **target,
    )


def record(coordinator, inspection, **extra):
    return services.inspection_record(
        actor=coordinator, inspection=inspection, done_date=timezone.localdate(),
        findings="Hỗ trợ đúng đối tượng; hồ sơ minh chứng chưa đầy đủ.", rating=Rating.FAIR, **extra,
    )


@pytest.fixture
def inspections(coordinator, agency, other_agency, partnership, other_partnership, commune, district):
    return {
        "agency": plan(coordinator, agency=agency),
        "partnership": plan(coordinator, partnership=partnership),
        "other": plan(coordinator, partnership=other_partnership),
        "commune": plan(coordinator, unit=commune),
    }


def test_who_sees_which_inspections(inspections, coordinator, leader, officer, other_officer, focal_point):
    def seen(user):
        return {name for name, row in inspections.items() if Inspection.objects.visible_to(user).filter(pk=row.pk).exists()}

    everything = set(inspections)
    assert seen(coordinator) == everything
    assert seen(leader) == everything
    assert seen(officer) == {"agency", "partnership"}
    assert seen(other_officer) == {"other"}
    # The commune's focal point: the commune itself and the district partnership that covers it.
    assert seen(focal_point) == {"commune", "partnership"}


def test_pages_answer_by_role_and_scope(inspections, client, coordinator, leader, officer, other_officer):
    mine, theirs = inspections["partnership"], inspections["other"]
    client.force_login(officer)
    assert client.get(reverse("inspections:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("inspections:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("inspections:create")).status_code == 403
    assert client.get(reverse("inspections:record", args=[mine.pk])).status_code == 403
    listing = client.get(reverse("inspections:list")).content.decode()
    assert mine.subject in listing and str(theirs.partnership.unit) not in listing
    client.force_login(leader)
    assert client.get(reverse("inspections:detail", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("inspections:create")).status_code == 403
    client.force_login(coordinator)
    assert client.get(reverse("inspections:create")).status_code == 200
    assert client.get(reverse("inspections:record", args=[theirs.pk])).status_code == 200


def test_coordinator_plans_through_the_form(client, coordinator, partnership):
    client.force_login(coordinator)
    year = timezone.localdate().year
    response = client.post(reverse("inspections:create"), {
        "year": year, "kind": "supervision", "partnership": partnership.pk, "subject": "Giám sát mô hình",
        "lead_body": "Ủy ban MTTQ tỉnh", "planned_date": f"20/03/{year}",
        "team-TOTAL_FORMS": "1", "team-INITIAL_FORMS": "0",
        "team-0-name": "Lê Văn C", "team-0-body": "Ủy ban MTTQ tỉnh", "team-0-is_lead": "on",
    })
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("inspections:detail", args=[inspection.pk])
    assert inspection.planned_date == date(year, 3, 20) and inspection.team.get().is_lead
    # Two targets at once: a clear message, nothing written.
    response = client.post(reverse("inspections:create"), {
        "year": year, "kind": "inspection", "partnership": partnership.pk, "agency": partnership.agency_id,
        "subject": "x", "lead_body": "y", "planned_date": f"01/04/{year}",
        "team-TOTAL_FORMS": "0", "team-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200 and "Chọn đúng một đối tượng" in response.content.decode()
    assert Inspection.objects.count() == 1


def test_record_with_a_recommendation_notifies_the_officer_who_reports_back(
    inspections, client, coordinator, officer, other_officer, agency, partnership
):
    inspection = inspections["partnership"]
    activity = ActivityFactory(partnership=partnership)
    deadline = timezone.localdate() + timedelta(days=30)
    record(coordinator, inspection, activities=[activity], recommendations=[
        {"text": "Bổ sung hồ sơ minh chứng các hoạt động năm nay", "owner_agency": agency, "deadline": deadline}])
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.DONE and list(inspection.checked_activities.all()) == [activity]
    recommendation = inspection.recommendations.get()
    notice = Notification.objects.get(recipient=officer)
    assert notice.event == Event.RECOMMENDATION_NEW and f"kien-nghi-{recommendation.pk}" in notice.url
    assert not Notification.objects.filter(recipient=other_officer).exists()

    client.force_login(other_officer)
    assert client.post(reverse("inspections:recommendation_report", args=[recommendation.pk]),
                       {f"r{recommendation.pk}-note": "x"}).status_code == 404
    client.force_login(officer)
    response = client.post(reverse("inspections:recommendation_report", args=[recommendation.pk]), {
        f"r{recommendation.pk}-note": "Đã bổ sung 12 hồ sơ", f"r{recommendation.pk}-done": "on",
        f"r{recommendation.pk}-evidence": SimpleUploadedFile("bien-ban.png", PNG, content_type="image/png"),
    })
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.follow_up == FollowUp.DONE and recommendation.reported_by == officer
    assert recommendation.evidence_name == "bien-ban.png"
    assert Notification.objects.filter(recipient=coordinator, event=Event.FOLLOW_UP_REPORTED).exists()
    assert client.get(reverse("inspections:recommendation_evidence", args=[recommendation.pk])).status_code == 200


def test_evidence_is_checked_by_content(inspections, coordinator, officer, agency):
    inspection = inspections["agency"]
    record(coordinator, inspection, recommendations=[
        {"text": "Rà soát kế hoạch", "owner_agency": agency, "deadline": timezone.localdate()}])
    recommendation = inspection.recommendations.get()
    fake = SimpleUploadedFile("anh.png", b"MZ not a picture", content_type="image/png")
    with pytest.raises(Exception) as error:
        services.recommendation_report(actor=officer, recommendation=recommendation, note="x", done=True, evidence=fake)
    assert "không phải ảnh" in str(error.value)
    recommendation.refresh_from_db()
    assert recommendation.follow_up == FollowUp.OPEN  # nothing half-written


def test_only_the_owner_reports(inspections, coordinator, other_officer, agency):
    inspection = inspections["agency"]
    record(coordinator, inspection, recommendations=[
        {"text": "Rà soát kế hoạch", "owner_agency": agency, "deadline": timezone.localdate()}])
    with pytest.raises(NotPermitted):
        services.recommendation_report(actor=other_officer, recommendation=inspection.recommendations.get(),
                                       note="x", done=True)


def test_overdue_and_due_logic(inspections, coordinator, agency):
    today = timezone.localdate()
    inspection = inspections["agency"]
    record(coordinator, inspection, recommendations=[
        {"text": "quá hạn", "owner_agency": agency, "deadline": today - timedelta(days=1)},
        {"text": "đến hạn hôm nay", "owner_agency": agency, "deadline": today},
        {"text": "còn lâu", "owner_agency": agency, "deadline": today + timedelta(days=60)},
    ])
    overdue = Recommendation.objects.overdue(today)
    assert [r.text for r in overdue] == ["quá hạn"]
    assert [r.text for r in Recommendation.objects.due_within(7, today)] == ["đến hạn hôm nay"]
    late = overdue.get()
    services.recommendation_report(actor=coordinator, recommendation=late, note="Đã làm", done=True)
    assert not Recommendation.objects.overdue(today).exists()
    assert selectors.year_figures(coordinator, inspection.year, today)["overdue"] == 0


def test_checked_rows_must_belong_to_the_target(inspections, coordinator, other_partnership):
    stranger = ActivityFactory(partnership=other_partnership)
    with pytest.raises(DomainError):
        record(coordinator, inspections["partnership"], activities=[stranger])
    assert Inspection.objects.get(pk=inspections["partnership"].pk).status == InspectionStatus.PLANNED


def test_done_needs_date_and_rating_and_cancel(inspections, coordinator):
    inspection = inspections["other"]
    with pytest.raises(Exception):
        services.inspection_record(actor=coordinator, inspection=inspection, done_date=timezone.localdate(),
                                   findings="x", rating="")
    services.inspection_cancel(actor=coordinator, inspection=inspection)
    assert Inspection.objects.get(pk=inspection.pk).status == InspectionStatus.CANCELLED
    record(coordinator, inspections["agency"])
    with pytest.raises(DomainError):
        services.inspection_cancel(actor=coordinator, inspection=inspections["agency"])


def test_minutes_and_photos(inspections, client, coordinator, officer):
    inspection = inspections["partnership"]
    client.force_login(coordinator)
    client.post(reverse("inspections:file_add", args=[inspection.pk]),
                {"kind": "photo", "file": SimpleUploadedFile("anh.png", PNG, content_type="image/png")})
    row = inspection.files.get()
    response = client.post(reverse("inspections:file_add", args=[inspection.pk]),
                           {"kind": "photo", "file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 x", content_type="application/pdf")},
                           follow=True)
    assert "JPEG, PNG hoặc WebP" in response.content.decode() and inspection.files.count() == 1
    client.force_login(officer)  # in scope: may read the minutes
    assert client.get(reverse("inspections:file", args=[inspection.pk, row.pk])).status_code == 200
    assert client.post(reverse("inspections:file_add", args=[inspection.pk]),
                       {"kind": "photo", "file": SimpleUploadedFile("anh.png", PNG)}).status_code == 403


def test_list_counts_queries(inspections, client, coordinator, agency, django_assert_max_num_queries):
    for inspection in Inspection.objects.all():
        record(coordinator, inspection, recommendations=[
            {"text": "k", "owner_agency": agency, "deadline": timezone.localdate() - timedelta(days=3)}])
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("inspections:list"))
    assert response.context["figures"] == {"planned": 4, "done": 4, "recommendations": 4, "recommendations_done": 0,
                                           "overdue": 4}


def test_the_agency_pages_panel_lists_its_inspections_in_one_query(inspections, client, coordinator, leader, agency):
    """The panel (templatetags/inspections.py) on the agency page: the agency's own inspection and
    its partnership's, newest first, each its kind, date, subject and status, read in one query
    whatever their number (nothing of the rows they name is shown, so nothing is joined)."""
    record(coordinator, inspections["agency"])
    client.force_login(leader)
    url = reverse("reports:agency_detail", args=[agency.pk])
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url, {"year": timezone.localdate().year}).content.decode()
    panel = html.split('id="inspections-panel"')[1].split("</div></div>")[0]
    assert panel.count("<li") == 2 and panel.count("Kiểm tra thực hiện kết nghĩa") == 2  # not the other agency's
    assert panel.count("badge text-bg-success") == 1 and panel.count("badge text-bg-info") == 1  # done; planned
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "inspections_inspection"' in q["sql"].split("WHERE")[0]]
    assert len(reads) == 1, reads
    columns = reads[0].split(" FROM ")[0]
    assert set(re.findall(r'"(\w+)"\."\w+"', columns)) == {"inspections_inspection"}
