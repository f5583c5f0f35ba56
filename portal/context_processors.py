"""The menu of every page: which entries a user sees is asked of the policy, not decided in a
template tag (templates only display)."""

from partnerships.access import policy


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "annual_report": policy.may_read_annual_report(user),
            "add_activities": policy.may_add_activities(user),
            "admin": policy.may_use_admin(user),
            "plans_inspections": policy.may_plan_inspections(user),
            "manage_accounts": policy.may_manage_accounts(user),
            "audit": policy.may_read_audit(user),
        }
    }
