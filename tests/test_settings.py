"""Settings come from the environment; production refuses to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_settings(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    environment.update(env)
    code = "import ketnghia.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.LANGUAGE_CODE, s.TIME_ZONE)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)


def test_production_without_secret_key_refuses_to_start():
    result = _load_settings(DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_defaults_to_sqlite_and_vietnamese():
    result = _load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3", "vi", "Asia/Ho_Chi_Minh"]


def test_database_url_selects_postgresql():
    result = _load_settings(DATABASE_URL="postgres://u@db.example:5432/ketnghia")
    assert "django.db.backends.postgresql" in result.stdout


@pytest.mark.django_db
def test_postgresql_connections_sort_the_dashboards_groupings_in_memory():
    """work_mem from POSTGRES_WORK_MEM (16 MB): at PostgreSQL's default 4 MB the dashboard's
    by-district grouping spilled its sort to disk at a million activities (docs/performance.md)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "16MB"


@pytest.mark.django_db
def test_postgresql_connections_cost_random_reads_as_on_ssd():
    """random_page_cost from POSTGRES_RANDOM_PAGE_COST (1.1): at PostgreSQL's default 4 the
    list's quarterly figures read the whole summary heap rather than its covering index
    (docs/performance.md)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == 1.1
