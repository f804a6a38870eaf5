"""Security headers on the public site in both languages (cached pages and error pages included), the
looser policy of the admin, and no template that the public policy would break."""

import re
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]  # the checkout


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def assert_public_policy(response):
    assert_common_headers(response)
    assert response["X-Frame-Options"] == "DENY"
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_public_pages_send_the_security_headers(client, home_fi, home_sv, language):
    paths = [f"/{language}/", f"/{language}/search/?q=kunta", f"/{language}/associations/submit/"]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert_public_policy(response)
    not_found = client.get(f"/{language}/ei-ole/")
    assert not_found.status_code == 404
    assert_public_policy(not_found)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_page_from_the_full_page_cache_has_the_headers_too(home_fi, home_sv, language, settings):
    settings.PAGE_CACHE_SECONDS = 300
    client = Client()
    client.get(f"/{language}/")  # the first visit makes the site settings, which clears the cache
    first, second = client.get(f"/{language}/"), client.get(f"/{language}/")
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert_public_policy(second)
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_429_page_has_the_headers(client, home_fi, settings, language):
    settings.PUBLIC_POST_RATE_LIMIT = "1/d"
    client.post(f"/{language}/", {})
    response = client.post(f"/{language}/", {})
    assert response.status_code == 429
    assert_public_policy(response)


def test_the_admin_gets_a_looser_policy_still_limited_to_the_site(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_common_headers(response)
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def public_templates():
    """Every template a public page can render (not emails, not the admin's own)."""
    roots = [REPO / "site" / "templates", REPO / "home" / "templates", *REPO.glob("engagement/**/templates")]
    for root in roots:
        for path in root.rglob("*.html"):
            relative = path.relative_to(root).as_posix()
            if "/emails/" in f"/{relative}" or "/admin/" in f"/{relative}" or relative.startswith(("admin/", "wagtailadmin/")):
                continue
            yield path


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_public_template_needs_inline_script_or_style():
    """The public policy allows neither; a template that adds one would break under it."""
    templates = list(public_templates())
    assert len(templates) > 30
    problems = [
        f"{path.relative_to(REPO)}: {what}"
        for path in templates
        for pattern, what in INLINE
        if pattern.search(path.read_text())
    ]
    assert not problems, "\n".join(problems)
