"""The Django admin: every page renders, search ignores diacritics, rows are scoped, and the
activity status moves only through the services."""

import json

import pytest
from django.contrib import admin
from django.urls import reverse

from partnerships.models import Activity, ActivityStatus, ActivityStatusChange, Agency, AnnualPlan
from partnerships.models import PlanCategoryTarget, UnitSuccession
from tests.factories import (
    ActivityFactory,
    CommuneFactory,
    DevelopmentModelFactory,
    PartnershipFactory,
    UserFactory,
    category,
)

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def populated(partnership, commune, administrator):
    """One row of every model, so that every change page has something to show."""
    activity = ActivityFactory(partnership=partnership, commune=commune)
    activity.status_changes.create(from_status="", to_status=ActivityStatus.DRAFT, actor=administrator)
    activity.attachments.create(file="evidence/2024/03/bien-ban.pdf", original_name="Biên bản bàn giao.pdf",
                                content_type="application/pdf", size=2048, uploaded_by=administrator)
    DevelopmentModelFactory(partnership=partnership, commune=commune)
    UnitSuccession.objects.create(predecessor=commune, successor=CommuneFactory(), effective_on="2025-07-01")
    plan = AnnualPlan.objects.create(partnership=partnership, year=2024, money_target=100_000_000)
    PlanCategoryTarget.objects.create(plan=plan, category=category(), activities_target=3)
    _report_rows(partnership.agency, administrator)
    _lockout_rows()
    return activity


def _lockout_rows():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    where = {"username": "officer", "ip_address": "10.0.0.7", "user_agent": "test", "path_info": "/accounts/login/"}
    AccessAttempt.objects.create(**where, get_data="", post_data="", failures_since_start=5)
    AccessFailureLog.objects.create(**where, locked_out=True)
    AccessLog.objects.create(**where)


def _report_rows(agency, user):
    from reports.services.evaluation_settings import year_settings_create
    from partnerships.models import ReportNames
    from reports.models import ClassificationOverride, FinalisedReport

    year_settings_create(actor=user, year=2023)
    ClassificationOverride.objects.create(year=2023, agency=agency, classification="good", reason="Phúc khảo",
                                          decided_by=user)
    FinalisedReport.objects.create(year=2023, figures={}, xlsx=b"", docx=b"", xlsx_sha256="0" * 64,
                                   docx_sha256="0" * 64, figures_sha256="0" * 64, finalised_by=user)
    ReportNames.objects.create(valid_from="2023-01-01", issuer="BAN CÁN SỰ ĐẢNG UBND TỈNH",
                               parent_body="TỈNH ỦY QUẢNG NAM", place="Quảng Nam")


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_every_admin_page_renders_for_an_administrator(client, administrator, populated, model):
    client.force_login(administrator)
    assert client.get(_url(model, "changelist")).status_code == 200
    model_admin = admin.site._registry[model]
    request = type("R", (), {"user": administrator})()
    if model_admin.has_add_permission(request):
        assert client.get(_url(model, "add")).status_code == 200
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"no {model._meta.label} row to open"
    response = client.get(_url(model, "change", obj.pk))
    assert response.status_code == 200
    if model_admin.get_search_fields(request):
        assert client.get(_url(model, "changelist"), {"q": "quang nam"}).status_code == 200


@pytest.mark.django_db
def test_changelist_search_ignores_diacritics(client, administrator):
    Agency.objects.create(name="Công ty Điện lực Quảng Nam")
    Agency.objects.create(name="Sở Tài chính")
    client.force_login(administrator)
    response = client.get(_url(Agency, "changelist"), {"q": "dien luc quang nam"})
    assert response.status_code == 200
    names = [agency.name for agency in response.context["cl"].result_list]
    assert names == ["Công ty Điện lực Quảng Nam"]


@pytest.mark.django_db
def test_search_through_relations_ignores_diacritics(client, administrator, partnership, commune):
    ActivityFactory(partnership=partnership, commune=commune, title="Hỗ trợ giống quế Trà My")
    ActivityFactory(partnership=partnership, commune=commune, title="Tặng quà Tết")
    client.force_login(administrator)
    response = client.get(_url(Activity, "changelist"), {"q": "que tra my"})
    assert [a.title for a in response.context["cl"].result_list] == ["Hỗ trợ giống quế Trà My"]
    # By the partner district's name, two relations away.
    response = client.get(_url(Activity, "changelist"), {"q": "tay giang"})
    assert response.context["cl"].result_count == 2


@pytest.mark.django_db
def test_autocomplete_ignores_diacritics(client, administrator):
    Agency.objects.create(name="Công ty Điện lực Quảng Nam")
    Agency.objects.create(name="Sở Tài chính")
    client.force_login(administrator)
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "quang nam", "app_label": "partnerships", "model_name": "partnership", "field_name": "agency"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in json.loads(response.content)["results"]] == ["Công ty Điện lực Quảng Nam"]


@pytest.mark.django_db
def test_activity_changelist_shows_money_the_vietnamese_way(client, administrator, partnership, commune):
    ActivityFactory(partnership=partnership, commune=commune, budget_state=1_000_000, budget_society=250_000)
    client.force_login(administrator)
    response = client.get(_url(Activity, "changelist"))
    assert "1.250.000\u00a0₫" in response.content.decode()


@pytest.mark.django_db
def test_activity_changelist_keeps_its_query_count_flat(client, administrator, partnership, commune,
                                                        django_assert_max_num_queries):
    for _ in range(30):
        ActivityFactory(partnership=partnership, commune=commune)
    client.force_login(administrator)
    with django_assert_max_num_queries(20):
        assert client.get(_url(Activity, "changelist")).status_code == 200


@pytest.mark.django_db
def test_admin_rows_are_scoped_like_the_portal(client, officer, partnership, other_partnership, commune):
    """An officer who somehow has staff access still sees only their agency's rows."""
    mine = ActivityFactory(partnership=partnership, commune=commune)
    theirs = ActivityFactory(partnership=other_partnership)
    for activity in (mine, theirs):
        activity.status_changes.create(from_status="", to_status=ActivityStatus.DRAFT)
    officer.is_staff = True
    officer.save()
    client.force_login(officer)
    response = client.get(_url(Activity, "changelist"))
    assert list(response.context["cl"].result_list) == [mine]
    assert client.get(_url(Activity, "change", theirs.pk)).status_code == 302  # "does not exist" redirect
    response = client.get(_url(ActivityStatusChange, "changelist"))
    assert [change.activity for change in response.context["cl"].result_list] == [mine]


@pytest.mark.django_db
def test_admin_history_pages_are_scoped_like_the_changelists(client, officer, partnership, other_partnership, commune):
    from django.contrib.auth.models import Permission

    from partnerships import services

    theirs = ActivityFactory(partnership=other_partnership, title="Việc của cơ quan khác")
    services.activity_update(actor=UserFactory(username="c9", role="Cán bộ tổng hợp cấp tỉnh"), activity=theirs,
                             title="Việc của cơ quan khác (sửa)")
    mine = ActivityFactory(partnership=partnership, commune=commune)
    officer.is_staff = True
    officer.save()
    officer.user_permissions.add(*Permission.objects.filter(codename__in=["view_activity", "change_activity"]))
    client.force_login(officer)
    assert client.get(_url(Activity, "history", mine.pk)).status_code == 200
    assert client.get(_url(Activity, "history", theirs.pk)).status_code == 404
    version = theirs.history.first().history_id
    url = reverse("admin:partnerships_activity_simple_history", args=[theirs.pk, version])
    assert client.get(url).status_code == 404
    # Deleted rows: their history stays for province-wide users only.
    gone = theirs.pk
    Activity.objects.filter(pk=gone).delete()
    assert client.get(_url(Activity, "history", gone)).status_code == 404


@pytest.mark.django_db
def test_status_is_read_only_in_the_activity_form(client, administrator, partnership, commune):
    activity = ActivityFactory(partnership=partnership, commune=commune)
    client.force_login(administrator)
    response = client.get(_url(Activity, "change", activity.pk))
    assert 'name="status"' not in response.content.decode()


@pytest.mark.django_db
def test_adding_an_activity_in_the_admin_goes_through_the_service(client, coordinator, partnership, commune):
    client.force_login(coordinator)
    data = {
        "partnership": partnership.pk, "category": category("dao-tao-nghe").pk, "title": "Lớp dạy nghề may",
        "description": "", "start_date": "15/03/2024", "end_date": "", "commune": commune.pk,
        "development_model": "", "budget_state": "0", "budget_society": "5000000", "budget_in_kind": "0",
        "households_reached": "0", "people_reached": "30", "ethnic_minority_people": "25", "people_trained": "30",
        "jobs_created": "10", "households_out_of_poverty": "0", "status": "approved",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "0", "status_changes-INITIAL_FORMS": "0",
    }
    response = client.post(_url(Activity, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity = Activity.objects.get(title="Lớp dạy nghề may")
    assert activity.status == ActivityStatus.DRAFT  # the posted status was ignored
    assert activity.created_by == coordinator
    assert list(activity.status_changes.values_list("to_status", flat=True)) == [ActivityStatus.DRAFT]


@pytest.mark.django_db
def test_admin_form_refuses_a_commune_outside_the_partnership(client, coordinator, partnership):
    elsewhere = CommuneFactory()  # under another district
    client.force_login(coordinator)
    response = client.post(_url(Activity, "add"), {
        "partnership": partnership.pk, "category": category().pk, "title": "Sai xã", "start_date": "15/03/2024",
        "commune": elsewhere.pk, "budget_state": "0", "budget_society": "0", "budget_in_kind": "0",
        "households_reached": "0", "people_reached": "0", "ethnic_minority_people": "0", "people_trained": "0",
        "jobs_created": "0", "households_out_of_poverty": "0",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "0", "status_changes-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "Xã thực hiện phải thuộc địa phương kết nghĩa." in response.content.decode()
    assert not Activity.objects.filter(title="Sai xã").exists()


def _submitted(partnership, commune, **kwargs):
    activity = ActivityFactory(partnership=partnership, commune=commune, **kwargs)
    Activity.objects.filter(pk=activity.pk).update(status=ActivityStatus.SUBMITTED)
    return Activity.objects.get(pk=activity.pk)


@pytest.mark.django_db
def test_approve_action_goes_through_the_workflow(client, coordinator, partnership, commune):
    submitted = _submitted(partnership, commune)
    draft = ActivityFactory(partnership=partnership, commune=commune, title="Bản nháp")
    client.force_login(coordinator)
    response = client.post(
        _url(Activity, "changelist"),
        {"action": "approve_selected", "_selected_action": [submitted.pk, draft.pk]},
        follow=True,
    )
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert submitted.status == ActivityStatus.APPROVED
    assert submitted.status_changes.get().actor == coordinator
    assert draft.status == ActivityStatus.DRAFT
    text = response.content.decode()
    assert "Đã duyệt 1 hoạt động." in text
    assert "Không thể chuyển hoạt động từ “Nháp” sang “Đã duyệt”." in text


@pytest.mark.django_db
def test_return_action_asks_for_a_comment_first(client, coordinator, partnership, commune):
    submitted = _submitted(partnership, commune)
    client.force_login(coordinator)
    url = _url(Activity, "changelist")
    page = client.post(url, {"action": "return_selected", "_selected_action": [submitted.pk]})
    assert page.status_code == 200 and "Ý kiến trả lại" in page.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ActivityStatus.SUBMITTED

    empty = client.post(url, {"action": "return_selected", "_selected_action": [submitted.pk],
                              "return_comment_step": "1", "comment": "  "})
    assert empty.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == ActivityStatus.SUBMITTED

    client.post(url, {"action": "return_selected", "_selected_action": [submitted.pk],
                      "return_comment_step": "1", "comment": "Thiếu biên bản bàn giao."})
    submitted.refresh_from_db()
    assert submitted.status == ActivityStatus.RETURNED
    assert submitted.status_changes.get().comment == "Thiếu biên bản bàn giao."


@pytest.mark.django_db
def test_submitted_activity_is_read_only_for_a_coordinator(client, coordinator, partnership, commune):
    submitted = _submitted(partnership, commune)
    client.force_login(coordinator)
    response = client.get(_url(Activity, "change", submitted.pk))
    assert response.status_code == 200
    assert 'name="title"' not in response.content.decode()


@pytest.mark.django_db
def test_user_admin_edits_agency_and_locality(client, administrator, agency):
    user = UserFactory(username="canbo")
    client.force_login(administrator)
    response = client.get(_url(type(user), "change", user.pk))
    text = response.content.decode()
    assert 'name="agency"' in text and 'name="locality"' in text


@pytest.mark.django_db
def test_partnership_page_lists_its_activities_with_links(client, administrator, partnership, commune):
    activity = ActivityFactory(partnership=partnership, commune=commune, title="Mô hình nuôi heo đen")
    PartnershipFactory()  # another partnership's activities must not appear
    client.force_login(administrator)
    response = client.get(_url(type(partnership), "change", partnership.pk))
    text = response.content.decode()
    assert "Mô hình nuôi heo đen" in text
    assert _url(Activity, "change", activity.pk) in text


@pytest.mark.django_db
def test_a_leader_reads_and_exports_but_cannot_import(client, leader, partnership, commune):
    ActivityFactory(partnership=partnership, commune=commune)
    leader.is_staff = True
    leader.save()
    client.force_login(leader)
    assert client.get(_url(Activity, "changelist")).status_code == 200
    assert client.get(_url(Activity, "export")).status_code == 200
    assert client.get(_url(Activity, "import")).status_code == 403


@pytest.mark.django_db
def test_evidence_uploaded_in_the_admin_records_name_type_size_and_uploader(client, coordinator, partnership,
                                                                            commune):
    from django.core.files.uploadedfile import SimpleUploadedFile

    activity = ActivityFactory(partnership=partnership, commune=commune)
    client.force_login(coordinator)
    page = client.get(_url(Activity, "change", activity.pk))
    data = _form_data(page)
    data.update({
        "attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "0",
        "attachments-0-file": SimpleUploadedFile("biên bản.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    })
    response = client.post(_url(Activity, "change", activity.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    attachment = activity.attachments.get()
    assert (attachment.original_name.endswith(".pdf"), attachment.content_type, attachment.size,
            attachment.uploaded_by) == (True, "application/pdf", 13, coordinator)


@pytest.mark.django_db
def test_deleting_a_draft_in_the_admin_goes_through_the_service(client, coordinator, partnership, commune):
    draft = ActivityFactory(partnership=partnership, commune=commune)
    submitted = _submitted(partnership, commune)
    client.force_login(coordinator)
    assert client.post(_url(Activity, "delete", submitted.pk), {"post": "yes"}).status_code == 403
    response = client.post(_url(Activity, "delete", draft.pk), {"post": "yes"})
    assert response.status_code == 302
    assert list(Activity.objects.all()) == [submitted]


def _form_data(page) -> dict:
    """The values of the admin form as rendered (for a re-post with a change)."""
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "pk"):
            value = value.pk
        if value is None:
            value = ""
        if hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")
        data[name] = value
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for key, value in management.initial.items():
            data[f"{formset.formset.prefix}-{key}"] = value
    return data
