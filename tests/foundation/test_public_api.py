"""The public API as a whole: its OpenAPI document (valid, without warnings, covering every public JSON
address), the documentation page for people (its own files, within the CSP), and CORS only for /api/
and /open311/, GET only."""

import json
import re
from html.parser import HTMLParser

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

PUBLIC_JSON = ["/api/events/", "/api/proposals/", "/api/consultations/", "/api/consultations/comments/",
               "/open311/v2/services.json", "/open311/v2/requests.json", "/open311/v2/requests/{}.json"]


def routes(patterns=None, prefix=""):
    """Every address of the URL configuration, with its parameters as {}."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield "/" + re.sub(r"<[^>]+>|\{[^}]+\}", "{}", route)


def normalised(path):
    return re.sub(r"\{[^}]+\}", "{}", path)


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    return yaml.safe_load(response.content)


def test_the_schema_is_valid_openapi_3_and_generates_without_warnings(schema, tmp_path):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    # What `make check` runs: any warning of drf-spectacular fails it.
    call_command("spectacular", "--validate", "--fail-on-warn", "--lang", "en", "--file", str(tmp_path / "schema.yaml"))


def test_the_schema_covers_every_public_json_address_and_nothing_else(schema):
    public = {
        route for route in routes()
        if route.startswith(("/api/", "/open311/")) and not route.endswith(".xml")
        and route not in ("/api/schema/", "/api/docs/")
    }
    assert public == set(PUBLIC_JSON)
    assert {normalised(path) for path in schema["paths"]} == public


def test_every_operation_and_parameter_is_described_in_english(client, schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary") and operation.get("description"), (path, method)
            for parameter in operation.get("parameters", []):
                assert parameter.get("description") or parameter["in"] == "path", (path, method, parameter["name"])
            assert "200" in operation["responses"] or "201" in operation["responses"]
    for name, component in schema["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            assert spec.get("description") or name.startswith("Paginated") or "$ref" in spec, (name, field)
    # English whatever the visitor's language (the choices' labels too), as JSON on request.
    in_swedish = client.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert in_swedish["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert json.loads(in_swedish.content) == schema
    assert "`cancelled` - Cancelled" in json.dumps(schema)


def test_the_listings_share_one_page_shape(schema):
    for path in ("/api/events/", "/api/proposals/"):
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        component = schema["components"]["schemas"][ok["$ref"].rsplit("/", 1)[1]]
        assert set(component["properties"]) == {"count", "next", "previous", "results"}
        names = {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}
        assert {"page", "page_size"} <= names


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.styles, self.inline = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            (self.scripts if attrs.get("src") else self.inline).append(attrs.get("src") or "script")
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.styles.append(attrs["href"])
        elif tag == "style" or "style" in attrs:
            self.inline.append(tag)


def test_the_docs_page_loads_its_own_files_within_the_csp(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assets = Assets()
    assets.feed(response.content.decode())
    assert not assets.inline  # the CSP allows no inline script or style
    assert len(assets.scripts) == 3 and len(assets.styles) == 2
    for url in assets.scripts + assets.styles:
        assert url.startswith("/"), url  # this site's own files: no CDN
        if url.startswith(settings.STATIC_URL):
            # Static files (drf-spectacular-sidecar's Swagger UI, collected with the others); the browser
            # test loads the page itself.
            assert finders.find(url.removeprefix(settings.STATIC_URL)), url
            continue
        script = client.get(url)  # the start script, served by the view
        assert script.status_code == 200 and "javascript" in script["Content-Type"], url
        assert b'url: "/api/schema/"' in script.content and b"SwaggerUIBundle" in script.content
        assert script["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/api/events/", "/api/proposals/", "/open311/v2/services.json",
                                  "/open311/v2/requests.xml", "/api/schema/"])
def test_cors_lets_any_site_read_the_api_with_get(client, path):
    simple = client.get(path, HTTP_ORIGIN="https://kartta.example")
    assert simple.status_code == 200
    assert simple["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in simple
    preflight = client.options(path, HTTP_ORIGIN="https://kartta.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET"


@pytest.mark.parametrize("path", ["/fi/", "/events/feeds/fi/all.ics", "/admin/login/", "/captcha/refresh/"])
def test_no_cors_anywhere_else(client, home_fi, path):
    response = client.get(path, HTTP_ORIGIN="https://kartta.example")
    assert "Access-Control-Allow-Origin" not in response
    preflight = client.options(path, HTTP_ORIGIN="https://kartta.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert "Access-Control-Allow-Origin" not in preflight and "Access-Control-Allow-Methods" not in preflight


def test_no_cors_header_without_an_origin(client):
    assert "Access-Control-Allow-Origin" not in client.get("/api/events/")


@pytest.mark.parametrize(("path", "query", "accept"), [
    ("/api/docs/", {"format": "<script>alert(1)</script>"}, "*/*"),
    ("/api/docs/", {}, "application/json"),
    ("/api/docs/", {"script": "", "format": "xml"}, "image/png"),
    ("/api/schema/", {"version": "foo\r\nSet-Cookie: x=y"}, "*/*"),
    ("/api/schema/", {"lang": "x" * 5000}, "*/*"),
    ("/api/events/", {}, "text/html"),
    ("/open311/v2/services.xml", {}, "application/json"),  # the address decides
])
def test_the_schema_and_docs_refuse_nothing_with_a_500(path, query, accept):
    response = Client(raise_request_exception=False).get(path, query, HTTP_ACCEPT=accept)
    assert response.status_code < 500
    assert not any("\r" in value or "\n" in value for _name, value in response.items())
    if path == "/api/docs/":
        assert response.status_code == 200
    if path.endswith(".xml"):
        assert response["Content-Type"] == "text/xml; charset=utf-8"
