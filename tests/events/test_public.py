"""The listing, its filters and archive, event pages, the upcoming-events tag, and query budgets."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests.events.conftest import translate
from tests.factories.directory import (
    AssociationIndexPageFactory,
    AssociationPageFactory,
    ContactPersonFactory,
)
from tests.factories.events import EventCategoryFactory, EventPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def association(home_fi):
    index = AssociationIndexPageFactory(parent=home_fi)
    return AssociationPageFactory(parent=index, title="Koivulan Martat")


@pytest.fixture
def events(index_fi, association):
    now = timezone.now()
    culture = EventCategoryFactory(name="Kulttuuri", slug="kulttuuri")
    meeting = EventCategoryFactory(name="Asukastilaisuus", slug="asukastilaisuus")
    return {
        "concert": EventPageFactory(parent=index_fi, title="Joulukonsertti", category=culture, organiser=association,
                                    languages=["fi", "sv"], start=now + timedelta(days=3)),
        "meeting": EventPageFactory(parent=index_fi, title="Kaavoituksen asukasilta", category=meeting,
                                    start=now + timedelta(days=40), signup_enabled=True, capacity=30),
        "past": EventPageFactory(parent=index_fi, title="Syysmarkkinat", start=now - timedelta(days=20)),
    }


def titles(response):
    return set(re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', response.content.decode()))


def test_listing_shows_upcoming_and_archive(client, index_fi, events):
    assert titles(client.get(index_fi.url)) == {"Joulukonsertti", "Kaavoituksen asukasilta"}
    assert titles(client.get(index_fi.url, {"past": "1"})) == {"Syysmarkkinat"}


def test_listing_filters(client, index_fi, events, association):
    assert titles(client.get(index_fi.url, {"category": "kulttuuri"})) == {"Joulukonsertti"}
    assert titles(client.get(index_fi.url, {"organiser": str(association.translation_key)})) == {"Joulukonsertti"}
    assert titles(client.get(index_fi.url, {"organiser": "municipality"})) == {"Kaavoituksen asukasilta"}
    assert titles(client.get(index_fi.url, {"language": "sv"})) == {"Joulukonsertti"}
    month = timezone.localtime(events["meeting"].start).strftime("%Y-%m")
    assert "Kaavoituksen asukasilta" in titles(client.get(index_fi.url, {"month": month}))
    response = client.get(index_fi.url, {"month": "bad", "language": "xx", "organiser": "nonsense"})
    assert response.status_code == 200


def test_events_with_sign_up_are_one_click_from_the_list_and_each_card_links_to_its_form(client, index_fi, events):
    now = timezone.now()
    closed = EventPageFactory(parent=index_fi, title="Suljettu ilmoittautuminen", start=now + timedelta(days=5),
                              signup_enabled=True, capacity=5, signup_closes=now - timedelta(hours=1))
    html = client.get(index_fi.url).content.decode()
    shortcut = f'href="{index_fi.url}?signup=1"'
    assert shortcut in html  # the shortcut, on the first page of the list
    assert f'href="{events["meeting"].signup_url}"' in html  # the card's own sign-up button
    assert f'href="{closed.signup_url}"' not in html  # no button when the form takes no sign-ups
    assert f'href="{events["concert"].url}signup/"' not in html
    response = client.get(index_fi.url, {"signup": "1"})
    assert titles(response) == {"Kaavoituksen asukasilta", "Suljettu ilmoittautuminen"}
    assert 'name="signup" value="1" checked' in response.content.decode()
    assert f'href="{index_fi.url}">' in response.content.decode()  # back to all upcoming events
    with translation.override("sv"):
        assert client.get(index_fi.url, {"signup": "1", "category": "kulttuuri"}).status_code == 200


def test_listing_in_swedish_shows_only_swedish_pages(client, index_fi, index_sv, events, locale_sv):
    translate(events["concert"], locale_sv, title="Julkonsert", slug="julkonsert")
    response = client.get(index_sv.url)
    assert titles(response) == {"Julkonsert"}
    assert "1 evenemang" in response.content.decode()


def test_listing_query_budget(client, index_fi, events, django_assert_max_num_queries):
    for _number in range(10):
        EventPageFactory(parent=index_fi, category=events["concert"].category, organiser=events["concert"].organiser)
    client.get(index_fi.url)
    with django_assert_max_num_queries(15):
        response = client.get(index_fi.url)
    assert response.status_code == 200


def test_event_page_query_budget_and_details(client, index_fi, events, django_assert_max_num_queries):
    page = events["meeting"]
    page.contact = ContactPersonFactory(name="Sanna Suunnittelija")
    page.accessibility = ["step_free", "induction_loop"]
    page.online_url = "https://meet.example/secret-room"
    page.save_revision().publish()
    client.get(page.url)
    with django_assert_max_num_queries(15):
        response = client.get(page.url)
    html = response.content.decode()
    assert "Sanna Suunnittelija" in html
    assert "Induktiosilmukka" in html and "Esteetön kulku" in html
    assert "secret-room" not in html  # the online link is only for people who signed up
    assert "30 paikkaa jäljellä" in html
    form = client.get(page.signup_url)
    assert "no-cache" in form["Cache-Control"] or "max-age=0" in form["Cache-Control"]
    assert 'name="captcha_1"' in form.content.decode()


def test_view_restriction_on_the_events_page_applies_to_events(client, index_fi, events):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=index_fi, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(events["meeting"].url).status_code == 302


def test_event_page_has_schema_org_json_ld(client, events, association):
    html = client.get(events["concert"].url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Event"
    assert data["name"] == "Joulukonsertti"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["name"] == "Koivulan kunnantalo"
    assert data["organizer"]["name"] == "Koivulan Martat"
    assert data["startDate"].endswith(("+02:00", "+03:00"))


def test_cancelled_event_says_so(client, index_fi):
    page = EventPageFactory(parent=index_fi, status="cancelled", signup_enabled=True)
    html = client.get(page.url).content.decode()
    assert "Tämä tapahtuma on peruttu." in html
    assert 'name="email"' not in html


def render_tag(request, organiser=None):
    template = Template("{% load event_tags %}{% upcoming_events organiser=organiser limit=3 %}")
    return template.render(Context({"request": request, "organiser": organiser}))


def test_upcoming_events_tag_by_organiser_in_either_language(events, association, locale_sv, index_sv, home_fi):
    request = RequestFactory().get("/fi/")
    with translation.override("fi"):
        html = render_tag(request)
        assert "Joulukonsertti" in html and "Kaavoituksen asukasilta" in html and "Syysmarkkinat" not in html
        html = render_tag(request, association)
        assert "Joulukonsertti" in html and "Kaavoituksen asukasilta" not in html
    translate(association.get_parent(), locale_sv, title="Föreningar", slug="foreningar")
    association_sv = translate(association, locale_sv, title="Björkby Marthor", slug="marthor")
    translate(events["concert"], locale_sv, title="Julkonsert", slug="julkonsert")
    with translation.override("sv"):
        html = render_tag(RequestFactory().get("/sv/"), association_sv)
        assert "Julkonsert" in html and "Joulukonsertti" not in html
        assert "Björkby Marthor" in html  # the organiser's name in Swedish


def test_listing_cache_follows_changes_after_garbage_collection(client, index_fi, events):
    import gc

    client.get(index_fi.url)
    gc.collect()  # receivers must be held strongly
    events["concert"].title = "Joulukonsertti kirkossa"
    events["concert"].save_revision().publish()
    assert "Joulukonsertti kirkossa" in titles(client.get(index_fi.url))


def test_a_warm_listing_renders_no_card_and_reads_no_event(client, index_fi, events, settings):
    """The cards are rendered once with their cached page of rows; a change still shows at once."""
    settings.PAGE_CACHE_SECONDS = 0  # the whole-page cache aside: this is about the listing's own cache
    client.get(index_fi.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(index_fi.url)
    assert "events/includes/event_card.html" not in [template.name for template in response.templates]
    assert not [query for query in queries.captured_queries if "events_eventpage" in query["sql"]]
    assert "Joulukonsertti" in titles(response)
    events["concert"].title = "Joulukonsertti <kirkossa>"
    events["concert"].save_revision().publish()
    html = client.get(index_fi.url).content.decode()
    assert "Joulukonsertti &lt;kirkossa&gt;" in html and "Joulukonsertti <kirkossa>" not in html
