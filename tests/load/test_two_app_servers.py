"""Two app servers share one PostgreSQL and one Redis. A page published in the admin of one shows up
fresh on the other at once, though the other had just served (and cached) the old version."""

import secrets

import pytest

from tests.load.servers import Client, find_form, text_of

pytestmark = pytest.mark.load

SETUP = """
import json, secrets
from django.contrib.auth import get_user_model
from wagtail.models import Locale
from home.models import HomePage
from tests.factories.events import EventIndexPageFactory

password = secrets.token_urlsafe(16)
get_user_model().objects.create_superuser("paatoimittaja", "paatoimittaja@koivula.example", password)
home = HomePage.objects.get(locale=Locale.objects.get(language_code="fi"))
page = EventIndexPageFactory(parent=home, title="Tapahtumat ja tilaisuudet", show_in_menus=True)
print(json.dumps({"id": page.pk, "url": page.url, "home": home.url, "password": password}))
"""


def test_a_page_published_through_one_server_is_fresh_on_the_other(load_site):
    setup = load_site.script(SETUP)
    env = load_site.env(PAGE_CACHE_SECONDS=300)  # both on the same database and the same Redis
    server_a = load_site.gunicorn(env, name="server-a")
    server_b = load_site.gunicorn(env, name="server-b")
    visitor = Client(server_b.base)
    old_title, new_title = "Tapahtumat ja tilaisuudet", f"Tapahtumakalenteri {secrets.token_hex(3)}"

    # B serves the page (and the home page, whose menu links to it) until anything cacheable is cached.
    # (The very first request of a new site makes its settings rows, which clears the caches once.)
    for path in (setup["url"], setup["home"]):
        answers = [visitor.get(path) for _ in range(3)]
        assert [answer.status for answer in answers] == [200] * 3
        assert old_title in text_of(answers[-1].text)
        if "X-Cache" in answers[-1].headers:  # the full-page cache: the last answer came from Redis
            assert answers[-1].headers["X-Cache"] == "HIT"

    # An editor publishes a new title in A's admin, as a browser without JavaScript would.
    editor = Client(server_a.base)
    login = editor.get("/admin/login/")
    form = find_form(login.text, lambda form: "password" in dict(form["fields"]) or "username" in dict(form["fields"]))
    data = {**dict(form["fields"]), "username": "paatoimittaja", "password": setup["password"], "next": "/admin/"}
    response = editor.post("/admin/login/", data)
    assert response.status == 302, text_of(response.text)[:2000]
    edit_path = f"/admin/pages/{setup['id']}/edit/"
    edit = editor.get(edit_path)
    assert edit.status == 200
    form = find_form(edit.text, lambda form: form["id"] == "page-edit-form")
    data = dict(form["fields"])
    assert data["title"] == old_title
    data.update({"title": new_title, "action-publish": "action-publish"})
    response = editor.post(form["action"] or edit_path, data)
    assert response.status == 302, text_of(response.text)[:3000]
    live = load_site.query("SELECT title, live FROM wagtailcore_page WHERE id = %s", (setup["id"],))
    assert live == [(new_title, True)]

    # B, asked right away by a new visitor and by the one who saw the old page, shows the new title.
    for client in (Client(server_b.base), visitor):
        page = client.get(setup["url"])
        assert page.status == 200
        assert new_title in text_of(page.text) and old_title not in text_of(page.text)
        home = client.get(setup["home"])
        assert new_title in text_of(home.text) and old_title not in text_of(home.text)
