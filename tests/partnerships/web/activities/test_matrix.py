"""Role × page × scope: every activity page for every role, with one activity in the officer's
scope (their agency, in the focal point's commune) and one outside it (another agency, another
district). Out of scope → 404; a verb the role may not use → 403."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships import services
from tests.factories import ActivityFactory


def url_name(page: str) -> str:
    """The home page is the portal's; every other page here is an activity page."""
    return "portal:home" if page == "home" else f"partnerships:{page}"


ROLES = ["officer", "other_officer", "focal_point", "coordinator", "leader", "administrator"]

# page → {role: (status for the in-scope activity, status for the out-of-scope one)}
EXPECTED = {
    "activity_detail": {
        "officer": (200, 404), "other_officer": (404, 200), "focal_point": (200, 404),
        "coordinator": (200, 200), "leader": (200, 200), "administrator": (200, 200),
    },
    "activity_update": {
        "officer": (200, 404), "other_officer": (404, 200), "focal_point": (403, 404),
        "coordinator": (200, 200), "leader": (403, 403), "administrator": (200, 200),
    },
    "activity_attachment": {
        "officer": (200, 404), "other_officer": (404, 200), "focal_point": (200, 404),
        "coordinator": (200, 200), "leader": (200, 200), "administrator": (200, 200),
    },
}
# Pages without an object: every role opens them (their content is scoped), except the form.
UNSCOPED = {
    "home": dict.fromkeys(ROLES, 200),
    "activity_list": dict.fromkeys(ROLES, 200),
    "activity_export": dict.fromkeys(ROLES, 200),
    "activity_create": {**dict.fromkeys(ROLES, 200), "focal_point": 403, "leader": 403},
}
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def objects(partnership, commune, other_partnership, officer, other_officer):
    mine = ActivityFactory(partnership=partnership, commune=commune, title="Trong phạm vi")
    theirs = ActivityFactory(partnership=other_partnership, title="Ngoài phạm vi")
    files = {
        mine.pk: services.attachment_add(actor=officer, activity=mine, upload=SimpleUploadedFile("a.pdf", PDF)),
        theirs.pk: services.attachment_add(actor=other_officer, activity=theirs,
                                           upload=SimpleUploadedFile("b.pdf", PDF)),
    }
    return mine, theirs, files


def url_for(page, activity, files):
    if page == "activity_attachment":
        return reverse(f"partnerships:{page}", args=[activity.pk, files[activity.pk].pk])
    return reverse(f"partnerships:{page}", args=[activity.pk])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_object_pages(client, request, role, page, objects):
    mine, theirs, files = objects
    client.force_login(request.getfixturevalue(role))
    expected_in, expected_out = EXPECTED[page][role]
    assert client.get(url_for(page, mine, files)).status_code == expected_in
    assert client.get(url_for(page, theirs, files)).status_code == expected_out


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(UNSCOPED))
def test_pages_without_object(client, request, role, page, objects):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(url_name(page))).status_code == UNSCOPED[page][role]


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_exactly_the_scope(client, request, role, objects):
    client.force_login(request.getfixturevalue(role))
    shown = {a.title for a in client.get(reverse("partnerships:activity_list")).context["activities"]}
    expected = {
        "officer": {"Trong phạm vi"}, "other_officer": {"Ngoài phạm vi"}, "focal_point": {"Trong phạm vi"},
    }.get(role, {"Trong phạm vi", "Ngoài phạm vi"})
    assert shown == expected


@pytest.mark.parametrize("page", ["home", "activity_list", "activity_export", "activity_create"])
def test_anonymous_users_go_to_login(client, page):
    response = client.get(reverse(url_name(page)))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- actions: role × verb × scope; a refused POST changes nothing ---------------------------

# action → (state the activity is put in first, {role: (in scope, out of scope)})
ACTIONS = {
    "submit": ("draft", {"officer": (302, 404), "other_officer": (404, 302), "focal_point": (403, 404),
                         "coordinator": (302, 302), "leader": (403, 403), "administrator": (302, 302)}),
    "approve": ("submitted", {"officer": (403, 404), "other_officer": (404, 403), "focal_point": (403, 404),
                              "coordinator": (302, 302), "leader": (403, 403), "administrator": (302, 302)}),
    "return": ("submitted", {"officer": (403, 404), "other_officer": (404, 403), "focal_point": (403, 404),
                             "coordinator": (302, 302), "leader": (403, 403), "administrator": (302, 302)}),
    "delete": ("draft", {"officer": (302, 404), "other_officer": (404, 302), "focal_point": (403, 404),
                         "coordinator": (302, 302), "leader": (403, 403), "administrator": (302, 302)}),
    "confirm": ("submitted", {"officer": (403, 404), "other_officer": (404, 403), "focal_point": (302, 404),
                              "coordinator": (403, 403), "leader": (403, 403), "administrator": (403, 403)}),
    "flag": ("submitted", {"officer": (403, 404), "other_officer": (404, 403), "focal_point": (302, 404),
                           "coordinator": (403, 403), "leader": (403, 403), "administrator": (403, 403)}),
}


def snapshot(activity):
    from partnerships.models import Activity

    row = Activity.objects.filter(pk=activity.pk).values("status", "confirmation_status").first()
    return row, activity.status_changes.count()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_actions(client, request, role, action, objects, officer, other_officer):
    mine, theirs, _files = objects
    state, expected = ACTIONS[action]
    if state == "submitted":
        services.activity_submit(actor=officer, activity=mine)
        services.activity_submit(actor=other_officer, activity=theirs)
    client.force_login(request.getfixturevalue(role))
    for activity, code in zip((mine, theirs), expected[role], strict=True):
        before = snapshot(activity)
        url = reverse("partnerships:activity_action", args=[activity.pk, action])
        response = client.post(url, {"comment": "Ý kiến kiểm tra"})
        assert response.status_code == code, (role, action, activity.title)
        assert (snapshot(activity) != before) == (code == 302), "only an accepted POST changes the activity"
