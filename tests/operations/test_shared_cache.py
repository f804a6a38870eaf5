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


def test_a_page_request_reads_each_namespace_version_once(client, home_fi, monkeypatch):
    """An uncached page reads the layout namespace for its site, home page, route, frame, breadcrumbs
    and language links: its version comes from the cache once per request (VersionsPerRequest)."""
    from home.caching import layout

    ContentPageFactory(parent=home_fi, title="Tietoa", slug="tietoa")
    client.get("/fi/tietoa/")  # the layout's entries cached
    reads = []
    real_get, real_get_many = cache.get, cache.get_many
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: reads.append(key) or real_get(key, *args, **kwargs))
    monkeypatch.setattr(cache, "get_many", lambda keys, *args, **kwargs: reads.extend(keys) or real_get_many(
        keys, *args, **kwargs))
    assert client.get("/fi/tietoa/").status_code == 200
    assert reads.count(layout.version_key) == 1, reads
    assert len([key for key in reads if key.startswith(f"{layout.name}:")]) >= 4  # its entries: read, not memoised
    reads.clear()
    assert layout.version() and layout.version() and reads.count(layout.version_key) == 2  # outside a request: each time


def test_a_bump_in_the_request_is_seen_by_the_rest_of_it():
    from kumppanuus.caching import VersionsPerRequest

    namespace = CacheNamespace("bumped-in-request")
    seen = []

    def view(request):
        seen.append(namespace.version())
        cache.incr(namespace.version_key)  # another app server's bump: not seen until the next request
        seen.append(namespace.version())
        namespace.bump()  # this request's own change
        seen.append(namespace.version())
        return "response"

    assert VersionsPerRequest(view)(object()) == "response"
    assert seen[0] == seen[1] and seen[2] == seen[0] + 2
    assert namespace.version() == seen[2]


def test_a_process_keeps_a_bounded_number_of_values_the_least_recently_used_going_first():
    namespace = CacheNamespace("bounded")
    namespace.kept_in_process("key-0", lambda: 0)
    namespace.kept_in_process("key-1", lambda: 1)
    namespace.kept_in_process("key-0", lambda: 0)  # used again: key-1 is now the least recently used
    for n in range(2, CacheNamespace.IN_PROCESS_MAX + 1):
        namespace.kept_in_process(f"key-{n}", lambda n=n: n)
    assert len(namespace.in_process) == CacheNamespace.IN_PROCESS_MAX
    assert "key-1" not in namespace.in_process and "key-0" in namespace.in_process
    assert f"key-{CacheNamespace.IN_PROCESS_MAX}" in namespace.in_process
    assert CacheNamespace("wide", in_process_max=256).in_process_max == 256


def test_incr_on_redis_is_one_round_trip_and_keeps_the_expiry(redis_server, monkeypatch):
    """A rate limit counts each public POST with incr: one round trip (Django's own client asks EXISTS
    and then INCRBY), never a key made without its expiry, and ValueError for a missing key as before."""
    backend = redis_cache.ResilientRedisCache(redis_server.url(7), {})
    client = backend._cache.get_client("a", write=True)
    commands = []
    original = type(client).execute_command
    monkeypatch.setattr(type(client), "execute_command",
                        lambda self, *args, **kwargs: commands.append(args[0]) or original(self, *args, **kwargs))
    key = f"incr-test-{socket.gethostname()}-{id(backend)}"
    assert backend.add(key, 0, timeout=60)
    commands.clear()
    assert backend.incr(key) == 1 and backend.incr(key, 5) == 6
    assert commands == ["EVAL", "EVAL"]
    assert 0 < client.ttl(backend.make_and_validate_key(key)) <= 60
    with pytest.raises(ValueError):
        backend.incr(key + "-missing")
    assert backend.get(key + "-missing") is None  # not made by the attempt


def test_a_rate_limit_counts_on_redis_in_one_call_after_the_first(redis_server, monkeypatch):
    from engagement import ratelimit

    backend = redis_cache.ResilientRedisCache(redis_server.url(7), {})
    calls = []
    for name in ("add", "incr", "set"):
        original = getattr(backend, name)
        monkeypatch.setattr(backend, name, lambda *args, _name=name, _original=original, **kwargs:
                            calls.append(_name) or _original(*args, **kwargs))
    monkeypatch.setattr(ratelimit, "cache", backend)
    scope = f"test-{id(backend)}"
    answers = [ratelimit.is_over_limit(scope, "10.0.0.1", "3/m") for _ in range(5)]
    assert answers == [False, False, False, True, True]
    assert calls == ["incr", "add", "incr", "incr", "incr", "incr"]  # the first: missing, then made
    assert ratelimit.is_over_limit(scope, "10.0.0.2", "3/m") is False  # another client counts on its own


def test_the_site_root_paths_are_read_from_redis_once_per_request(redis_server, home_fi, monkeypatch):
    """Every `page.url` without a request reads Wagtail's site root paths from the cache: the page
    explorer did so for each of its 50 rows. On the shared cache they are read once per request; a
    change of the sites in the request (Wagtail deletes the key) is read again, and outside a request
    (commands, tasks) every read goes to Redis."""
    from wagtail.models import Site
    from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY

    from kumppanuus.caching import READ_ONCE_PER_REQUEST, VersionsPerRequest

    assert SITE_ROOT_PATHS_CACHE_KEY in READ_ONCE_PER_REQUEST  # the name Wagtail reads it by
    with override_settings(CACHES={"default": cache_settings(redis_server.url(7))}):
        cache.clear()
        client = cache._cache.get_client(SITE_ROOT_PATHS_CACHE_KEY)
        commands = []
        original = type(client).execute_command
        monkeypatch.setattr(type(client), "execute_command", lambda self, *args, **kwargs: commands.append(
            args[0] if SITE_ROOT_PATHS_CACHE_KEY in str(args[1:2]) else "other") or original(self, *args, **kwargs))
        seen = []

        def view(request):
            seen.append([Site.get_site_root_paths() for _ in range(5)])
            home_fi.get_site().save()  # Wagtail deletes the cached paths
            seen.append(Site.get_site_root_paths())
            return "response"

        assert VersionsPerRequest(view)(object()) == "response"
        # The first read misses and Wagtail stores the paths: the other four reads are that. The save
        # deletes them: read again, missed, stored.
        assert [command for command in commands if command != "other"] == ["GET", "SET", "DEL", "GET", "SET"]
        assert all(paths == seen[0][0] for paths in seen[0]) and seen[1] == seen[0][0]
        assert seen[0][0][0].root_url == "http://localhost"
        commands.clear()
        Site.get_site_root_paths()
        Site.get_site_root_paths()
        assert commands.count("GET") == 2  # outside a request: each time
        cache.clear()
