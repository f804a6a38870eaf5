"""Purges reach an HTTP cache in front (wagtail.contrib.frontend_cache with kumppanuus.frontend_cache.
VarnishBackend): after the commit, one PURGE per host and path, a purge-all as `X-Purge-All: 1`, and a
proxy that is down never breaks a save. A tiny HTTP server on a free loopback port records the requests."""

import threading
import weakref
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.apps import apps as django_apps
from django.test.utils import override_settings
from wagtail.contrib.frontend_cache import signal_handlers
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished

from engagement.events import services as event_services
from home.models import ContactPerson, SiteSettings
from kumppanuus import pagecache
from kumppanuus.frontend_cache import VarnishBackend
from kumppanuus.settings import base
from kumppanuus.translations import translate
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.home import ContentPageFactory

pytestmark = pytest.mark.django_db


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Varnish

    def do_PURGE(self):  # noqa: N802 - the method's name
        self.server.requests.append((self.command, self.path, self.headers["Host"], self.headers.get("X-Purge-All")))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.requests, server.status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    config = {"proxy1": {"BACKEND": "kumppanuus.frontend_cache.VarnishBackend", "LOCATION": url}}
    with override_settings(WAGTAILFRONTENDCACHE=config):
        yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def events(home_fi, home_sv, locale_sv):
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    index_fi = EventIndexPageFactory(parent=home_fi)
    translate(index_fi, locale_sv, title="Evenemang", slug="evenemang")
    event = EventPageFactory(parent=index_fi, title="Tapahtuma A", slug="a", with_signup=True)
    translate(event, locale_sv, title="Evenemang A", slug="a-sv")
    return event


def test_a_sign_up_sends_one_purge_per_path_after_the_commit(proxy, events, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event_services.sign_up(events, name="Aino Virtanen", email="aino@example.com")
    assert proxy.requests == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(proxy.requests) == [
        ("PURGE", "/fi/tapahtumat/a/", "localhost", None),
        ("PURGE", "/sv/evenemang/a-sv/", "localhost", None),
    ]


def test_a_published_page_purges_it_its_listing_and_the_home_pages(proxy, events, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        events.title = "Tapahtuma A, uusi aika"
        events.save_revision().publish()
    paths = {path for _method, path, _host, _all in proxy.requests}
    assert {"/fi/tapahtumat/a/", "/sv/evenemang/a-sv/", "/fi/tapahtumat/", "/fi/", "/sv/", "/api/events/",
            "/fi/search/", "/sitemap.xml", f"/events/{events.pk}.ics"} <= paths
    assert len(paths) == len(proxy.requests)  # each once, though the save and the publish both purge
    assert all(host == "localhost" and purge_all is None for _method, _path, host, purge_all in proxy.requests)


def test_a_change_shown_everywhere_purges_all_once(proxy, home_fi, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ContactPerson.objects.create(name="Maija Meikäläinen", role="Koordinaattori", locale=home_fi.locale)
        ContactPerson.objects.create(name="Matti Meikäläinen", role="Koordinaattori", locale=home_fi.locale)
    assert proxy.requests == [("PURGE", "/", f"127.0.0.1:{proxy.server_address[1]}", "1")]


def test_a_proxy_that_is_down_or_refuses_never_breaks_a_save(proxy, home_fi, caplog, django_capture_on_commit_callbacks):
    proxy.status = 405
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.purge("/fi/jotain/")
    assert proxy.requests == [("PURGE", "/fi/jotain/", "localhost", None)]
    assert "Could not purge" in caplog.text
    down = {"proxy1": {"BACKEND": "kumppanuus.frontend_cache.VarnishBackend", "LOCATION": "http://127.0.0.1:9"}}
    with override_settings(WAGTAILFRONTENDCACHE=down), django_capture_on_commit_callbacks(execute=True):
        ContentPageFactory(parent=home_fi, slug="uusi").save_revision().publish()
    assert "Could not purge the HTTP cache at 127.0.0.1:9" in caplog.text


def test_no_proxy_configured_sends_nothing(proxy, home_fi, django_capture_on_commit_callbacks):
    with override_settings(WAGTAILFRONTENDCACHE={}), django_capture_on_commit_callbacks(execute=True):
        pagecache.purge("/fi/jotain/")
        pagecache.purge_all()
    assert proxy.requests == []


def test_the_backend_drops_query_strings_and_keeps_ports(proxy):
    backend = VarnishBackend({"LOCATION": f"http://127.0.0.1:{proxy.server_address[1]}"})
    backend.purge_batch(["http://example.org:8080/fi/a/?page=2", "http://example.org:8080/fi/a/", "https://other.example/b"])
    assert sorted(proxy.requests) == [
        ("PURGE", "/b", "other.example", None),
        ("PURGE", "/fi/a/", "example.org:8080", None),
    ]


def test_settings_from_the_environment():
    config = base.frontend_cache_settings("http://127.0.0.1:6081,http://10.0.0.2:6081,".split(","))
    backends = get_backends(config)
    assert sorted(backends) == ["proxy1", "proxy2"]
    assert all(isinstance(backend, VarnishBackend) for backend in backends.values())
    assert [backends[name].cache_netloc for name in sorted(backends)] == ["127.0.0.1:6081", "10.0.0.2:6081"]
    assert base.frontend_cache_settings([]) == {} == base.WAGTAILFRONTENDCACHE  # unset here: no proxy
    assert base.WAGTAILFRONTENDCACHE_LANGUAGES == []  # each translation's own URL, never /fi/ rewritten to /sv/


def test_wagtails_own_publish_purges_are_left_out():
    """Installed (its backends and PurgeBatch are used), but its page_published/page_unpublished handlers
    would purge during the transaction, and only the page: the page cache's purges replace them."""
    assert django_apps.get_app_config("wagtailfrontendcache").name == "wagtail.contrib.frontend_cache"
    for signal in (page_published, page_unpublished):
        assert signal_handlers.__name__ not in receiver_modules(signal)


def receiver_modules(signal):
    receivers = [item[1] for item in signal.receivers]
    return {getattr(r() if isinstance(r, weakref.ReferenceType) else r, "__module__", None) for r in receivers}
