"""Django's Redis cache, keeping one redis-py client per connection pool.

Django's `RedisCacheClient.get_client` makes a new `redis.Redis` object for every call; building
one (its command parsers, callbacks and locks) cost more Python than the GET it sends, and a
cached page reads two or three keys (the session, the page, its parts). A `redis.Redis` object
is safe to share: it takes a connection from its pool for each command. Django keeps a cache
object per thread, so each thread still has its own pools and clients.

Settings pick this class when CACHE_URL names Redis (ketnghia/settings.py); everything else is
Django's.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
