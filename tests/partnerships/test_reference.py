"""Role grants live in one table (reference.ROLE_GRANTS) covering both apps; applying it again, as
seed_demo and every test's setup do, keeps each group's permissions (defect 3 of issue 9)."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from partnerships.access.roles import Role
from partnerships.reference import ROLE_GRANTS, granted_codenames
from reports.models import EvaluationCriterion

# What the migrations granted before the table existed, counted per app: the table must match.
# (The names on a report moved from reports to partnerships: 1, 1 and 4 of them.)
MIGRATED_COUNTS = {
    (Role.COORDINATOR, "reports"): 10, (Role.LEADER, "reports"): 4, (Role.ADMINISTRATOR, "reports"): 16,
    (Role.OFFICER, "reports"): 0, (Role.FOCAL_POINT, "reports"): 0,
    (Role.COORDINATOR, "partnerships"): 42, (Role.LEADER, "partnerships"): 12,
    (Role.ADMINISTRATOR, "partnerships"): 48, (Role.OFFICER, "partnerships"): 25,
    (Role.FOCAL_POINT, "partnerships"): 11,
}


def held(role: Role, app_label: str) -> set[str]:
    group = Group.objects.get(name=role.value)
    return set(group.permissions.filter(content_type__app_label=app_label).values_list("codename", flat=True))


def expected(role: Role, app_label: str) -> set[str]:
    codenames = granted_codenames(role, app_label)
    everything = Permission.objects.filter(content_type__app_label=app_label).values_list("codename", flat=True)
    return set(everything) if codenames is None else codenames


@pytest.mark.django_db
def test_after_seed_demo_each_role_group_still_holds_its_permissions_in_both_apps():
    call_command("load_admin_units", "--province", "49", stdout=StringIO())
    call_command("seed_demo", "--activities", "20", "--password", "mat-khau-thu", stdout=StringIO())
    for role in Role:
        for app_label in ("partnerships", "reports", "auth"):
            assert held(role, app_label) == expected(role, app_label), (role, app_label)
    for (role, app_label), count in MIGRATED_COUNTS.items():
        assert len(held(role, app_label)) == count, (role, app_label)
    assert len(held(Role.ADMINISTRATOR, "auth")) == Permission.objects.filter(content_type__app_label="auth").count()


@pytest.mark.django_db
def test_every_granted_permission_exists():
    for role, apps in ROLE_GRANTS.items():
        for app_label in apps:
            codenames = granted_codenames(role, app_label) or set()
            found = set(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
                        .values_list("codename", flat=True))
            assert found == codenames, (role, app_label, codenames - found)


@pytest.mark.django_db
def test_a_coordinator_reaches_the_admins_evaluation_criteria(client, coordinator):
    EvaluationCriterion.objects.create(year=2024, code="has_plan", weight=15, threshold=1)
    client.force_login(coordinator)
    assert client.get(reverse("admin:reports_evaluationcriterion_changelist")).status_code == 200
    assert client.get(reverse("admin:reports_evaluationcriterion_add")).status_code == 200
    assert client.get(reverse("admin:reports_classificationband_changelist")).status_code == 200
