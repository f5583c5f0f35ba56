"""Workflow through the views: every move allowed and forbidden (status code + database state),
comments mandatory where the table says so, bulk review, locality confirmation, and evidence
files served only through scoping.

Longer than 400 lines on purpose: the sections share the activities in each state (the fixtures
`draft`, `submitted`, `approved`, `batch`) and the `act` helper, as one walk through the table.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships import services
from partnerships.models import Activity, ActivityStatus, ActivityStatusChange, Attachment, ConfirmationStatus
from tests.factories import ActivityFactory, category

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def act(client, activity, action, **data):
    return client.post(reverse("partnerships:activity_action", args=[activity.pk, action]), data)


def status(activity):
    return Activity.objects.get(pk=activity.pk).status


@pytest.fixture
def draft(partnership, commune):
    return ActivityFactory(partnership=partnership, commune=commune, title="Tập huấn kỹ thuật trồng quế")


@pytest.fixture
def submitted(draft, officer):
    services.activity_submit(actor=officer, activity=draft)
    return draft


@pytest.fixture
def approved(submitted, coordinator):
    services.activity_approve(actor=coordinator, activity=submitted)
    return submitted


def test_officer_submits_own_draft(client, officer, draft):
    client.force_login(officer)
    response = act(client, draft, "submit")
    assert response.status_code == 302
    assert status(draft) == ActivityStatus.SUBMITTED
    change = draft.status_changes.last()
    assert (change.from_status, change.to_status, change.actor) == ("draft", "submitted", officer)


def test_get_is_not_allowed_for_actions(client, officer, draft):
    client.force_login(officer)
    assert client.get(reverse("partnerships:activity_action", args=[draft.pk, "submit"])).status_code == 405
    assert status(draft) == ActivityStatus.DRAFT


def test_other_agency_cannot_touch_it(client, other_officer, draft):
    client.force_login(other_officer)
    assert act(client, draft, "submit").status_code == 404
    assert status(draft) == ActivityStatus.DRAFT


@pytest.mark.parametrize("role", ["leader", "focal_point"])
def test_roles_without_the_verb_get_403(client, request, role, draft, submitted):
    client.force_login(request.getfixturevalue(role))
    assert act(client, submitted, "approve").status_code == 403
    assert act(client, submitted, "return", comment="x").status_code == 403
    assert status(submitted) == ActivityStatus.SUBMITTED


def test_officer_cannot_approve_own_work(client, officer, submitted):
    client.force_login(officer)
    assert act(client, submitted, "approve").status_code == 403
    assert status(submitted) == ActivityStatus.SUBMITTED


def test_coordinator_approves(client, coordinator, submitted):
    client.force_login(coordinator)
    assert act(client, submitted, "approve").status_code == 302
    assert status(submitted) == ActivityStatus.APPROVED


def test_return_needs_a_comment(client, coordinator, submitted):
    client.force_login(coordinator)
    response = act(client, submitted, "return", comment="   ")
    assert response.status_code == 302
    assert status(submitted) == ActivityStatus.SUBMITTED
    page = client.get(response["Location"]).content.decode()
    assert "Cần ghi rõ ý kiến khi trả lại hoạt động." in page
    act(client, submitted, "return", comment="Số hộ chưa khớp danh sách")
    assert status(submitted) == ActivityStatus.RETURNED
    assert submitted.status_changes.last().comment == "Số hộ chưa khớp danh sách"


def test_illegal_move_shows_the_services_message(client, coordinator, draft):
    client.force_login(coordinator)
    response = act(client, draft, "approve")
    assert response.status_code == 302
    assert "Không thể chuyển hoạt động từ “Nháp” sang “Đã duyệt”." in client.get(response["Location"]).content.decode()
    assert status(draft) == ActivityStatus.DRAFT


def test_approved_is_read_only_to_officer_and_coordinator(client, officer, coordinator, approved):
    for user in (officer, coordinator):
        client.force_login(user)
        assert client.get(reverse("partnerships:activity_update", args=[approved.pk])).status_code == 403
        assert act(client, approved, "return", comment="Sai số liệu").status_code in (302, 403)
        assert status(approved) == ActivityStatus.APPROVED


def test_administrator_reopens_approved_with_comment(client, administrator, approved):
    client.force_login(administrator)
    act(client, approved, "return", comment="Nhập nhầm số tiền")
    assert status(approved) == ActivityStatus.RETURNED


def test_returned_is_edited_and_resubmitted(client, officer, coordinator, submitted):
    services.activity_return(actor=coordinator, activity=submitted, comment="Bổ sung ảnh")
    client.force_login(officer)
    assert client.get(reverse("partnerships:activity_update", args=[submitted.pk])).status_code == 200
    act(client, submitted, "submit")
    assert status(submitted) == ActivityStatus.SUBMITTED


def test_delete_only_drafts(client, officer, draft, other_partnership):
    client.force_login(officer)
    other = ActivityFactory(partnership=draft.partnership, commune=draft.commune)
    services.activity_submit(actor=officer, activity=other)
    assert act(client, other, "delete").status_code == 403
    assert Activity.objects.filter(pk=other.pk).exists()
    assert act(client, draft, "delete").status_code == 302
    assert not Activity.objects.filter(pk=draft.pk).exists()


def test_leader_cannot_delete(client, leader, draft):
    client.force_login(leader)
    assert act(client, draft, "delete").status_code == 403
    assert Activity.objects.filter(pk=draft.pk).exists()


def test_unknown_action_is_404(client, coordinator, draft):
    client.force_login(coordinator)
    assert act(client, draft, "publish").status_code == 404


# --- locality confirmation ---------------------------------------------------------------


def test_focal_point_confirms(client, focal_point, approved):
    client.force_login(focal_point)
    assert act(client, approved, "confirm").status_code == 302
    approved.refresh_from_db()
    assert approved.confirmation_status == ConfirmationStatus.CONFIRMED
    assert approved.confirmed_by == focal_point


def test_flag_needs_a_comment(client, focal_point, approved):
    client.force_login(focal_point)
    response = act(client, approved, "flag", comment="")
    assert "Cần ghi rõ nội dung chưa khớp." in client.get(response["Location"]).content.decode()
    assert Activity.objects.get(pk=approved.pk).confirmation_status == ConfirmationStatus.PENDING
    act(client, approved, "flag", comment="Chỉ nhận 8 con bò, không phải 10")
    approved.refresh_from_db()
    assert approved.confirmation_status == ConfirmationStatus.DISPUTED
    page = client.get(reverse("partnerships:activity_detail", args=[approved.pk])).content.decode()
    assert "Chỉ nhận 8 con bò, không phải 10" in page


def test_focal_point_cannot_confirm_a_draft(client, focal_point, draft):
    client.force_login(focal_point)
    response = act(client, draft, "confirm")
    assert response.status_code == 302
    assert "Chỉ xác nhận hoạt động đã gửi hoặc đã duyệt." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("role", ["officer", "coordinator", "leader"])
def test_only_focal_points_confirm(client, request, role, approved):
    client.force_login(request.getfixturevalue(role))
    assert act(client, approved, "confirm").status_code == 403
    assert Activity.objects.get(pk=approved.pk).confirmation_status == ConfirmationStatus.PENDING


def test_focal_point_of_another_district_gets_404(client, approved):
    from partnerships.access.roles import Role
    from tests.factories import CommuneFactory, UserFactory

    stranger = UserFactory(username="focal2", locality=CommuneFactory(), role=Role.FOCAL_POINT)
    client.force_login(stranger)
    assert act(client, approved, "confirm").status_code == 404


# --- bulk ----------------------------------------------------------------------------------


@pytest.fixture
def batch(partnership, commune, officer):
    items = [ActivityFactory(partnership=partnership, commune=commune, title=f"Hoạt động {i}") for i in range(4)]
    for item in items[:3]:
        services.activity_submit(actor=officer, activity=item)
    return items  # the last one stays a draft


def bulk(client, action, items, **data):
    return client.post(reverse("partnerships:activity_bulk", args=[action]),
                       {"ids": [str(i.pk) for i in items], "next": "/hoat-dong/?status=submitted", **data})


def test_bulk_approve_moves_each_and_reports_refusals(client, coordinator, batch):
    client.force_login(coordinator)
    response = bulk(client, "approve", batch)
    assert response.status_code == 302 and response["Location"] == "/hoat-dong/?status=submitted"
    assert [status(a) for a in batch] == ["approved", "approved", "approved", "draft"]
    text = client.get(response["Location"]).content.decode()
    assert "Đã duyệt 3 hoạt động." in text
    assert "Không chuyển được 1 hoạt động" in text and "Hoạt động 3" in text


def test_bulk_return_needs_one_comment_for_all(client, coordinator, batch):
    client.force_login(coordinator)
    bulk(client, "return", batch[:3])
    assert [status(a) for a in batch[:3]] == ["submitted"] * 3
    bulk(client, "return", batch[:3], comment="Thiếu biên bản bàn giao")
    assert [status(a) for a in batch[:3]] == ["returned"] * 3
    assert ActivityStatusChange.objects.filter(to_status="returned", comment="Thiếu biên bản bàn giao").count() == 3


def test_bulk_ignores_rows_out_of_scope_and_foreign_next(client, coordinator, batch):
    client.force_login(coordinator)
    response = client.post(reverse("partnerships:activity_bulk", args=["approve"]),
                           {"ids": [str(batch[0].pk), "999999"], "next": "https://evil.example/"})
    assert response["Location"] == reverse("partnerships:activity_list")
    assert "1 hoạt động không tìm thấy" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("role", ["officer", "leader", "focal_point"])
def test_bulk_forbidden_for_non_reviewers(client, request, role, batch):
    client.force_login(request.getfixturevalue(role))
    assert bulk(client, "approve", batch).status_code == 403
    assert status(batch[0]) == ActivityStatus.SUBMITTED


# --- evidence files ----------------------------------------------------------------------


@pytest.fixture
def evidence(draft, officer):
    return services.attachment_add(actor=officer, activity=draft,
                                   upload=SimpleUploadedFile("Biên bản bàn giao.pdf", PDF))


def file_url(attachment, inline=False):
    url = reverse("partnerships:activity_attachment", args=[attachment.activity_id, attachment.pk])
    return url + ("?inline=1" if inline else "")


def test_evidence_served_with_safe_headers(client, officer, evidence):
    client.force_login(officer)
    response = client.get(file_url(evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Bi%C3%AAn%20b%E1%BA%A3n" in response["Content-Disposition"]


def test_images_inline_others_always_download(client, officer, draft, evidence):
    photo = services.attachment_add(actor=officer, activity=draft, upload=SimpleUploadedFile("anh.png", PNG))
    client.force_login(officer)
    assert client.get(file_url(photo, inline=True))["Content-Disposition"].startswith("inline")
    assert client.get(file_url(evidence, inline=True))["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(("role", "code"), [("other_officer", 404), ("leader", 200), ("focal_point", 200),
                                            ("coordinator", 200)])
def test_evidence_follows_scoping(client, request, role, code, evidence):
    client.force_login(request.getfixturevalue(role))
    assert client.get(file_url(evidence)).status_code == code


def test_evidence_of_another_activity_not_reachable_by_url_editing(client, officer, evidence, other_partnership):
    foreign = ActivityFactory(partnership=other_partnership)
    client.force_login(officer)
    url = reverse("partnerships:activity_attachment", args=[foreign.pk, evidence.pk])
    assert client.get(url).status_code == 404


def test_no_public_media_route(client, officer, evidence):
    client.force_login(officer)
    assert client.get("/media-private/" + evidence.file.name).status_code == 404
    assert client.get("/media/" + evidence.file.name).status_code == 404


def test_upload_and_delete_only_while_editable(client, officer, coordinator, draft, evidence):
    client.force_login(officer)
    add = reverse("partnerships:activity_attachment_add", args=[draft.pk])
    client.post(add, {"files": [SimpleUploadedFile("anh.png", PNG)]})
    assert draft.attachments.count() == 2
    response = client.post(add, {"files": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" * 10)]})
    assert "không phải ảnh" in client.get(response["Location"]).content.decode()
    assert draft.attachments.count() == 2
    delete = reverse("partnerships:activity_attachment_delete", args=[draft.pk, evidence.pk])
    services.activity_submit(actor=officer, activity=draft)
    assert client.post(add, {"files": [SimpleUploadedFile("anh.png", PNG)]}).status_code == 403
    assert client.post(delete).status_code == 403
    assert Attachment.objects.filter(pk=evidence.pk).exists()
    services.activity_return(actor=coordinator, activity=draft, comment="Sửa lại")
    assert client.post(delete).status_code == 302
    assert not Attachment.objects.filter(pk=evidence.pk).exists()


def test_leader_and_focal_point_cannot_upload(client, leader, focal_point, draft):
    for user in (leader, focal_point):
        client.force_login(user)
        response = client.post(reverse("partnerships:activity_attachment_add", args=[draft.pk]),
                               {"files": [SimpleUploadedFile("anh.png", PNG)]})
        assert response.status_code == 403
    assert draft.attachments.count() == 0


def test_focal_point_may_change_their_answer(client, focal_point, approved):
    client.force_login(focal_point)
    detail = reverse("partnerships:activity_detail", args=[approved.pk])
    assert client.get(detail).context["can_confirm"] is True
    act(client, approved, "confirm")
    page = client.get(detail)
    assert (page.context["can_confirm"], page.context["can_flag"]) == (False, True)
    act(client, approved, "flag", comment="Thiếu 2 con bò")
    assert Activity.objects.get(pk=approved.pk).confirmation_status == ConfirmationStatus.DISPUTED


def test_detail_shows_only_allowed_buttons(client, officer, coordinator, leader, submitted):
    detail = reverse("partnerships:activity_detail", args=[submitted.pk])
    client.force_login(officer)
    context = client.get(detail).context
    assert not any(context[k] for k in ("can_edit", "can_submit", "can_approve", "can_return", "can_delete"))
    client.force_login(coordinator)
    context = client.get(detail).context
    assert context["can_approve"] and context["can_return"] and not context["can_edit"]
    client.force_login(leader)
    text = client.get(detail).content.decode()
    assert "Duyệt" not in text.split("activity-actions", 1)[1].split("</div>", 1)[0]


# --- a finalised year ----------------------------------------------------------------------


@pytest.fixture
def locked_2024(coordinator):
    from tests.factories import lock_year

    return lock_year(2024, coordinator)


LOCKED = "Năm 2024 đã chốt số liệu báo cáo"


def test_year_lock_is_shown_as_a_message_on_every_path(client, officer, coordinator, focal_point, draft, batch,
                                                       locked_2024):
    # draft and batch start on 15/03/2024 (the factory's date)
    client.force_login(officer)
    response = act(client, draft, "submit")
    assert LOCKED in client.get(response["Location"]).content.decode()
    assert status(draft) == ActivityStatus.DRAFT
    response = client.post(reverse("partnerships:activity_attachment_add", args=[draft.pk]),
                           {"files": [SimpleUploadedFile("anh.png", PNG)]})
    assert LOCKED in client.get(response["Location"]).content.decode()
    assert draft.attachments.count() == 0
    client.force_login(coordinator)
    response = bulk(client, "approve", batch[:3])
    assert LOCKED in client.get(response["Location"]).content.decode()
    assert [status(a) for a in batch[:3]] == ["submitted"] * 3
    client.force_login(focal_point)
    response = act(client, batch[0], "confirm")
    assert LOCKED in client.get(response["Location"]).content.decode()


def test_year_lock_on_the_form_keeps_what_was_typed(client, officer, partnership, commune, locked_2024):
    client.force_login(officer)
    response = client.post(reverse("partnerships:activity_create"), {
        "partnership": partnership.pk, "category": category("an-sinh").pk, "title": "Trao học bổng", "start_date": "02/05/2024",
        "commune": commune.pk, "budget_state": "5.000.000",
    })
    assert response.status_code == 200
    text = response.content.decode()
    assert LOCKED in text and 'value="5.000.000"' in text and 'value="02/05/2024"' in text
    assert not Activity.objects.exists()


def test_submitting_twice_is_refused_with_a_message(client, officer, submitted):
    client.force_login(officer)
    response = act(client, submitted, "submit")
    assert "Không thể chuyển hoạt động từ “Chờ duyệt” sang “Chờ duyệt”." in client.get(response["Location"]).content.decode()
    assert submitted.status_changes.filter(to_status="submitted").count() == 1


def test_scope_is_checked_before_the_verb(client, other_officer, submitted):
    # out of scope for other_officer: 404 (not 403, which would confirm the row exists), nothing moves
    client.force_login(other_officer)
    assert act(client, submitted, "return", comment="x").status_code == 404
    assert status(submitted) == ActivityStatus.SUBMITTED


def test_detail_page_queries_do_not_grow_with_history(client, django_assert_max_num_queries, officer, coordinator,
                                                      draft):
    for round_ in range(8):
        services.activity_update(actor=officer, activity=draft, budget_state=1_000_000 * (round_ + 1))
        services.activity_submit(actor=officer, activity=draft)
        services.activity_return(actor=coordinator, activity=draft, comment=f"Lần {round_}")
        services.attachment_add(actor=officer, activity=draft, upload=SimpleUploadedFile(f"{round_}.pdf", PDF))
    client.force_login(coordinator)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("partnerships:activity_detail", args=[draft.pk]))
    text = response.content.decode()
    assert text.count("history-changes") >= 24 and "Lần 7" in text


def test_deleting_a_draft_removes_its_evidence_files(client, officer, draft, evidence, django_capture_on_commit_callbacks):
    storage, name = evidence.file.storage, evidence.file.name
    assert storage.exists(name)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        assert act(client, draft, "delete").status_code == 302
    assert not storage.exists(name)
    assert not Attachment.objects.filter(pk=evidence.pk).exists()


def test_deleting_one_evidence_file_removes_it_from_disk(client, officer, draft, evidence,
                                                        django_capture_on_commit_callbacks):
    storage, name = evidence.file.storage, evidence.file.name
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partnerships:activity_attachment_delete", args=[draft.pk, evidence.pk]))
    assert not storage.exists(name)


def test_history_include_renders_any_object_with_readable_values(coordinator, partnership):
    """The include the partnership and plan pages use: names, not ids; file names, not storage paths."""
    import datetime

    from django.core.files.base import ContentFile
    from django.template.loader import render_to_string

    services.partnership_update(actor=coordinator, partnership=partnership, agreement_number="15/QĐ-UBND",
                                signed_on=datetime.date(2022, 1, 20))
    partnership.agreement_file.save("quyet-dinh.pdf", ContentFile(PDF), save=False)
    services.partnership_update(actor=coordinator, partnership=partnership, agreement_file=partnership.agreement_file)
    html = render_to_string("partnerships/partials/history.html", {
        "history_records": partnership.history.select_related("history_user"), "history_title": "Lịch sử kết nghĩa"})
    assert "Lịch sử kết nghĩa" in html
    assert "01/10/2021</del> → 20/01/2022" in html
    assert "15/QĐ-UBND" in html
    assert "quyet-dinh" in html and "agreements/" not in html
    assert "Sở Nông nghiệp và Phát triển nông thôn" in html  # the agency by name on creation
