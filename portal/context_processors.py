"""The menu of every page: which entries a user sees is asked of the policy, not decided in a
template tag (templates only display)."""

from partnerships.access import policy


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav": {"annual_report": policy.may_read_annual_report(user)}}
