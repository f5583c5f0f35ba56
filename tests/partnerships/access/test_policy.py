""""May this user ...?" has one home: partnerships/access/policy.py (over the workflow's table).

Read from the source, like the import graph: no module outside `partnerships/access/` and the
workflow reads a user's roles, and no template tag asks the access modules anything (templates
are handed the answers)."""

import ast

from partnerships.access import policy
from tests.test_import_graph import _graph, _modules

# Besides partnerships.access itself: the workflow's table names the roles of each move; the
# reference data and the demo create the role groups and the demo users.
MAY_READ_ROLES = ("partnerships.workflow", "partnerships.reference", "partnerships.demo.", "partnerships.management.")


# Reading a user's roles; the vocabulary (Role, ROLE_LABELS) may be named by whoever grants roles.
READS_ROLES = {"roles_of", "sees_whole_province", "PROVINCE_WIDE_ROLES"}


def _reads_roles(path) -> bool:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("access.roles"):
            if READS_ROLES & {alias.name for alias in node.names}:
                return True
        if isinstance(node, ast.Attribute) and node.attr in READS_ROLES:
            return True
    return False


def test_only_the_access_modules_read_roles():
    readers = sorted(
        module
        for module, path in _modules().items()
        if not module.startswith("partnerships.access")
        and not module.startswith(MAY_READ_ROLES)
        and ".migrations." not in module
        and _reads_roles(path)
    )
    assert not readers, f"decide 'may' in partnerships/access/policy.py, not in: {readers}"


def test_template_tags_decide_nothing():
    deciding = sorted(
        f"{module} → {target}"
        for module, targets in _graph().items()
        if ".templatetags." in module
        for target in targets
        if target.startswith(("partnerships.access", "reports.evaluation", "reports.selectors"))
    )
    assert not deciding, deciding


def test_the_coordinator_check_says_it_includes_administrators(coordinator, administrator, leader, officer):
    assert not hasattr(policy, "is_coordinator")
    assert policy.is_coordinator_or_admin(coordinator) and policy.is_coordinator_or_admin(administrator)
    assert not policy.is_coordinator_or_admin(leader) and not policy.is_coordinator_or_admin(officer)


def test_home_queues_per_role(officer, focal_point, coordinator, leader, administrator):
    assert policy.home_queues(officer) == {"drafts", "returned", "waiting", "disputed", "counts"}
    assert policy.home_queues(focal_point) == {"to_confirm"}
    assert policy.home_queues(coordinator) == {"to_review", "disputed", "counts"}
    assert policy.home_queues(leader) == {"counts", "summary"}
    assert policy.home_queues(administrator) == {"to_review", "disputed", "counts"}
