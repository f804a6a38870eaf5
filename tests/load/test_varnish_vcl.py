"""The rules of deploy/varnish/kumppanuus.vcl one by one, with Debian's varnishd in front of a small backend
that answers as told and counts what reaches it: what is stored and what never is, who bypasses the
cache, the language, and the purge protocol the site speaks (kumppanuus.frontend_cache.VarnishBackend)."""

import http.client
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.load import servers

pytestmark = pytest.mark.load

PUBLIC = "public, max-age=0, s-maxage=300"


class Backend(BaseHTTPRequestHandler):
    """`/status/<code>/...` answers with that status; `/nocc/` without Cache-Control; `/cookie/` sets a
    cookie; everything else is a public page that varies on Cookie and Accept-Language, like the site's."""

    seen = Counter()
    last_headers = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        path = self.path.split("?")[0]
        Backend.seen[(self.headers.get("Host"), self.path)] += 1
        Backend.last_headers[path] = dict(self.headers)
        status = int(path.split("/")[2]) if path.startswith("/status/") else 200
        body = f"{self.path} #{Backend.seen[(self.headers.get('Host'), self.path)]}".encode()
        self.send_response(status)
        if not path.startswith("/nocc/"):
            self.send_header("Cache-Control", PUBLIC)
        if path.startswith("/cookie/"):
            self.send_header("Set-Cookie", "csrftoken=secret; Path=/")
        self.send_header("Vary", "Accept-Language, Cookie")
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    backend = ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    thread = threading.Thread(target=backend.serve_forever, daemon=True)
    thread.start()
    varnish = servers.Varnish(backend.server_address[1], log=tmp_path_factory.mktemp("vcl") / "varnishd.log")
    yield varnish
    varnish.stop()
    backend.shutdown()


def ask(proxy, path, method="GET", **headers):
    connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
    headers.setdefault("Host", "kunta.example")
    connection.request(method, path, body=b"x=1" if method == "POST" else None, headers=headers)
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, response.getheader("X-Proxy-Cache"), body, response


def reached(host, path):
    return Backend.seen[(host, path)]


def test_only_public_answers_without_cookies_are_stored(proxy):
    for path in ("/status/500/", "/status/503/", "/nocc/", "/cookie/"):
        for _ in range(3):
            ask(proxy, path)
        assert reached("kunta.example", path) == 3, path
    for _ in range(3):
        status, cache, _body, response = ask(proxy, "/fi/sivu/")
    assert (status, cache) == (200, "HIT") and reached("kunta.example", "/fi/sivu/") == 1
    # What a purge compares with stays inside Varnish.
    assert response.getheader("x-url-path") is None and response.getheader("x-host") is None


def test_staff_messages_posts_and_admin_bypass_the_cache_and_keep_their_cookies(proxy):
    ask(proxy, "/fi/ohi/")
    for cookie in ("sessionid=abc", "messages=xyz", "csrftoken=t; sessionid=abc"):
        status, cache, _body, _response = ask(proxy, "/fi/ohi/", Cookie=cookie)
        assert cache == "MISS"
        assert Backend.last_headers["/fi/ohi/"].get("Cookie") == cookie
    assert ask(proxy, "/fi/ohi/", method="POST")[1] == "MISS"
    for path in ("/admin/", "/django-admin/", "/captcha/image/x/", "/health/"):
        ask(proxy, path)
        assert ask(proxy, path)[1] == "MISS", path
    assert reached("kunta.example", "/admin/") == 2


def test_other_cookies_are_dropped_and_the_csrf_cookie_alone_reaches_the_backend(proxy):
    ask(proxy, "/fi/keksi/", Cookie="csrftoken=A1; _ga=tracker")
    assert Backend.last_headers["/fi/keksi/"].get("Cookie") == "csrftoken=A1"
    # The copy fetched with A's cookie is everyone's: the cookie is not part of the variant.
    assert ask(proxy, "/fi/keksi/")[1] == "HIT"
    assert ask(proxy, "/fi/keksi/", Cookie="csrftoken=B2")[1] == "HIT"


def test_one_copy_per_language_whatever_the_browser_sends(proxy):
    ask(proxy, "/fi/kieli/", **{"Accept-Language": "sv-FI,sv;q=0.9"})
    assert "Accept-Language" not in Backend.last_headers["/fi/kieli/"]  # the URL says the language
    assert ask(proxy, "/fi/kieli/", **{"Accept-Language": "en-GB,en;q=0.8"})[1] == "HIT"
    # A language-neutral URL: fi or sv, as the site would choose, and the backend gets the same.
    ask(proxy, "/api/x/", **{"Accept-Language": "sv-FI,sv;q=0.9,en;q=0.5"})
    assert Backend.last_headers["/api/x/"]["Accept-Language"] == "sv"
    assert ask(proxy, "/api/x/", **{"Accept-Language": "sv"})[1] == "HIT"
    ask(proxy, "/api/x/", **{"Accept-Language": "en"})
    assert Backend.last_headers["/api/x/"]["Accept-Language"] == "fi"
    assert ask(proxy, "/api/x/")[1] == "HIT"
    assert reached("kunta.example", "/api/x/") == 2


def test_purges_ban_a_path_on_its_host_with_every_query_string_or_everything(proxy):
    paths = ("/fi/uutiset/", "/fi/uutiset/?sivu=2", "/fi/muut/")
    for host in ("kunta.example", "toinen.example"):
        for path in paths:
            ask(proxy, path, Host=host)
            assert ask(proxy, path, Host=host)[1] == "HIT"

    status, _cache, _body, _response = ask(proxy, "/fi/uutiset/", method="PURGE", Host="Kunta.example:80")
    assert status == 200
    assert ask(proxy, "/fi/uutiset/")[1] == "MISS" and ask(proxy, "/fi/uutiset/?sivu=2")[1] == "MISS"
    assert ask(proxy, "/fi/muut/")[1] == "HIT"
    assert ask(proxy, "/fi/uutiset/", Host="toinen.example")[1] == "HIT"

    assert ask(proxy, "/", method="PURGE", **{"X-Purge-All": "1"})[0] == 200
    for host in ("kunta.example", "toinen.example"):
        for path in paths:
            assert ask(proxy, path, Host=host)[1] == "MISS", (host, path)
