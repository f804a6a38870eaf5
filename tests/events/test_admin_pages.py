"""Editors create events in the Wagtail admin; the organisers' listings render."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from engagement.events.pages import EventPage
from tests.factories.events import EventCategoryFactory, EventPageFactory, SignUpFactory

pytestmark = pytest.mark.django_db


def test_editor_creates_an_event(client, superuser, index_fi):
    client.force_login(superuser)
    category = EventCategoryFactory()
    url = f"/admin/pages/add/events/eventpage/{index_fi.pk}/"
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Kirjaston satutunti",
            "slug": "satutunti",
            "intro": "Satuja 3–6-vuotiaille.",
            "description": rich_text("<p>Tervetuloa!</p>"),
            "start": "2030-01-15 10:00",
            "end": "2030-01-15 11:00",
            "status": "scheduled",
            "place_name": "Pääkirjasto",
            "category": category.pk,
            "signup_enabled": "on",
            "capacity": "12",
            "max_companions": "2",
            "waiting_list": "on",
            "extra_questions": streamfield([("question", "Lapsen ikä")]),
        }
    )
    data["languages"] = ["fi", "sv"]  # checkboxes: one value per box
    data["accessibility"] = ["step_free"]
    data["action-publish"] = "publish"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = EventPage.objects.get(slug="satutunti")
    assert page.live and page.languages == ["fi", "sv"] and page.questions == ["Lapsen ikä"]
    assert page.accessibility == ["step_free"]


def test_admin_listings_render(client, superuser, index_fi):
    client.force_login(superuser)
    event = EventPageFactory(parent=index_fi, signup_enabled=True)
    SignUpFactory(event=event, name="Aino Aaltonen")
    assert client.get(f"/admin/pages/{event.pk}/edit/").status_code == 200
    assert "Aino Aaltonen" in client.get("/admin/event_signups/", {"q": "Aino"}).content.decode()
    assert client.get("/admin/snippets/events/eventcategory/").status_code == 200
    html = client.get(f"/admin/pages/{index_fi.pk}/").content.decode()
    assert f"/admin/events/{event.pk}/attendees/" in html


def test_organisers_see_events_with_sign_up(client, index_fi, staff_user_factory):
    event = EventPageFactory(parent=index_fi, signup_enabled=True, capacity=10, title="Digiklinikka")
    SignUpFactory(event=event, people=3)
    SignUpFactory(event=event, status="waiting")
    EventPageFactory(parent=index_fi, title="Ilman ilmoittautumista")
    client.force_login(staff_user_factory("Event organisers"))
    html = client.get("/admin/events/with-signup/").content.decode()
    assert "Digiklinikka" in html and "Ilman ilmoittautumista" not in html
    assert "3 / 10" in html
    assert f"/admin/events/{event.pk}/attendees/" in html
    assert "/admin/events/with-signup/" in client.get("/admin/").content.decode()


def test_explorer_under_the_events_index_makes_no_queries_per_event(client, index_fi, staff_user_factory):
    """wagtail-localize's translation buttons asked two queries per listed page; they are annotations now."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_user_factory("Event organisers"))
    url = f"/admin/pages/{index_fi.pk}/"

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        return len(captured), html

    EventPageFactory(parent=index_fi, title="Ensimmäinen ilta")
    few, html = queries()
    assert "Ensimmäinen ilta" in html and "/admin/localize/submit/page/" in html  # not yet in Swedish: translate
    for n in range(30):
        EventPageFactory(parent=index_fi, title=f"Ilta {n}")
    many, html = queries()
    assert "Ilta 29" in html
    assert many <= few + 3, (few, many)


def test_explorer_under_the_events_index_reads_the_site_cache_once_per_listing(client, index_fi, staff_user_factory,
                                                                              monkeypatch):
    """The translation buttons compare each page's translations with the number of locales, read from the
    shared cache once for the listing: a read per row was 100 round trips to Redis on a page of 50 events.
    (Wagtail's own "View live" link reads its site root paths once per row; that one is Wagtail's.)"""
    from django.core.cache.backends.locmem import LocMemCache

    reads = []
    original = LocMemCache.get
    monkeypatch.setattr(LocMemCache, "get", lambda self, key, *args, **kwargs: reads.append(key) or original(
        self, key, *args, **kwargs))
    client.force_login(staff_user_factory("Event organisers"))
    url = f"/admin/pages/{index_fi.pk}/"

    def site_cache_reads():
        client.get(url)
        reads.clear()
        html = client.get(url).content.decode()
        return len([key for key in reads if "wagtail_site_root_paths" not in key]), html

    EventPageFactory(parent=index_fi, title="Ensimmäinen ilta")
    few, html = site_cache_reads()
    assert "/admin/localize/submit/page/" in html  # the button still shows: not yet in Swedish
    for n in range(30):
        EventPageFactory(parent=index_fi, title=f"Ilta {n}")
    many, html = site_cache_reads()
    assert "Ilta 29" in html and html.count("/admin/localize/submit/page/") >= 31
    assert many <= few + 2, (few, many)


def test_explorer_walks_an_index_for_its_newest_first_order_on_postgresql(client, index_fi, staff_user_factory):
    """The explorer shows a parent's children newest first, 50 at a time: on PostgreSQL an index on that
    order (home migration 0011) spares reading and sorting every child (a city's events index has 20,000)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        EventPageFactory(parent=index_fi, title=f"Ilta {n}")
    client.force_login(staff_user_factory("Event organisers"))
    with CaptureQueriesContext(connection) as captured:
        html = client.get(f"/admin/pages/{index_fi.pk}/").content.decode()
    assert "Ilta 2" in html
    ordered = [query["sql"] for query in captured.captured_queries if "ORDER BY" in query["sql"]
               and '"wagtailcore_page"."latest_revision_created_at" DESC NULLS LAST' in query["sql"]]
    assert ordered, "the explorer no longer lists newest first: is the index still of use?"
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:  # PostgreSQL only, as the search's index
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'home_page_latest_revision_created_at'")
            assert cursor.fetchall() == []
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test's few pages would be read whole anyway
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + ordered[0].replace("%", "%%"))
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "home_page_latest_revision_created_at" in plan, plan
