"""The admin and every import obey the service's rules (defect 1 of issue 9).

Every admin save, delete, list edit and bulk action, and every import, calls the same service as
the portal with `actor=`: when the service refuses, its Vietnamese message is shown (in the admin
form, or above the list or delete page) and nothing is stored. Proved three ways: the cases found
by hand (an HTML file declared image/png on an approved activity, a partnership ended without a
reason, a 2015 plan for a partnership signed in 2021); each admin-writable model with its service
made to refuse; and a structural check that no admin or resource writes by itself.
"""

import datetime

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tablib import Dataset

from partnerships import services
from partnerships.admin.mixins import ServiceAdminMixin
from partnerships.exceptions import DomainError
from partnerships.io import resources
from partnerships.models import Activity, ActivityCategory, ActivityStatus, AdministrativeUnit, Agency, AnnualPlan
from partnerships.models import Attachment, DevelopmentModel, Partnership, PartnershipStatus, PlanCategoryTarget
from reports.models import ClassificationBand, EvaluationCriterion
from reports.services import evaluation_settings
from tests.factories import ActivityFactory, DevelopmentModelFactory, DistrictFactory, PartnershipFactory, category
from tests.partnerships.admin.test_admin import _form_data

REFUSED = "Dịch vụ từ chối thao tác này."
PDF = b"%PDF-1.4 bien ban ban giao"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _refuse(*args, **kwargs):
    raise DomainError(REFUSED)


def _approved(partnership, commune):
    activity = ActivityFactory(partnership=partnership, commune=commune)
    Activity.objects.filter(pk=activity.pk).update(status=ActivityStatus.APPROVED)
    return Activity.objects.get(pk=activity.pk)


def _change_data(client, model, obj, **changes) -> dict:
    data = {**_form_data(client.get(_url(model, "change", obj.pk))), **changes}
    return {name: value for name, value in data.items() if name != "agreement_file"}  # no file to re-post


# --- the cases found by hand -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coordinator", "administrator"])
def test_an_html_file_declared_png_is_refused_on_an_approved_activity(request, client, who, partnership, commune):
    actor = request.getfixturevalue(who)
    activity = _approved(partnership, commune)
    client.force_login(actor)
    fake = SimpleUploadedFile("anh.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    response = client.post(_url(Attachment, "add"), {"activity": activity.pk, "file": fake})
    assert response.status_code == 200
    text = response.content.decode()
    # A coordinator may not touch an approved activity; an administrator may, but not with this file.
    expected = ("Chỉ thêm tệp minh chứng khi hoạt động ở trạng thái nháp hoặc bị trả lại." if who == "coordinator"
                else "không phải ảnh (JPEG, PNG, WebP), PDF hoặc tệp Office")
    assert expected in text
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_ending_a_partnership_without_a_reason_is_refused(client, coordinator, partnership):
    client.force_login(coordinator)
    data = _change_data(client, Partnership, partnership, status=PartnershipStatus.ENDED, ended_on="01/01/2024",
                        end_reason="")
    response = client.post(_url(Partnership, "change", partnership.pk), data)
    assert response.status_code == 200
    assert "Cần ghi rõ lý do kết thúc quan hệ kết nghĩa." in response.content.decode()
    partnership.refresh_from_db()
    assert (partnership.status, partnership.ended_on) == (PartnershipStatus.ACTIVE, None)

    data["end_reason"] = "Huyện đã thoát khỏi danh sách đặc biệt khó khăn."
    assert client.post(_url(Partnership, "change", partnership.pk), data).status_code == 302
    partnership.refresh_from_db()
    assert (partnership.status, partnership.ended_on) == (PartnershipStatus.ENDED, datetime.date(2024, 1, 1))
    assert partnership.history.first().history_user == coordinator


@pytest.mark.django_db
def test_a_plan_outside_the_partnerships_years_is_refused(client, coordinator, partnership):
    assert partnership.signed_on.year == 2021
    client.force_login(coordinator)
    data = {**_form_data(client.get(_url(AnnualPlan, "add"))), "partnership": partnership.pk, "year": "2015"}
    response = client.post(_url(AnnualPlan, "add"), data)
    assert response.status_code == 200
    assert "Năm 2015 nằm ngoài thời gian kết nghĩa (từ năm 2021 đến nay)" in response.content.decode()
    assert not AnnualPlan.objects.exists()


@pytest.mark.django_db
def test_a_plan_and_its_targets_per_category_are_saved_by_plan_save(client, coordinator, partnership):
    client.force_login(coordinator)
    data = {**_form_data(client.get(_url(AnnualPlan, "add"))), "partnership": partnership.pk, "year": "2024",
            "money_target": "50000000", "category_targets-TOTAL_FORMS": "1",
            "category_targets-0-category": category("dao-tao-nghe").pk, "category_targets-0-activities_target": "4"}
    assert client.post(_url(AnnualPlan, "add"), data).status_code == 302
    plan = AnnualPlan.objects.get()
    assert (plan.year, plan.money_target, plan.history.get().history_user) == (2024, 50_000_000, coordinator)
    assert dict(plan.category_targets.values_list("category__code", "activities_target")) == {"dao-tao-nghe": 4}


@pytest.mark.django_db
def test_evidence_uploaded_in_the_activity_form_is_checked_by_its_content(client, coordinator, partnership, commune):
    activity = ActivityFactory(partnership=partnership, commune=commune)
    client.force_login(coordinator)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
    data = _change_data(client, Activity, activity, **{
        "attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "0",
        "attachments-0-file": SimpleUploadedFile("so-do.svg", svg, content_type="image/svg+xml"),
    })
    response = client.post(_url(Activity, "change", activity.pk), data)
    assert response.status_code == 200
    assert "Tệp “so-do.svg” không phải ảnh (JPEG, PNG, WebP), PDF hoặc tệp Office" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_an_svg_is_never_served_inline(client, administrator, partnership, commune):
    activity = ActivityFactory(partnership=partnership, commune=commune)
    svg = Attachment.objects.create(activity=activity, file=SimpleUploadedFile("x.svg", b"<svg/>"),
                                    original_name="x.svg", content_type="image/svg+xml", size=6)
    photo = services.attachment_add(actor=administrator, activity=activity,
                                    upload=SimpleUploadedFile("anh.png", PNG, content_type="image/png"))
    client.force_login(administrator)
    url = reverse("partnerships:activity_attachment", args=[activity.pk, svg.pk])
    assert client.get(url + "?inline=1")["Content-Disposition"].startswith("attachment")
    url = reverse("partnerships:activity_attachment", args=[activity.pk, photo.pk])
    assert client.get(url + "?inline=1")["Content-Disposition"].startswith("inline")


# --- every admin-writable model, its service made to refuse -----------------------------------


def _unit_data(district):
    return {"code": "99991", "name": "Xã Thử Nghiệm", "level": "commune", "parent": district.pk}


ADD_CASES = {
    # model: (service to make refuse, module holding it, the add form's values)
    AdministrativeUnit: ("unit_save", lambda f: _unit_data(f["district"])),
    Agency: ("agency_save", lambda f: {"name": "Sở Thử Nghiệm", "kind": "state", "is_active": "on"}),
    ActivityCategory: ("category_save", lambda f: {"name": "Loại thử", "code": "loai-thu", "sort_order": "100",
                                                   "is_active": "on"}),
    Partnership: ("partnership_create", lambda f: {"agency": f["agency"].pk, "unit": DistrictFactory().pk,
                                                   "signed_on": "01/10/2021"}),
    Activity: ("activity_create", lambda f: {
        "partnership": f["partnership"].pk, "category": category().pk, "title": "Hoạt động thử",
        "start_date": "15/03/2024", "commune": f["commune"].pk}),
    DevelopmentModel: ("development_model_save", lambda f: {
        "name": "Mô hình thử", "partnership": f["partnership"].pk, "commune": f["commune"].pk,
        "sector": "livestock", "stage": "built", "households": "5"}),
    AnnualPlan: ("plan_save", lambda f: {"partnership": f["partnership"].pk, "year": "2024"}),
    PlanCategoryTarget: ("plan_save", lambda f: {
        "plan": AnnualPlan.objects.get_or_create(partnership=f["partnership"], year=2023)[0].pk,
        "category": category("an-sinh").pk, "activities_target": "3"}),
    Attachment: ("attachment_add", lambda f: {
        "activity": ActivityFactory(partnership=f["partnership"], commune=f["commune"]).pk,
        "file": SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")}),
    EvaluationCriterion: ("setting_save", lambda f: {"year": "2030", "code": "has_plan", "weight": "10",
                                                     "threshold": "1", "is_active": "on"}),
    ClassificationBand: ("setting_save", lambda f: {"year": "2030", "classification": "excellent",
                                                    "min_score": "90"}),
}


def _service_module(model):
    return evaluation_settings if model._meta.app_label == "reports" else services


@pytest.fixture
def world(partnership, commune, district, agency):
    return {"partnership": partnership, "commune": commune, "district": district, "agency": agency}


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(ADD_CASES), ids=lambda m: m._meta.label)
def test_the_admin_obeys_the_service_when_adding(client, monkeypatch, administrator, world, model):
    service, values = ADD_CASES[model]
    client.force_login(administrator)
    data = {**_form_data(client.get(_url(model, "add"))), **values(world)}
    before = model._default_manager.count()
    monkeypatch.setattr(_service_module(model), service, _refuse)
    response = client.post(_url(model, "add"), data)
    assert response.status_code == 200, response
    assert REFUSED in response.content.decode()
    assert model._default_manager.count() == before

    monkeypatch.undo()
    data = {**_form_data(client.get(_url(model, "add"))), **values(world)}
    response = client.post(_url(model, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert model._default_manager.count() == before + 1


DELETE_CASES = {
    AdministrativeUnit: ("unit_delete", lambda f: AdministrativeUnit.objects.create(
        code="99992", name="Xã Xóa Thử", level="commune", parent=f["district"])),
    Agency: ("agency_delete", lambda f: Agency.objects.create(name="Sở Xóa Thử")),
    ActivityCategory: ("category_delete", lambda f: ActivityCategory.objects.create(name="Loại xóa", code="xoa")),
    Partnership: ("partnership_delete", lambda f: PartnershipFactory()),
    Activity: ("activity_delete", lambda f: ActivityFactory(partnership=f["partnership"], commune=f["commune"])),
    DevelopmentModel: ("development_model_delete", lambda f: DevelopmentModelFactory(
        partnership=f["partnership"], commune=f["commune"])),
    AnnualPlan: ("plan_delete", lambda f: AnnualPlan.objects.create(partnership=f["partnership"], year=2024)),
    PlanCategoryTarget: ("plan_save", lambda f: PlanCategoryTarget.objects.create(
        plan=AnnualPlan.objects.create(partnership=f["partnership"], year=2024), category=category(),
        activities_target=2)),
    Attachment: ("attachment_delete", lambda f: Attachment.objects.create(
        activity=ActivityFactory(partnership=f["partnership"], commune=f["commune"]), file="evidence/x.pdf",
        original_name="x.pdf", content_type="application/pdf", size=3)),
    EvaluationCriterion: ("setting_delete", lambda f: EvaluationCriterion.objects.create(
        year=2030, code="has_plan", weight=10, threshold=1)),
    ClassificationBand: ("setting_delete", lambda f: ClassificationBand.objects.create(
        year=2030, classification="good", min_score=75)),
}


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(DELETE_CASES), ids=lambda m: m._meta.label)
def test_the_admin_obeys_the_service_when_deleting(client, monkeypatch, administrator, world, model):
    service, make = DELETE_CASES[model]
    obj, other = make(world), make(world) if model is Activity else None
    client.force_login(administrator)
    monkeypatch.setattr(_service_module(model), service, _refuse)
    response = client.post(_url(model, "delete", obj.pk), {"post": "yes"}, follow=True)
    assert REFUSED in response.content.decode()
    assert model._default_manager.filter(pk=obj.pk).exists()
    # The bulk action too: all or nothing.
    selected = [obj.pk] + ([other.pk] if other else [])
    response = client.post(_url(model, "changelist"), {"action": "delete_selected", "_selected_action": selected,
                                                       "post": "yes"}, follow=True)
    assert REFUSED in response.content.decode()
    assert model._default_manager.filter(pk__in=selected).count() == len(selected)

    monkeypatch.undo()
    response = client.post(_url(model, "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not model._default_manager.filter(pk=obj.pk).exists()


@pytest.mark.django_db
def test_a_list_edit_goes_through_the_service(client, monkeypatch, coordinator, district):
    client.force_login(coordinator)
    url = _url(AdministrativeUnit, "changelist")
    formset = client.get(url).context["cl"].formset
    data = {f"form-{key}": value for key, value in formset.management_form.initial.items()}
    for index, form in enumerate(formset.forms):
        data[f"form-{index}-id"] = form.instance.pk
        for name in ("is_mountainous", "is_ethnic_minority_area", "is_border", "is_especially_difficult"):
            if getattr(form.instance, name) and not (form.instance == district and name == "is_border"):
                data[f"form-{index}-{name}"] = "on"
    data["_save"] = "Lưu"
    monkeypatch.setattr(services, "unit_save", _refuse)
    response = client.post(url, data, follow=True)
    assert REFUSED in response.content.decode()
    district.refresh_from_db()
    assert district.is_border
    monkeypatch.undo()
    client.post(url, data)
    district.refresh_from_db()
    assert not district.is_border


# --- every import ------------------------------------------------------------------------------

IMPORTS = {
    resources.AdministrativeUnitResource: ("unit_save", ["Mã đơn vị", "Tên", "Cấp", "Mã đơn vị cấp trên"],
                                           lambda f: ["99993", "Xã Nhập Thử", "Xã, phường, thị trấn", f["district"].code]),
    resources.AgencyResource: ("agency_save", ["Tên cơ quan, đơn vị", "Loại"], lambda f: ["Sở Nhập Thử", ""]),
    resources.PartnershipResource: ("partnership_create", ["Cơ quan, đơn vị", "Mã địa phương kết nghĩa", "Ngày ký kết"],
                                    lambda f: [f["agency"].name, DistrictFactory().code, "01/10/2022"]),
    resources.ActivityResource: ("activities_import", ["Mã hoạt động", "Cơ quan, đơn vị", "Mã địa phương kết nghĩa",
                                                     "Loại hoạt động", "Tên hoạt động", "Ngày bắt đầu"],
                                 lambda f: ["", f["agency"].name, f["partnership"].unit.code, "mo-hinh",
                                            "Nhập thử", "02/02/2024"]),
}


@pytest.mark.django_db
@pytest.mark.parametrize("resource_class", list(IMPORTS), ids=lambda r: r.__name__)
def test_every_import_obeys_the_service(monkeypatch, coordinator, world, resource_class):
    service, headers, row = IMPORTS[resource_class]
    model = resource_class._meta.model
    dataset = Dataset(headers=headers)
    dataset.append(row(world))
    before = model._default_manager.count()
    monkeypatch.setattr(services, service, _refuse)
    result = resource_class(user=coordinator).import_data(dataset, dry_run=False)
    messages = [m for invalid in result.invalid_rows for errors in invalid.error_dict.values() for m in errors]
    assert REFUSED in messages
    assert model._default_manager.count() == before
    monkeypatch.undo()
    result = resource_class(user=coordinator).import_data(dataset, dry_run=False)
    assert not result.has_validation_errors() and not result.has_errors()
    assert model._default_manager.count() == before + 1


@pytest.mark.django_db
def test_an_import_without_a_coordinator_writes_no_partnership(officer, agency):
    dataset = Dataset(headers=["Cơ quan, đơn vị", "Mã địa phương kết nghĩa", "Ngày ký kết"])
    dataset.append([agency.name, DistrictFactory().code, "01/10/2022"])
    result = resources.PartnershipResource(user=officer).import_data(dataset, dry_run=False)
    messages = [m for invalid in result.invalid_rows for errors in invalid.error_dict.values() for m in errors]
    assert "Chỉ cán bộ tổng hợp cấp tỉnh quản lý quan hệ kết nghĩa." in messages
    assert not Partnership.objects.exists()


# --- nothing writes by itself ----------------------------------------------------------------


def test_every_writable_admin_saves_and_deletes_through_services():
    for model, model_admin in admin.site._registry.items():
        ours = "site-packages" not in str(model._meta.app_config.path)  # not a library's admin
        if not ours:
            continue
        request = type("R", (), {"user": type("U", (), {"has_perm": lambda *a: True, "is_active": True})()})()
        writable = any(getattr(model_admin, f"has_{verb}_permission")(request) for verb in ("add", "delete"))
        if writable:
            assert isinstance(model_admin, ServiceAdminMixin), model._meta.label
            assert type(model_admin).save_service is not ServiceAdminMixin.save_service, model._meta.label
            assert type(model_admin).delete_service is not ServiceAdminMixin.delete_service, model._meta.label


def test_every_resource_saves_through_a_service():
    for resource_class in resources.KetNghiaResource.__subclasses__():
        assert resource_class.save_checked is not resources.KetNghiaResource.save_checked, resource_class
