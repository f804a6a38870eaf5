"""Varnish in front (deploy/varnish/kumppanuus.vcl): Debian's varnishd on loopback before gunicorn with
production settings, on PostgreSQL and Redis, with the site's purges sent to it (FRONTEND_CACHE_URLS).

Anonymous pages come from Varnish; a page published by staff, a sign-up and a support show through it at
once; pages with forms and staff pages never come from it; one visitor's cookies and personal pages never
reach another."""

import re
import types
from urllib.parse import urlsplit

import pytest
from django.db import connections
from django.utils import translation

from tests.load import servers
from tests.load.conftest import LoadSite
from tests.load.servers import Client, find_form, text_of
from tests.smtp_sink import free_port

pytestmark = pytest.mark.load

SETUP = """
import json, secrets
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale, Site
from home.groups import COMMUNICATIONS_STAFF
from home.models import HomePage
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.feedback import FeedbackPageFactory
from tests.factories.proposals import ProposalFactory, ProposalIndexPageFactory

# The site's address is the proxy's, as in production: the purges name the host visitors ask for.
site = Site.objects.get(is_default_site=True)
site.hostname, site.port = "127.0.0.1", PROXY_PORT
site.save()
password = secrets.token_urlsafe(16)
editor = get_user_model().objects.create_user("viestija", "viestija@koivula.example", password)
editor.groups.add(Group.objects.get(name=COMMUNICATIONS_STAFF))
home = HomePage.objects.get(locale=Locale.objects.get(language_code="fi"))
events = EventIndexPageFactory(parent=home, title="Tapahtumat ja tilaisuudet", show_in_menus=True)
event = EventPageFactory(parent=events, title="Kyläilta", signup_enabled=True, capacity=10, waiting_list=True,
                         max_companions=0, start=timezone.now() + timedelta(days=14))
feedback = FeedbackPageFactory(parent=home)
proposals = ProposalIndexPageFactory(parent=home)
proposal = ProposalFactory(title="Penkkejä torille")
print(json.dumps({
    "password": password, "home": home.url, "events": events.url, "events_id": events.pk,
    "event": event.url, "signup": event.signup_url, "feedback": feedback.url,
    "proposal": proposals.proposal_url(proposal), "support": proposals.proposal_url(proposal, "support"),
    "new_proposal": proposals.url + proposals.reverse_subpage("new"),
}))
"""

@pytest.fixture(scope="module")
def proxied(load_base, tmp_path_factory):
    """One site for the module: its database, gunicorn (2 workers, page cache on) and Varnish before it."""
    site = LoadSite(load_base, tmp_path_factory.mktemp("varnish"))
    try:
        proxy_port = free_port()
        setup = site.script(SETUP.replace("PROXY_PORT", str(proxy_port)))
        env = site.env(PAGE_CACHE_SECONDS=300, FRONTEND_CACHE_URLS=f"http://127.0.0.1:{proxy_port}")
        app = site.gunicorn(env)
        site.worker(env)  # the task worker, as in production: it composes the emails
        varnish = servers.Varnish(app.port, log=site.work / "varnishd.log", port=proxy_port)
        site.processes.append(varnish)
        yield types.SimpleNamespace(site=site, app=app, varnish=varnish, setup=setup)
    finally:
        site.close()
        connections.close_all()


def proxy_cache(response):
    return response.headers.get("X-Proxy-Cache")


def fetch(client, path):
    """GET through Varnish; whatever Varnish serves from its cache never sets a cookie."""
    response = client.get(path)
    assert response.status == 200, (path, response.status, response.error, text_of(response.text)[:500])
    if proxy_cache(response) == "HIT":
        assert not response.headers.get_all("Set-Cookie"), (path, response.headers.get_all("Set-Cookie"))
    return response


def served_from_cache(client, path, attempts=4):
    """GET `path` until Varnish serves it from its cache (the first is a miss; the very first requests of a
    new site also make its settings rows, which purges everything once). Returns that response."""
    for _ in range(attempts):
        response = fetch(client, path)
        if proxy_cache(response) == "HIT":
            return response
    raise AssertionError(f"{path} never came from Varnish: {dict(response.headers)}")


def shared_headers(response):
    cache_control = response.headers.get("Cache-Control", "")
    return "public" in cache_control and re.search(r"s-maxage=[1-9]", cache_control)


def private_headers(response):
    cache_control = response.headers.get("Cache-Control", "")
    return "public" not in cache_control and any(word in cache_control for word in ("private", "no-store", "no-cache"))


def sign_in(proxied):
    editor = Client(proxied.varnish.base)
    login = editor.get("/admin/login/")
    assert login.status == 200 and proxy_cache(login) != "HIT"
    form = find_form(login.text, lambda form: "username" in dict(form["fields"]))
    data = {**dict(form["fields"]), "username": "viestija", "password": proxied.setup["password"], "next": "/admin/"}
    response = editor.post("/admin/login/", data)
    assert response.status == 302, text_of(response.text)[:2000]
    assert editor.cookie("sessionid")
    return editor


def places_left(count):
    with translation.override("fi"):
        return translation.ngettext("%(counter)s place left.", "%(counter)s places left.", count) % {"counter": count}


def supporters(count):
    with translation.override("fi"):
        return translation.ngettext("%(counter)s person supports this proposal.",
                                    "%(counter)s people support this proposal.", count) % {"counter": count}


def test_an_anonymous_page_comes_from_varnish_with_shared_cache_headers(proxied):
    setup = proxied.setup
    visitor = Client(proxied.varnish.base)
    for path in (setup["home"], setup["events"], setup["event"]):
        cached = served_from_cache(visitor, path)
        assert shared_headers(cached), (path, cached.headers.get("Cache-Control"))
        assert "max-age=0" in cached.headers["Cache-Control"]  # browsers ask again; only the proxy keeps it
        # Another visitor, with another browser language, gets the same copy: the URL names the language.
        other = Client(proxied.varnish.base)
        other.opener.addheaders = [("Accept-Language", "sv-FI,sv;q=0.9,en;q=0.5")]
        assert proxy_cache(fetch(other, path)) == "HIT"
    # A static file is kept too (the benchmark compares pages with it).
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', cached.text).group(1)
    served_from_cache(visitor, stylesheet)


def test_a_page_published_in_the_admin_shows_through_varnish_at_once(proxied):
    setup = proxied.setup
    old_title, new_title = "Tapahtumat ja tilaisuudet", "Tapahtumakalenteri"
    visitor = Client(proxied.varnish.base)
    for path in (setup["events"], setup["home"]):  # the home page's menu links to the index
        assert old_title in text_of(served_from_cache(visitor, path).text)

    # Communications staff (not a superuser) publish a new title in the admin, through the proxy.
    editor = sign_in(proxied)
    edit_path = f"/admin/pages/{setup['events_id']}/edit/"
    edit = editor.get(edit_path)
    assert edit.status == 200 and proxy_cache(edit) == "MISS" and private_headers(edit)
    form = find_form(edit.text, lambda form: form["id"] == "page-edit-form")
    data = dict(form["fields"])
    assert data["title"] == old_title
    data.update({"title": new_title, "action-publish": "action-publish"})
    response = editor.post(form["action"] or edit_path, data)
    assert response.status == 302, text_of(response.text)[:3000]

    # Right away, for a new visitor and for the one who had the old copy: the new title, from the backend,
    # and then from Varnish again.
    for client in (Client(proxied.varnish.base), visitor):
        for path in (setup["events"], setup["home"]):
            page = fetch(client, path)
            assert new_title in text_of(page.text) and old_title not in text_of(page.text), (path, proxy_cache(page))
    assert new_title in text_of(served_from_cache(visitor, setup["events"]).text)


def test_a_sign_up_and_a_support_show_on_their_pages_at_once(proxied):
    setup = proxied.setup
    visitor = Client(proxied.varnish.base)
    assert places_left(10) in text_of(served_from_cache(visitor, setup["event"]).text)
    assert supporters(0) in text_of(served_from_cache(visitor, setup["proposal"]).text)

    person = Client(proxied.varnish.base)
    result = person.submit(setup["signup"], {"name": "Aino Asukas", "email": "aino@example.com"})
    assert result.status == 200 and proxy_cache(result) != "HIT"
    with translation.override("fi"):
        assert translation.gettext("You have signed up") in text_of(result.text)
    assert places_left(9) in text_of(fetch(visitor, setup["event"]).text)

    result = person.submit(setup["support"], {"name": "Aino Asukas", "email": "aino@example.com"})
    assert result.status == 200, text_of(result.text)[:2000]

    def confirmation_emails():  # composed by the task worker, right after the request
        return proxied.site.query('SELECT body_text FROM engagement_outgoingemail WHERE "to"::text LIKE %s '
                                  "AND template LIKE %s ORDER BY id DESC", ("%aino@example.com%", "%confirm_support%"))

    servers.wait_until(confirmation_emails, timeout=30, message="the confirmation email")
    emails = confirmation_emails()
    link = urlsplit(re.search(r"https?://\S+/support/confirm/\S+/", emails[0][0]).group(0)).path
    confirm = person.get(link)  # the link in the email, then its button
    assert confirm.status == 200 and proxy_cache(confirm) != "HIT", (link, confirm.status, confirm.error)
    form = find_form(confirm.text, lambda form: form["method"].lower() == "post" and not form["action"].startswith("/fi/search"))
    confirmed = person.post(form["action"] or link, dict(form["fields"]))
    assert confirmed.status == 200, text_of(confirmed.text)[:2000]
    assert supporters(1) in text_of(fetch(visitor, setup["proposal"]).text)


def test_pages_with_forms_and_staff_pages_never_come_from_varnish(proxied):
    setup = proxied.setup
    forms = (setup["feedback"], setup["signup"], setup["support"], setup["new_proposal"], "/admin/login/")
    for path in forms:
        for client in (Client(proxied.varnish.base), Client(proxied.varnish.base)):
            for _ in range(2):
                response = fetch(client, path)
                assert proxy_cache(response) == "MISS", path
                assert private_headers(response), (path, response.headers.get("Cache-Control"))

    editor = sign_in(proxied)
    served_from_cache(Client(proxied.varnish.base), setup["event"])  # anonymous visitors share a copy
    for path in ("/admin/", "/admin/pages/", setup["event"], setup["home"]):
        for _ in range(2):
            response = fetch(editor, path)
            assert proxy_cache(response) == "MISS", path  # staff never get the anonymous copy
            if path.startswith("/admin/"):
                assert private_headers(response), (path, response.headers.get("Cache-Control"))

    # A form left open in one tab still works after the same form was opened in another: the visitor's
    # CSRF cookie reaches the backend through Varnish, so it is kept, not replaced.
    person = Client(proxied.varnish.base)
    first_tab = fetch(person, setup["signup"])
    token = person.cookie("csrftoken")
    fetch(person, setup["event"])
    fetch(person, setup["signup"])
    assert person.cookie("csrftoken") == token
    data = dict(find_form(first_tab.text, lambda form: "submission_token" in dict(form["fields"]))["fields"])
    data.update({"captcha_0": data.get("captcha_0") or "x", "captcha_1": "PASSED", "website": "",
                 "name": "Toinen Välilehti", "email": "valilehti@example.com"})
    response = person.post(setup["signup"], data)
    assert response.status == 200, (response.status, text_of(response.text)[:1000])


def test_cookies_and_personal_pages_never_reach_another_visitor(proxied):
    setup = proxied.setup
    paths = (setup["home"], setup["events"], setup["event"], setup["signup"], setup["feedback"], setup["proposal"])

    # Visitor A: a CSRF cookie from a form, a sign-up with their name and email, a cacheable page asked
    # with that cookie (the miss that stores it goes to the backend with A's cookie).
    visitor_a = Client(proxied.varnish.base)
    result = visitor_a.submit(setup["signup"], {"name": "Eero Erityinen", "email": "eero.erityinen@example.com"})
    assert result.status == 200
    a_token = visitor_a.cookie("csrftoken")
    assert a_token
    for path in paths:
        fetch(visitor_a, path)
    # Staff S, signed in, with a session (and a message waiting after the sign-in), browse the same pages.
    editor = sign_in(proxied)
    secrets_of_others = {a_token, editor.cookie("sessionid"), editor.cookie("csrftoken"), "eero.erityinen@example.com",
                         "Eero Erityinen", "viestija"}
    for path in paths:
        fetch(editor, path)

    # Visitor B sees none of it, in headers or pages; B's cached copies set no cookie at all.
    visitor_b = Client(proxied.varnish.base)
    hits = 0
    for _ in range(2):
        for path in paths:
            response = fetch(visitor_b, path)
            hits += proxy_cache(response) == "HIT"
            cookies = " ".join(response.headers.get_all("Set-Cookie") or [])
            for secret in filter(None, secrets_of_others):
                assert secret not in cookies and secret not in response.text, (path, secret)
    assert hits >= len(paths) - 2  # the pages without forms came from Varnish
    assert visitor_b.cookie("csrftoken") not in (None, a_token)  # B got a CSRF secret of its own from a form
