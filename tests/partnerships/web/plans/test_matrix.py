"""Role × page × scope matrix for the partnership, plan, model and import pages.

"ours" is a partnership of the officer's agency with the focal point's commune (in scope for
both); "theirs" belongs to another agency in another district. Rows out of scope answer 404
before any verb is checked; verbs a role may not use answer 403.
"""

import pytest
from django.urls import reverse

from partnerships.models import Partnership, PartnershipStatus
from tests.factories import DevelopmentModelFactory, PartnershipFactory

ROLES = ["officer", "other_officer", "focal_point", "coordinator", "leader", "administrator"]


@pytest.fixture
def ours(agency, commune):
    partnership = PartnershipFactory(agency=agency, unit=commune)
    DevelopmentModelFactory(partnership=partnership, commune=commune)
    return partnership


@pytest.fixture
def theirs(other_partnership):
    DevelopmentModelFactory(partnership=other_partnership)
    return other_partnership


def pages(p):
    model = p.models.get()
    return {
        "partnership_detail": reverse("partnerships:partnership_detail", args=[p.pk]),
        "partnership_update": reverse("partnerships:partnership_update", args=[p.pk]),
        "partnership_end": reverse("partnerships:partnership_end", args=[p.pk]),
        "plan_results": reverse("partnerships:plan_results", args=[p.pk, 2025]),
        "plan_edit": reverse("partnerships:plan_edit", args=[p.pk, 2025]),
        "model_detail": reverse("partnerships:model_detail", args=[model.pk]),
        "model_update": reverse("partnerships:model_update", args=[model.pk]),
    }


# Expected status per page for an object IN the user's scope (province-wide roles: every object).
IN_SCOPE = {
    "officer": {"partnership_detail": 200, "partnership_update": 403, "partnership_end": 403, "plan_results": 200,
                "plan_edit": 200, "model_detail": 200, "model_update": 200},
    "focal_point": {"partnership_detail": 200, "partnership_update": 403, "partnership_end": 403,
                    "plan_results": 200, "plan_edit": 403, "model_detail": 200, "model_update": 403},
    "coordinator": {name: 200 for name in ["partnership_detail", "partnership_update", "partnership_end",
                                           "plan_results", "plan_edit", "model_detail", "model_update"]},
    "leader": {"partnership_detail": 200, "partnership_update": 403, "partnership_end": 403, "plan_results": 200,
               "plan_edit": 403, "model_detail": 200, "model_update": 403},
}
IN_SCOPE["administrator"] = IN_SCOPE["coordinator"]
# Which object each role has in scope; None: neither ("theirs" is other_officer's own).
SCOPE = {"officer": "ours", "other_officer": "theirs", "focal_point": "ours", "coordinator": "both",
         "leader": "both", "administrator": "both"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_object_pages(client, request, role, ours, theirs):
    user = request.getfixturevalue(role)
    client.force_login(user)
    expected_in = IN_SCOPE.get(role, IN_SCOPE["officer"])
    for which, partnership in (("ours", ours), ("theirs", theirs)):
        in_scope = SCOPE[role] in (which, "both")
        for name, path in pages(partnership).items():
            expected = expected_in[name] if in_scope else 404
            assert client.get(path).status_code == expected, (role, which, name)


LIST_AND_CREATE = {
    # page: statuses for officer, other_officer, focal_point, coordinator, leader, administrator
    "partnership_list": [200, 200, 200, 200, 200, 200],
    "plan_list": [200, 200, 200, 200, 200, 200],
    "model_list": [200, 200, 200, 200, 200, 200],
    "partnership_create": [403, 403, 403, 200, 403, 200],
    "model_create": [200, 200, 403, 200, 403, 200],
    "import_upload": [200, 200, 403, 200, 403, 200],
}


@pytest.mark.parametrize("page", list(LIST_AND_CREATE))
@pytest.mark.django_db
def test_list_and_create_pages(client, request, page, ours, theirs):
    for role, expected in zip(ROLES, LIST_AND_CREATE[page], strict=True):
        client.force_login(request.getfixturevalue(role))
        assert client.get(reverse(f"partnerships:{page}")).status_code == expected, (role, page)


@pytest.mark.django_db
def test_lists_show_only_rows_in_scope(client, officer, focal_point, other_officer, ours, theirs):
    for user, visible in ((officer, ours), (focal_point, ours), (other_officer, theirs)):
        client.force_login(user)
        assert list(client.get(reverse("partnerships:partnership_list")).context["page_obj"]) == [visible]
        models = client.get(reverse("partnerships:model_list")).context["page_obj"]
        assert [m.partnership for m in models] == [visible]
        rows = client.get(reverse("partnerships:plan_list"), {"year": 2025}).context["rows"]
        assert [r.partnership for r in rows] == [visible]


@pytest.mark.django_db
def test_import_template_only_for_importers(client, officer, focal_point, leader, ours):
    client.force_login(officer)
    assert client.get(reverse("partnerships:import_template")).status_code == 200
    for user in (focal_point, leader):
        client.force_login(user)
        assert client.get(reverse("partnerships:import_template")).status_code == 403
        assert client.post(reverse("partnerships:import_confirm"), {"token": "x" * 32}).status_code == 403


@pytest.mark.parametrize("role", ["officer", "focal_point", "leader"])
@pytest.mark.django_db
def test_forbidden_posts_change_nothing(client, request, role, ours):
    client.force_login(request.getfixturevalue(role))
    end = client.post(reverse("partnerships:partnership_end", args=[ours.pk]),
                      {"ended_on": "01/01/2025", "reason": "Thử"})
    assert end.status_code == 403
    create = client.post(reverse("partnerships:partnership_create"),
                         {"agency": ours.agency.pk, "unit": ours.unit.pk, "signed_on": "01/01/2025"})
    assert create.status_code == 403
    ours.refresh_from_db()
    assert ours.status == PartnershipStatus.ACTIVE and Partnership.objects.count() == 1
    if role != "officer":
        plan = client.post(reverse("partnerships:plan_edit", args=[ours.pk, 2025]), {"money_target": "1.000"})
        assert plan.status_code == 403 and not ours.plans.exists()


@pytest.mark.django_db
def test_other_officer_cannot_write_into_our_partnership_by_id(client, other_officer, ours):
    client.force_login(other_officer)
    assert client.post(reverse("partnerships:plan_edit", args=[ours.pk, 2025]), {"money_target": "1"}).status_code == 404
    response = client.post(reverse("partnerships:model_create"), {
        "name": "Lén", "partnership": ours.pk, "commune": ours.unit.pk, "sector": "crops", "stage": "built",
        "households": "1"})
    assert response.status_code == 200 and "partnership" in response.context["form"].errors
    assert ours.models.count() == 1


@pytest.mark.django_db
def test_agreement_download_is_scoped(client, officer, other_officer, ours, settings):
    from django.core.files.base import ContentFile

    ours.agreement_file.save("ky-ket.pdf", ContentFile(b"%PDF-1.4"), save=True)
    path = reverse("partnerships:partnership_agreement", args=[ours.pk])
    client.force_login(officer)
    assert client.get(path).status_code == 200
    client.force_login(other_officer)
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, ours):
    for path in [reverse("partnerships:partnership_list"), *pages(ours).values(), reverse("partnerships:import_upload")]:
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response.url
