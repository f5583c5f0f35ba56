"""A GET of any report page writes no row (defect 2 of issue 9).

Every URL of the reports namespace (and the home page, which shows the same figures) is opened by
each role that reads reports, for years without evaluation settings; not one INSERT, UPDATE or
DELETE may run, and no table gains a row. The URLs come from the URLconf, so a report page added
later is covered without a change here.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse

from reports.models import ClassificationBand, EvaluationCriterion, FinalisedReport
from tests.factories import ActivityFactory

WRITE = re.compile(r"^\W*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|TRUNCATE)\b", re.IGNORECASE)
YEARS = ("", "?year=2024", "?year_from=2023&year_to=2024")


def _named_patterns(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _named_patterns(pattern.url_patterns, pattern.namespace or namespace)
        else:
            yield namespace, pattern.name, sorted(pattern.pattern.converters)


def report_urls(partnership, commune, finalised) -> list[str]:
    values = {"code": [partnership.unit.code, commune.code], "pk": [partnership.agency_id],
              "kind": ["xlsx", "docx"]}
    urls = [reverse("portal:home")]
    for namespace, name, params in _named_patterns(get_resolver().url_patterns):
        if namespace != "reports":
            continue
        if name == "annual_finalised_file":
            urls += [reverse(f"reports:{name}", args=[finalised.pk, kind]) for kind in values["kind"]]
        elif not params:
            urls += [reverse(f"reports:{name}") + query for query in YEARS]
        else:
            [param] = params
            urls += [reverse(f"reports:{name}", kwargs={param: value}) + "?year=2024" for value in values[param]]
    return urls


@pytest.fixture
def finalised(administrator):
    # A finalised year that is reopened: its stored files can be downloaded, the year is not locked.
    from django.utils import timezone

    from reports.services.finalise import sha256

    return FinalisedReport.objects.create(
        year=2022, figures={}, xlsx=b"x", docx=b"d", xlsx_sha256=sha256(b"x"), docx_sha256=sha256(b"d"),
        figures_sha256="0" * 64, finalised_by=administrator, reopened_by=administrator,
        reopened_at=timezone.now(), reopen_reason="Kiểm thử",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "leader", "officer"])
def test_a_get_of_any_report_page_writes_no_row(request, client, role, partnership, commune, finalised):
    ActivityFactory(partnership=partnership, commune=commune)
    user = request.getfixturevalue(role)
    client.force_login(user)
    urls = report_urls(partnership, commune, finalised)
    assert len(urls) > 15
    with CaptureQueriesContext(connection) as queries:
        statuses = {url: client.get(url).status_code for url in urls}
    assert all(status < 500 for status in statuses.values()), statuses
    writes = [query["sql"] for query in queries.captured_queries if WRITE.match(query["sql"])]
    assert writes == []
    assert not EvaluationCriterion.objects.exists() and not ClassificationBand.objects.exists()
