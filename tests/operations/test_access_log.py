"""No log line keeps a private link: gunicorn's access log (kumppanuus.gunicorn_conf.AccessLogger) and the
site's own log records mask every bearer token, drop query strings and shorten client addresses."""

import base64
import hashlib
import logging
import os
import re
import uuid
from datetime import timedelta

import pytest
from django.urls import URLResolver, get_resolver
from gunicorn.config import Config

from kumppanuus.accesslog import MASK, MaskTokensFilter, mask, network
from kumppanuus.gunicorn_conf import AccessLogger

# New for each run, the same in each pytest-xdist worker (the workers must collect the same test ids).
_RUN = hashlib.sha256((os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex).encode()).digest()
TOKEN = base64.urlsafe_b64encode(_RUN).rstrip(b"=").decode()  # as secrets.token_urlsafe(32)
UUID = str(uuid.UUID(bytes=_RUN[:16], version=4))


def url_patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern)


def sample_path(route):
    """A path of `route`: its token a UUID or a signed-looking string, other parameters plain values."""

    def fill(match):
        converter, name = match.groups()
        if converter == "uuid":
            return UUID
        return f"{TOKEN}:1vXab" if "token" in name else "MQ"

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def token_routes():
    return sorted({route for route in url_patterns() if "token>" in route})


def test_every_route_with_a_token_is_masked():
    routes = token_routes()
    assert len(routes) >= 11  # feedback tracking, sign-up cancel, supports, follows, submissions, password reset…
    for route in routes:
        path = sample_path(route)
        masked = mask(path)
        assert TOKEN not in masked and UUID not in masked, (route, masked)
        assert MASK in masked


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"/fi/feedback/track/{UUID}/", f"/fi/feedback/track/{MASK}/"),
        (f"/sv/events/submissions/{TOKEN}:abc/", f"/sv/events/submissions/{MASK}/"),
        (f"/fi/associations/confirm/{TOKEN}/?lang=fi", f"/fi/associations/confirm/{MASK}/"),
        (f"/fi/yhdistyslomake/confirm/{TOKEN}/", f"/fi/yhdistyslomake/confirm/{MASK}/"),
        (f"GET /sv/foreningsformular/correct/{TOKEN}/ HTTP/1.1", f"GET /sv/foreningsformular/correct/{MASK}/ HTTP/1.1"),
        (f"https://www.kunta.example/fi/proposals/private/{UUID}/", f"https://www.kunta.example/fi/proposals/private/{MASK}/"),
        (f"GET /fi/submissions/{TOKEN}/ HTTP/1.1", f"GET /fi/submissions/{MASK}/ HTTP/1.1"),
        ("GET /fi/haku/?q=Aino+Virtanen+Myllytie+12 HTTP/1.1", "GET /fi/haku/ HTTP/1.1"),
        # Ordinary pages and static files stay readable.
        ("/fi/tapahtumat/kesajuhla-2026/signup/", "/fi/tapahtumat/kesajuhla-2026/signup/"),
        ("/static/css/site.4f2a9c1e7b3d.css", "/static/css/site.4f2a9c1e7b3d.css"),
        ("/fi/aloitteet/12/support/", "/fi/aloitteet/12/support/"),
    ],
)
def test_mask(text, expected):
    assert mask(text) == expected


def test_client_addresses_are_shortened_to_their_network():
    assert network("203.0.113.57") == "203.0.113.0"
    assert network("2001:db8:1234:5678::1") == "2001:db8:1234::"
    assert network("-") == "-"


class Response:
    status = "200 OK"
    sent = 5120
    headers = [("Content-Type", "text/html")]


class Request:
    headers = [("HOST", "www.kunta.example"), ("REFERER", f"https://www.kunta.example/fi/feedback/track/{UUID}/")]


def test_gunicorn_access_log_has_no_token_query_or_full_address(tmp_path):
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    logger = AccessLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/fi/feedback/track/{UUID}/?utm_source=email",
        "PATH_INFO": f"/fi/feedback/track/{UUID}/",
        "QUERY_STRING": "utm_source=email",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.57",
        "HTTP_REFERER": f"https://www.kunta.example/fi/feedback/track/{UUID}/",
        "HTTP_USER_AGENT": "Firefox",
    }
    logger.access(Response(), Request(), environ, timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = (tmp_path / "access.log").read_text()
    assert f'"GET /fi/feedback/track/{MASK}/ HTTP/1.1" 200 5120' in line
    assert UUID not in line and "utm_source" not in line
    assert line.startswith("203.0.113.0 ") and "203.0.113.57" not in line


def test_the_sites_log_records_mask_tokens():
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s",
                               (f"/fi/events/cancel/{UUID}/",), None)
    assert MaskTokensFilter().filter(record)
    assert record.getMessage() == f"Not Found: /fi/events/cancel/{MASK}/"
