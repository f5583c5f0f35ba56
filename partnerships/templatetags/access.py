"""What the menus show a user, asked of the policy module (templates never decide "may")."""

from django import template

from partnerships.access import policy

register = template.Library()


@register.filter
def manages_accounts(user) -> bool:
    return policy.may_manage_accounts(user)
