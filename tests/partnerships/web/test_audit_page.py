"""The audit page: who changed what and when, from every history and every audit event; searchable
by user, object, kind, table and date; paged; exported to .xlsx with formulas dead; read by
administrators and coordinators only, a coordinator not seeing the accounts above their own."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from partnerships import services
from partnerships.access.roles import Role
from partnerships.models import ActivityCategory, AuditKind
from partnerships.services import accounts
from reports.services import evaluation_settings
from tests.factories import ActivityFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("partnerships:audit")


@pytest.fixture
def trail(coordinator, administrator, agency, partnership, commune):
    """A little of everything: a category's flag, an agency, an activity, an officer account, a
    coordinator account, a role's permissions, evaluation settings, an audit event."""
    category = ActivityCategory.objects.get(code="tham-hoi")
    category.is_substantive = True
    services.category_save(actor=coordinator, category=category)
    agency.name = "=HYPERLINK(\"http://x\")"
    services.agency_save(actor=coordinator, agency=agency)
    activity = ActivityFactory(partnership=partnership, commune=commune, title="Mô hình bò sinh sản")
    officer = accounts.user_create(actor=coordinator, username="canbo.moi", email="a@example.vn", role=Role.OFFICER,
                                   agency=agency, domain="testserver", use_https=False)
    chief = accounts.user_create(actor=administrator, username="tonghop.moi", email="b@example.vn",
                                 role=Role.COORDINATOR, domain="testserver", use_https=False)
    Group.objects.get(name=Role.LEADER.value).permissions.add(Permission.objects.get(codename="view_activity"))
    evaluation_settings.year_settings_create(actor=coordinator, year=2024)
    return {"category": category, "activity": activity, "officer": officer, "chief": chief}


def names(response):
    return [row["name"] for row in response.context["rows"]]


def test_only_administrators_and_coordinators_read_it(client, officer, leader, focal_point):
    for outsider in (officer, leader, focal_point):
        client.force_login(outsider)
        assert client.get(URL).status_code == 403
        assert client.get(reverse("partnerships:audit_export")).status_code == 403


def test_every_source_is_listed_newest_first(client, administrator, trail):
    client.force_login(administrator)
    response = client.get(URL)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["at"] for row in rows] == sorted((row["at"] for row in rows), reverse=True)
    for source in ("partnerships.activitycategory", "partnerships.agency", "partnerships.activity",
                   "partnerships.user", "auth.group", "reports.evaluationcriterion", "reports.classificationband"):
        assert client.get(URL, {"source": source}).context["rows"], source
    created = client.get(URL, {"kind": AuditKind.USER_CREATED, "text": "canbo"}).context["rows"]
    assert [row["name"] for row in created] == ["canbo.moi"] and f"role: {Role.OFFICER.value}" in created[0]["details"]
    page = client.get(URL, {"text": "tang qua"}).content.decode()
    assert "Thăm hỏi, tặng quà" in page


def test_a_coordinator_does_not_see_rights_above_their_own(client, coordinator, trail):
    client.force_login(coordinator)
    listed = {row["name"] for row in client.get(URL, {"text": "moi"}).context["rows"]}
    assert "canbo.moi" in listed and "tonghop.moi" not in listed
    assert client.get(URL, {"source": "auth.group"}).context["rows"] == []
    assert client.get(URL, {"text": "bo sinh san"}).context["rows"]


def test_search_by_user_object_kind_table_and_date(client, administrator, coordinator, trail):
    client.force_login(administrator)
    by_user = client.get(URL, {"user": "tonghop"}).context["rows"]
    assert by_user == []  # nobody called that changed anything
    by_actor = client.get(URL, {"user": coordinator.username}).context["rows"]
    assert by_actor and {row["username"] for row in by_actor} == {coordinator.username}
    assert names(client.get(URL, {"text": "mo hinh bo"})) == ["Mô hình bò sinh sản"]  # diacritics ignored
    assert names(client.get(URL, {"text": str(trail["activity"].pk), "source": "partnerships.activity"})) == [
        "Mô hình bò sinh sản"]
    kinds = {row["kind"] for row in client.get(URL, {"kind": AuditKind.USER_CREATED}).context["rows"]}
    assert kinds == {"Tạo tài khoản"}
    changed = client.get(URL, {"kind": AuditKind.CHANGED, "source": "partnerships.activitycategory"})
    assert names(changed) == ["Thăm hỏi, tặng quà"]
    assert "thiết thực: không → có" in changed.context["rows"][0]["details"]
    created = client.get(URL, {"kind": AuditKind.CREATED, "source": "partnerships.activitycategory"})
    assert "bản ghi gốc khi bắt đầu lưu lịch sử" in created.context["rows"][0]["details"]
    today = timezone.localdate()
    assert client.get(URL, {"date_to": (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y")}).context["rows"] == []
    assert client.get(URL, {"date_from": today.strftime("%d/%m/%Y")}).context["rows"]


@pytest.mark.parametrize("params", [{"date_from": "31/02/2024"}, {"batch": "99999999999999999999"},
                                    {"text": "99999999999999999999"}, {"kind": "nope"}, {"source": "x.y"},
                                    {"page": "abc"}, {"user": "\x00"}])
def test_bad_parameters_give_a_page_not_a_500(client, administrator, trail, params):
    client.force_login(administrator)
    assert client.get(URL, params).status_code == 200


def test_paged_with_a_constant_number_of_queries(client, administrator, partnership, commune,
                                                 django_assert_max_num_queries):
    for index in range(60):
        ActivityFactory(partnership=partnership, commune=commune, title=f"Hoạt động {index}")
    client.force_login(administrator)
    with django_assert_max_num_queries(12):
        first = client.get(URL)
    assert len(first.context["rows"]) == 50 and first.context["page_obj"].paginator.count >= 60
    assert len(client.get(URL, {"page": 2}).context["rows"]) >= 10


def test_export_lists_the_same_entries_with_formulas_dead(client, administrator, trail):
    client.force_login(administrator)
    response = client.get(reverse("partnerships:audit_export"), {"source": "partnerships.agency"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Thời điểm", "Người thực hiện", "Tên đăng nhập", "Loại thay đổi")
    assert any(row[6] == "=HYPERLINK(\"http://x\")" for row in rows[1:])  # as typed, a string cell
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert isinstance(rows[1][0], datetime.datetime)
    assert len(rows) - 1 == len(client.get(URL, {"source": "partnerships.agency"}).context["rows"])


def test_users_listed_are_only_actors_that_exist(client, administrator):
    UserFactory(username="khong.lam.gi")
    client.force_login(administrator)
    assert client.get(URL, {"user": "khong"}).context["rows"] == []
