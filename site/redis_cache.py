"""The shared cache in production: Django's own Redis backend, made to ride out a Redis outage.

Everything this site keeps in the cache can be rebuilt from PostgreSQL: whole pages, the page frame,
directory lists, rate-limit counters and cache versions. So when Redis cannot be reached, the site
should get slower, not fail: a read is a miss, a write is dropped, a counter starts again (rate
limits fail open for that while), and a warning goes to the log. After a failure the cache is left
alone for `RETRY_SECONDS`, so a Redis that is down or unreachable costs each request nothing, not a
connection timeout per cache call.

Configured by CACHE_URL=redis://host:6379/0 (kumppanuus.settings.base.cache_settings). Errors other
than a lost connection (a wrong command, a full Redis refusing writes) are not hidden.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .caching import forget_in_request, read_once_per_request, written_in_request

logger = logging.getLogger("kumppanuus.cache")

OUTAGE = (RedisConnectionError, RedisTimeoutError)
RETRY_SECONDS = 5.0


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every cache call (with its table of ~170 response
    callbacks: 0.07 ms each, ~10 calls a page); one per connection pool does the same, since a client
    takes a connection from its pool for each command and is safe to share between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    # INCRBY only where the key exists, in one round trip. Django's client asks EXISTS, then INCRBY: two
    # round trips, and a key that expires between them comes back from INCRBY without its expiry.
    INCR_IF_EXISTS = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end return false"

    def incr(self, key, delta):
        value = self.get_client(key, write=True).eval(self.INCR_IF_EXISTS, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def available(self):
        return time.monotonic() >= self._down_until

    def _outage(self, operation, error):
        with self._lock:
            first = self.available
            self._down_until = time.monotonic() + RETRY_SECONDS
        if first:
            logger.warning("Cache unreachable (%s: %s); serving without it for %ss", operation, error, RETRY_SECONDS)

    def _call(self, operation, fallback, *args, **kwargs):
        if not self.available:
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except OUTAGE as error:
            self._outage(operation, error)
            return fallback

    # A few keys are read once per request (kumppanuus.caching.READ_ONCE_PER_REQUEST): what the request
    # sets is what it reads next; any other write or a delete makes it read the key again.

    def get(self, key, default=None, version=None):
        value = read_once_per_request(key, version, lambda: self._call("get", None, key, None, version))
        return default if value is None else value

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        written_in_request(key, version, value)
        return self._call("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        forget_in_request({key})
        return self._call("add", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        forget_in_request(set(data))
        return self._call("set_many", list(data), data, timeout, version)

    def delete(self, key, version=None):
        forget_in_request({key})
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        forget_in_request(set(keys))
        return self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        # ValueError (no such key) still reaches the caller; an outage counts from scratch.
        return self._call("incr", delta, key, delta, version)

    def clear(self):
        forget_in_request()
        return self._call("clear", None)
