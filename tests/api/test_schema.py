"""The OpenAPI schema validates, documents every resource, and a property-based run
(schemathesis, bounded) finds no server error and no response that breaks the schema."""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api import tokens
from tests.factories import ActivityFactory, DevelopmentModelFactory

MAX_EXAMPLES = 15  # per operation: ~16 operations → a few hundred requests, well under a minute


def test_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in ("/api/v1/activities/", "/api/v1/units/{code}/", "/api/v1/figures/", "/api/v1/plans/",
                 "/api/v1/models/", "/api/v1/agencies/", "/api/v1/partnerships/"):
        assert path in text


@pytest.fixture
def wsgi_app():
    """The portal as a WSGI application, called in this thread (so it sees the test's rows), and,
    as Django's test client does, without closing the database connection between requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@override_settings(API_RATE_LIMIT="100000/hour")
def test_schemathesis_finds_no_server_error(partnership, commune, coordinator, wsgi_app):
    ActivityFactory(partnership=partnership, commune=commune, status="approved")
    DevelopmentModelFactory(partnership=partnership, commune=commune)
    _, key = tokens.token_create(
        actor=coordinator, name="schemathesis", expires_on=datetime.date.today() + datetime.timedelta(days=1)
    )
    headers = {"Authorization": f"Bearer {key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app, headers=headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

        check()
