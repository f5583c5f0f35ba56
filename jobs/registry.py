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

_KINDS: dict[str, "JobKind"] = {}


@dataclass(frozen=True)
class JobKind:
    name: str
    title: str | Promise
    run: Callable


def job_kind(name: str, *, title) -> Callable:
    def register(function: Callable) -> Callable:
        _KINDS[name] = JobKind(name=name, title=title, run=function)
        return function

    return register


def get_kind(name: str) -> JobKind:
    return _KINDS[name]
