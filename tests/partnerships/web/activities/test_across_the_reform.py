"""Recording across 1 July 2025: the form and the officers' import refuse a commune that no longer
exists on the activity's start date, naming its successor; reused codes are read by date."""

import datetime

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.io import officer_import
from partnerships.models import Activity, Agency
from tests.factories import ActivityFactory, PartnershipFactory, category
from tests.partnerships.web.imports.test_officer_import import filled, good_row, template_for

pytestmark = pytest.mark.django_db
CREATE = reverse("partnerships:activity_create")
REFUSAL = "Xã A Xan đã sáp nhập vào Xã Hùng Sơn từ 01/07/2025; chọn Xã Hùng Sơn."


@pytest.fixture
def repointed(reform, officer, coordinator):
    """The officer's agency twinned with old A Xan, re-pointed to Hùng Sơn (code 20443 both)."""
    agency = Agency.objects.get(pk=officer.agency_id)
    old = PartnershipFactory(agency=agency, unit=reform.a_xan)
    ActivityFactory(partnership=old, commune=reform.a_xan, start_date=datetime.date(2025, 3, 1), title="Cũ")
    [new] = services.partnerships_repoint(actor=coordinator, partnerships=[old])
    return old, new


def form_data(partnership, commune, start):
    return {"partnership": partnership.pk, "category": category("mo-hinh").pk, "title": "Tập huấn trồng quế",
            "start_date": start, "commune": commune.pk if commune else "", "budget_state": "1.250.000",
            "budget_society": "0", "budget_in_kind": "0", "people_reached": "10", "ethnic_minority_people": "8"}


def test_a_2026_activity_at_the_new_commune_is_recorded(client, officer, reform, repointed):
    old, new = repointed
    client.force_login(officer)
    page = client.get(CREATE)
    assert page.context["commune_validity"][str(reform.hung_son.pk)] == ["2025-07-01", None]
    assert client.post(CREATE, form_data(new, reform.hung_son, "12/02/2026")).status_code == 302
    activity = Activity.objects.get(title="Tập huấn trồng quế")
    assert (activity.partnership, activity.commune) == (new, reform.hung_son)
    # the activity recorded before keeps its commune and partnership
    assert Activity.objects.get(title="Cũ").commune == reform.a_xan


def test_the_form_refuses_an_old_commune_after_the_reform_naming_its_successor(client, officer, reform):
    agency = Agency.objects.get(pk=officer.agency_id)
    old = PartnershipFactory(agency=agency, unit=reform.a_xan)  # not re-pointed yet
    client.force_login(officer)
    response = client.post(CREATE, form_data(old, reform.a_xan, "12/02/2026"))
    assert response.status_code == 200
    assert REFUSAL in response.context["form"].errors["commune"]
    # before the reform the same partnership and commune are fine
    assert client.post(CREATE, form_data(old, reform.a_xan, "12/02/2025")).status_code == 302
    assert Activity.objects.count() == 1


def test_the_service_refuses_a_new_commune_before_the_reform(officer, reform, repointed):
    old, new = repointed
    with pytest.raises(Exception) as refused:
        services.activity_create(actor=officer, partnership=new, category=category(), title="Sớm",
                                 start_date=datetime.date(2025, 5, 1), commune=reform.hung_son)
    assert "Xã Hùng Sơn có hiệu lực từ 01/07/2025" in str(refused.value)


def test_the_import_reads_a_reused_code_by_the_row_date_and_refuses_an_old_commune(client, officer, reform, repointed):
    old, new = repointed
    client.force_login(officer)
    workbook = template_for(client)
    rows = [
        good_row(new, reform.hung_son, **{"Ngày bắt đầu (*)": datetime.date(2026, 3, 2), "Ngày kết thúc": None}),
        good_row(new, reform.a_xan, **{"Xã thực hiện": "Xã Ch'ơm [20446]", "Ngày bắt đầu (*)": datetime.date(2026, 3, 2),
                                        "Ngày kết thúc": None}),
    ]
    # the agency's old partnership has ended, so its communes are only in the list for earlier rows
    preview = client.post(reverse("partnerships:import_upload"), {"file": filled(workbook, rows)})
    errors = {(e.row, e.column): e.message for e in preview.context["result"].errors}
    assert list(errors) == [(3, "Xã thực hiện")]
    assert not any(row == 2 for row, _c in errors)  # [20443] in a 2026 row is Hùng Sơn
    assert not Activity.objects.filter(start_date__year=2026).exists()


def test_the_import_refuses_an_old_commune_after_the_reform_on_its_row_and_column(client, officer, reform):
    agency = Agency.objects.get(pk=officer.agency_id)
    old = PartnershipFactory(agency=agency, unit=reform.district)  # the district, not re-pointed yet
    client.force_login(officer)
    rows = [
        good_row(old, reform.a_xan, **{"Ngày bắt đầu (*)": datetime.date(2025, 3, 2), "Ngày kết thúc": None}),
        good_row(old, reform.a_xan, **{"Ngày bắt đầu (*)": datetime.date(2026, 3, 2), "Ngày kết thúc": None}),
    ]
    preview = client.post(reverse("partnerships:import_upload"), {"file": filled(template_for(client), rows)})
    errors = {(e.row, e.column): e.message for e in preview.context["result"].errors}
    assert set(errors) == {(3, "Xã thực hiện"), (3, "Địa phương kết nghĩa (*)")}
    assert errors[(3, "Xã thực hiện")] == REFUSAL
    assert "Huyện Tây Giang đã sáp nhập vào Xã Hùng Sơn, Xã Tây Giang" in errors[(3, "Địa phương kết nghĩa (*)")]
    assert "chuyển sang đơn vị mới" in errors[(3, "Địa phương kết nghĩa (*)")]


def test_an_activity_without_a_commune_is_for_the_twinned_locality_not_a_district(client, officer, reform, repointed):
    """After the reform a partnership is with a commune and there are no districts: the form,
    the template's rules and the page say "the whole twinned locality", not "the whole district"."""
    old, new = repointed
    client.force_login(officer)
    picker = client.get(CREATE).context["form"].fields["commune"]
    assert picker.empty_label == "– Cả địa bàn kết nghĩa / để trống –"
    assert "cả địa bàn kết nghĩa" in str(picker.help_text) and "huyện" not in str(picker.help_text)
    activity = ActivityFactory(partnership=new, commune=None, start_date=datetime.date(2026, 3, 1), title="Chung")
    page = client.get(reverse("partnerships:activity_detail", args=[activity.pk])).content.decode()
    assert "Chung cho cả địa bàn kết nghĩa" in page and "Chung cho cả huyện" not in page
