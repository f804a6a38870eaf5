"""Calendars and feeds: .ics per event, subscribable iCalendar feeds, the Atom feed, the JSON API."""

import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from icalendar import Calendar

from engagement.events.pages import EventPage
from tests.events.conftest import translate
from tests.factories.directory import AssociationIndexPageFactory, AssociationPageFactory
from tests.factories.events import EventCategoryFactory, EventPageFactory

pytestmark = pytest.mark.django_db
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


@pytest.fixture
def setup(index_fi, home_fi):
    association = AssociationPageFactory(parent=AssociationIndexPageFactory(parent=home_fi), title="Koivulan VPK")
    culture = EventCategoryFactory(name="Kulttuuri", slug="kulttuuri")
    now = timezone.now()
    return {
        "association": association,
        "a": EventPageFactory(parent=index_fi, title="Paloasema-avoimet ovet", organiser=association,
                              start=now + timedelta(days=2), online_url="https://meet.example/room"),
        "b": EventPageFactory(parent=index_fi, title="Runoilta", category=culture, start=now + timedelta(days=9),
                              languages=["sv"]),
        "past": EventPageFactory(parent=index_fi, title="Mennyt", start=now - timedelta(days=9)),
    }


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def summaries(cal):
    return {str(event["SUMMARY"]) for event in cal.walk("VEVENT")}


def test_event_ics(client, setup):
    page = setup["a"]
    cal = parse(client.get(f"/events/{page.pk}.ics"))
    [event] = cal.walk("VEVENT")
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    assert str(event["UID"]) == f"event-{page.translation_key}@kumppanuus"
    assert event["DTSTAMP"] and event["LAST-MODIFIED"]
    assert "meet.example" not in client.get(f"/events/{page.pk}.ics").content.decode()  # only in sign-up emails


def test_feeds_all_per_association_per_category(client, setup):
    all_events = parse(client.get("/events/feeds/fi/all.ics"))
    assert summaries(all_events) == {"Paloasema-avoimet ovet", "Runoilta"}
    key = setup["association"].translation_key
    assert summaries(parse(client.get(f"/events/feeds/fi/association/{key}.ics"))) == {"Paloasema-avoimet ovet"}
    assert summaries(parse(client.get("/events/feeds/fi/category/kulttuuri.ics"))) == {"Runoilta"}
    assert client.get("/events/feeds/fi/category/nothing.ics").status_code == 404
    assert client.get("/events/feeds/xx/all.ics").status_code == 404


def test_uid_is_stable_and_sequence_grows_on_change(client, setup, locale_sv, index_sv):
    page = setup["b"]
    before = parse(client.get("/events/feeds/fi/all.ics"))
    uid = {str(e["UID"]): e for e in before.walk("VEVENT")}
    key = f"event-{page.translation_key}@kumppanuus"
    assert int(uid[key]["SEQUENCE"]) == 0
    page.start = page.start + timedelta(hours=1)
    page.save_revision().publish()
    after = {str(e["UID"]): e for e in parse(client.get("/events/feeds/fi/all.ics")).walk("VEVENT")}
    assert int(after[key]["SEQUENCE"]) == 1
    sv = translate(page, locale_sv, title="Poesikväll", slug="poesikvall")
    [event_sv] = parse(client.get(f"/events/{sv.pk}.ics")).walk("VEVENT")
    assert str(event_sv["UID"]) == key  # the same event in both languages


def test_atom_feed(client, setup):
    response = client.get("/events/feeds/fi/new.atom")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = {entry.find("a:title", ns).text for entry in root.findall("a:entry", ns)}
    assert {"Paloasema-avoimet ovet", "Runoilta"} <= titles


def test_feeds_and_calendars_leave_out_control_characters_already_stored(client, setup):
    """Stored before the public forms dropped them, or written by other code: the Atom writer refused them
    with a 500, and the XML and iCalendar would be invalid."""
    page = setup["a"]
    EventPage.objects.filter(pk=page.pk).update(
        title="Avoimet\x0b ovet <kaikille> & \x1bmuille", intro="Tervetuloa\x07!\r\nRivi", place_name="Asema\x08",
    )
    response = client.get("/events/feeds/fi/new.atom")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = {entry.find("a:title", ns).text for entry in root.findall("a:entry", ns)}
    assert "Avoimet ovet <kaikille> & muille" in titles
    for url in (f"/events/{page.pk}.ics", "/events/feeds/fi/all.ics"):
        response = client.get(url)
        assert not CONTROL.search(response.content.decode().replace("\r\n", "")), url
        [event] = [event for event in parse(response).walk("VEVENT") if "kaikille" in str(event["SUMMARY"])]
        assert str(event["SUMMARY"]) == "Avoimet ovet <kaikille> & muille"
        assert str(event["DESCRIPTION"]) == "Tervetuloa!\nRivi" and str(event["LOCATION"]).startswith("Asema")


def test_a_calendar_shows_rich_text_as_plain_text(client, setup):
    """An association's event text is kept as rich text, with "<" as "&lt;": the calendar shows the characters."""
    page = setup["b"]
    EventPage.objects.filter(pk=page.pk).update(
        intro="", description="<p>Ilmoittaudu: &lt;kirjaamo@koivula.example&gt; &amp; tule</p>",
    )
    [event] = parse(client.get(f"/events/{page.pk}.ics")).walk("VEVENT")
    assert str(event["DESCRIPTION"]) == "Ilmoittaudu: <kirjaamo@koivula.example> & tule"


def test_json_api_filters(client, setup):
    data = client.get("/api/events/").json()
    assert {item["title"] for item in data["results"]} == {"Paloasema-avoimet ovet", "Runoilta"}
    key = str(setup["association"].translation_key)
    data = client.get("/api/events/", {"organiser": key}).json()
    assert [item["title"] for item in data["results"]] == ["Paloasema-avoimet ovet"]
    assert data["results"][0]["organiser_name"] == "Koivulan VPK"
    assert [i["title"] for i in client.get("/api/events/", {"category": "kulttuuri"}).json()["results"]] == ["Runoilta"]
    assert [i["title"] for i in client.get("/api/events/", {"spoken": "sv"}).json()["results"]] == ["Runoilta"]
    today = timezone.localdate()
    data = client.get("/api/events/", {"from": str(today - timedelta(days=30)), "to": str(today + timedelta(days=5))}).json()
    assert {i["title"] for i in data["results"]} == {"Mennyt", "Paloasema-avoimet ovet"}
    assert client.get("/api/events/", {"language": "sv"}).json()["count"] == 0
    assert "meet.example" not in client.get("/api/events/").content.decode()
