"""The shared cache: CACHE_URL=redis://… is Django's own Redis backend, and a Redis outage makes the
site slower, not broken. (The load tests run it against a real Redis with two app servers.)"""

import logging
import socket

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.test.utils import override_settings

from kumppanuus import redis_cache
from kumppanuus.caching import CacheNamespace
from kumppanuus.settings.base import cache_settings
from tests.factories.home import ContentPageFactory

pytestmark = pytest.mark.django_db


def closed_port():
    """A loopback port nobody listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down():
    with override_settings(CACHES={"default": cache_settings(f"redis://127.0.0.1:{closed_port()}/0")}):
        yield


def test_redis_url_means_djangos_own_backend_with_short_timeouts():
    config = cache_settings("redis://cache.internal:6379/2?socket_timeout=3")
    assert config["BACKEND"] == "kumppanuus.redis_cache.ResilientRedisCache"
    assert issubclass(redis_cache.ResilientRedisCache, RedisCache)
    assert config["LOCATION"] == "redis://cache.internal:6379/2"
    assert config["OPTIONS"] == {"socket_connect_timeout": 1, "socket_timeout": 3}


def test_one_redis_client_serves_every_cache_call():
    backend = redis_cache.ResilientRedisCache("redis://127.0.0.1:6379/0", {})
    client = backend._cache.get_client("a")
    assert backend._cache.get_client("b") is client and backend._cache.get_client("c", write=True) is client
    assert client.connection_pool is backend._cache._get_connection_pool(True)  # Django's own pool


def test_other_cache_urls_are_left_to_django_environ():
    assert cache_settings("locmemcache://x")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_pages_are_served_while_redis_is_down(client, home_fi, redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="kumppanuus.cache"):
        ContentPageFactory(parent=home_fi, title="Ilman välimuistia", slug="sivu")  # its signals bump versions
        first = client.get("/fi/sivu/")
        second = client.get("/fi/sivu/")
    assert first.status_code == second.status_code == 200
    assert "Ilman välimuistia" in second.content.decode()
    assert "X-Cache" not in second or second["X-Cache"] == "MISS"
    assert [record for record in caplog.records if "Cache unreachable" in record.getMessage()]


def test_health_check_reports_the_cache_down(client, redis_down):
    assert client.get("/health/", REMOTE_ADDR="203.0.113.9").status_code == 503  # the load balancer's answer
    response = client.get("/health/", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"].startswith("error")


def test_an_outage_reads_as_misses_and_then_leaves_redis_alone(redis_down, monkeypatch):
    backend = caches["default"]
    assert backend.get("key", "fallback") == "fallback"
    assert backend.get_many(["a", "b"]) == {}
    assert backend.add("key", 1) is False
    assert backend.incr("counter", 3) == 3  # a rate-limit count starts again: fail open
    assert backend.available is False

    calls = []
    monkeypatch.setattr(RedisCache, "get", lambda *args, **kwargs: calls.append(args))
    backend.get("key")
    assert calls == []  # within RETRY_SECONDS nothing goes to the network

    backend._down_until = 0.0  # the retry time has passed
    backend.get("key")
    assert len(calls) == 1


def test_a_lost_version_key_starts_above_every_earlier_version():
    namespace = CacheNamespace("lost")
    first = namespace.version()
    namespace.bump()
    namespace.bump()
    bumped = namespace.version()
    assert bumped == first + 2
    cache.delete(namespace.version_key)  # evicted, or Redis restarted empty
    assert namespace.version() > bumped


def test_a_value_kept_in_the_process_is_not_read_from_the_cache_again_until_the_version_changes(monkeypatch):
    namespace = CacheNamespace("kept")
    computed = []

    def compute():
        computed.append(1)
        return {"rows": list(range(1000))}

    first = namespace.kept_in_process("rows", compute)
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args: reads.append(key) or real_get(key, *args))
    assert namespace.kept_in_process("rows", compute) is first  # the same object: nothing unpickled
    assert reads == [namespace.version_key] and len(computed) == 1
    namespace.bump()  # another app server saved a change
    renewed = namespace.kept_in_process("rows", compute)
    assert renewed is not first and renewed == first and len(computed) == 2
    # Another process that kept nothing reads the shared value of the new version, computed once.
    namespace.in_process.clear()
    assert namespace.kept_in_process("rows", compute) == first and len(computed) == 2


def test_a_process_keeps_a_bounded_number_of_values():
    namespace = CacheNamespace("bounded")
    for n in range(CacheNamespace.IN_PROCESS_MAX + 5):
        namespace.kept_in_process(f"key-{n}", lambda n=n: n)
    assert len(namespace.in_process) == CacheNamespace.IN_PROCESS_MAX
    assert "key-0" not in namespace.in_process and f"key-{CacheNamespace.IN_PROCESS_MAX + 4}" in namespace.in_process
