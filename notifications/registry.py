"""Reminder rules, registered by the app that owns the data they read:

    # partnerships/reminders.py
    @reminder_rule("stale_drafts", title=_("Bản nháp chưa gửi sau N ngày"))
    def stale_drafts(schedule, today) -> int:
        ...  # find who should be reminded, call notifications.services.notify(...)
        return count

A rule is called once a day per active schedule (`services.run_reminders`), and gives each notice
a key naming the thing and the day, so running twice the same day notifies once.
"""

from collections.abc import Callable
from dataclasses import dataclass

_RULES: dict[str, "Rule"] = {}


@dataclass(frozen=True)
class Rule:
    name: str
    title: object
    run: Callable
    needs_deadline: bool


def reminder_rule(name: str, *, title, needs_deadline: bool = False) -> Callable:
    def register(function: Callable) -> Callable:
        _RULES[name] = Rule(name=name, title=title, run=function, needs_deadline=needs_deadline)
        return function

    return register


def rules() -> dict[str, Rule]:
    return dict(_RULES)


def rule_title(name: str):
    rule = _RULES.get(name)
    return rule.title if rule else name
