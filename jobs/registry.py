"""Which kinds of job exist. An app declares its own in its `jobs.py`:

    @job_kind("partnerships.activity_export", title=_("Xuất danh sách hoạt động"))
    def activity_export(run: JobRun, *, query: str) -> None:
        rows = ...
        run.set_total(rows.count())
        with run.output("hoat-dong.xlsx") as stream:
            for row in rows:
                ...
                run.advance()

The function gets the `JobRun` (who asked, progress, the output file) and the parameters given to
`services.job_start`, which must be JSON (strings, numbers, lists, dicts): they are stored on the
job and read back by the worker, possibly on another machine.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_KINDS: dict[str, "JobKind"] = {}


@dataclass(frozen=True)
class JobKind:
    name: str
    title: str | Promise
    run: Callable
    # What the progress counts ("dòng" of a list, "bước" of a report built in a few steps).
    unit: str | Promise = _("dòng")
    # result (the kind's returned dict) → {"text": ..., "url": ..., "label": ...} shown when the
    # job is done, in the reader's language (a kind without a file says here what it did).
    outcome: Callable[[dict], dict | None] | None = None


def job_kind(name: str, *, title, unit=None, outcome: Callable | None = None) -> Callable:
    def register(function: Callable) -> Callable:
        _KINDS[name] = JobKind(name=name, title=title, run=function, unit=unit or _("dòng"), outcome=outcome)
        return function

    return register


def get_kind(name: str) -> JobKind:
    return _KINDS[name]


def find_kind(name: str) -> JobKind | None:
    """The kind, or None for a job whose kind is no longer registered (an old row)."""
    return _KINDS.get(name)
