"""Job kinds used only by the tests (registered on import)."""

from jobs.registry import job_kind


class Refused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@job_kind("tests.count_to", title="Đếm thử")
def count_to(run, *, n: int, fail_at: int | None = None, die_at: int | None = None, refuse: str = ""):
    run.set_total(n)
    with run.output("dem-thu.txt") as stream:
        for number in range(1, n + 1):
            if number == fail_at:
                raise RuntimeError("boom")
            if number == die_at:
                # What a killed worker looks like from the database: no handler runs at all.
                raise SystemExit("worker killed")
            if refuse:
                raise Refused(refuse)
            stream.write(f"{number}\n".encode())
            run.advance()
    return {"counted": n}
