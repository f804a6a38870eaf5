"""Every public POST is rate limited: each form found on the demo site, each route of the URL resolver
outside /admin/ (the links in emails included) and each kind of Wagtail page answers 429 after the
limit, with the 429 page in the language of the page (or, for language-neutral routes, of the
browser)."""

import pytest
from django.core.cache import cache
from django.test import Client

from engagement.ratelimit import public_post_rate

from ..site_map import LANGUAGES, form_data, one_page_per_kind, resolver_routes

pytestmark = pytest.mark.django_db

TITLES = {"fi": "Liian monta yritystä", "sv": "För många försök"}


def public_post_endpoints(pages, forms):
    """{path: form or None} of every public place a visitor can POST to."""
    endpoints = {}
    for language in LANGUAGES:
        for route in resolver_routes(language):
            endpoints.setdefault(route.path, None)
    for url in one_page_per_kind(pages):
        endpoints.setdefault(url, None)
    for form in forms:
        endpoints[form.action] = form
    assert not [path for path in endpoints if path.startswith("/admin/")]
    return endpoints


def language_of(path):
    return path[1:3] if path[1:3] in LANGUAGES and path[3:4] == "/" else None


def test_every_public_post_answers_429_after_the_limit_in_the_persons_language(demo_site, settings):
    pages, forms = demo_site
    settings.PUBLIC_POST_RATE_LIMIT = "4/d"  # a day: no window boundary falls inside the test
    limit = int(public_post_rate().split("/")[0])
    endpoints = public_post_endpoints(pages, forms)
    # The crawl reached the forms of every module and the pages behind the links in emails.
    assert len(endpoints) > 60
    for needle in ("/signup/", "/support/", "/follow/", "/new/", "/palaute/", "/yhdistyslomake/",
                   "/tapahtumat/submit/", "/proposals/private/", "/events/cancel/", "/events/submissions/",
                   "/proposals/support/withdraw/", "/proposals/follow/stop/", "/open311/v2/requests.json"):
        assert any(needle in path for path in endpoints), needle
    failures = []
    for path, form in sorted(endpoints.items()):
        languages = [language_of(path)] if language_of(path) else list(LANGUAGES)
        for language in languages:
            cache.clear()
            client = Client(HTTP_ACCEPT_LANGUAGE=language)
            statuses = []
            for _attempt in range(limit + 1):
                response = client.post(path, form_data(form) if form else {})
                statuses.append(response.status_code)
                if response.status_code == 429:
                    break
            if statuses[-1] != 429:
                failures.append(f"{path} ({language}): no 429 after {len(statuses)} POSTs: {statuses}")
                continue
            html = response.content.decode()
            if TITLES[language] not in html or f'<html lang="{language}"' not in html:
                failures.append(f"{path} ({language}): the 429 page is not in {language}")
            if not response.get("Retry-After", "").isdigit():
                failures.append(f"{path} ({language}): no Retry-After")
            if any(status >= 500 for status in statuses):
                failures.append(f"{path} ({language}): {statuses}")
    assert not failures, "\n".join(failures)


def test_the_admin_is_not_counted_against_the_public_limit(client, settings, db):
    """Staff are behind a login (and the login has its own lockout): /admin/ POSTs are never 429."""
    settings.PUBLIC_POST_RATE_LIMIT = "2/d"
    statuses = {client.post("/admin/login/", {"username": "x", "password": "y"}).status_code for _ in range(4)}
    assert 429 not in statuses


def test_public_posts_share_one_limit_per_client(client, settings, db, home_fi):
    """Different addresses count one by one: spreading POSTs over many URLs does not help."""
    settings.PUBLIC_POST_RATE_LIMIT = "3/d"
    paths = ["/fi/", "/sv/", "/fi/search/", "/fi/events/submit/"]
    statuses = [client.post(path, {}).status_code for path in paths]
    assert statuses[-1] == 429 and 429 not in statuses[:3]
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post("/fi/", {}).status_code != 429


def test_every_form_on_the_site_has_its_own_limit_too(demo_site, settings):
    """Besides the shared limit, each form a visitor sees (pages and the links in emails) counts its own
    scope at PUBLIC_FORM_RATE_LIMIT, so one busy form cannot use up the whole allowance."""
    _pages, forms = demo_site
    settings.PUBLIC_POST_RATE_LIMIT = "100000/m"
    settings.PUBLIC_FORM_RATE_LIMIT = "2/d"
    assert len(forms) > 20
    failures = []
    for form in forms:
        cache.clear()
        language = language_of(form.action)
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        statuses = [client.post(form.action, form_data(form)).status_code for _attempt in range(3)]
        if statuses[-1] != 429 or 429 in statuses[:2]:
            failures.append(f"{form.action} {sorted(form.names)}: {statuses}")
        elif TITLES[language] not in client.post(form.action, form_data(form)).content.decode():
            failures.append(f"{form.action}: the 429 page is not in {language}")
    assert not failures, "\n".join(failures)
