"""common/cache.py: Django's Redis cache with one redis-py client per pool (issue 15)."""

import pytest

from common.cache import RedisCache

URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_cache():
    import redis

    try:
        redis.Redis.from_url(URL).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"no Redis at {URL}: {error}")
    cache = RedisCache(URL, {"KEY_PREFIX": "test-common-cache"})
    yield cache
    cache.clear()


def test_one_client_per_pool_and_values_as_django_s(redis_cache):
    redis_cache.set("page", {"content": "<p>Tổng quan</p>", "notes": []}, 60)
    assert redis_cache.get("page") == {"content": "<p>Tổng quan</p>", "notes": []}
    assert redis_cache.get("missing", "default") == "default"
    client = redis_cache._cache.get_client("page")
    assert redis_cache._cache.get_client("other") is client
    assert redis_cache._cache.get_client("page", write=True) is client  # one server: one pool


def test_the_settings_choose_it_for_redis():
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    environment = {**{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
                   "DJANGO_SETTINGS_MODULE": "ketnghia.settings", "CACHE_URL": URL}
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2], env=environment,
                            capture_output=True, text=True)
    assert result.stdout.strip() == "common.cache.RedisCache", result.stderr
