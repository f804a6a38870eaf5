"""The iCal feed of open consultations' deadlines: a valid calendar (RFC 5545) in each language, one
event per open consultation at its close time, with a UID shared by the languages."""

from datetime import UTC

import pytest
from django.urls import reverse
from icalendar import Calendar

from engagement.consultations import feeds
from tests.factories.consultations import make_consultation

pytestmark = pytest.mark.django_db


def feed(client, language):
    response = client.get(f"/consultations/feeds/{language}/deadlines.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_the_feed_lists_open_consultations_at_their_close_time(client, consultation, index):
    page_fi, page_sv = consultation
    make_consultation(index[0], slug="vanha", title="Päättynyt kuuleminen", opens=-30, closes=-1, translate=False)
    make_consultation(index[0], slug="tuleva", title="Tuleva kuuleminen", opens=5, closes=20, translate=False)
    calendar = feed(client, "fi")
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"] == feeds.PRODID
    assert str(calendar["X-WR-CALNAME"]) == "Kuulemiset – kommentoinnin määräajat"
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Kommentointi päättyy: Kylän yleiskaava"
    assert event.decoded("DTSTART") == page_fi.closes_at.astimezone(UTC).replace(microsecond=0)
    assert "DTEND" not in event  # a moment, like a deadline
    assert str(event["URL"]).endswith(page_fi.url)
    assert str(event["UID"]) == f"consultation-{page_fi.translation_key}@kumppanuus"
    assert event.walk("VALARM")[0]["ACTION"] == "DISPLAY"

    swedish = feed(client, "sv").walk("VEVENT")
    assert [str(item["SUMMARY"]) for item in swedish] == ["Kommenteringen stänger: Byns generalplan"]
    assert str(swedish[0]["UID"]) == str(event["UID"])  # the same deadline in both languages
    assert str(swedish[0]["URL"]).endswith(page_sv.url)


def test_the_feed_is_valid_text_with_crlf_lines_and_no_control_characters(client, index):
    page, _ = make_consultation(index[0], title="Kaava\x0b; rivi, toinen", translate=False)
    content = client.get("/consultations/feeds/fi/deadlines.ics").content
    assert content.startswith(b"BEGIN:VCALENDAR\r\n") and content.endswith(b"END:VCALENDAR\r\n")
    assert b"\x0b" not in content
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    assert str(Calendar.from_ical(content).walk("VEVENT")[0]["SUMMARY"]) == "Kommentointi päättyy: Kaava; rivi, toinen"
    assert page.pk


def test_an_unknown_language_is_not_found(client):
    assert client.get("/consultations/feeds/en/deadlines.ics").status_code == 404


def test_the_consultations_page_links_to_the_deadlines_feed_in_its_language(client, consultation, index):
    index_fi, index_sv = index
    assert reverse("consultations_deadlines", args=["fi"]) in client.get(index_fi.url).content.decode()
    body_sv = client.get(index_sv.url).content.decode()
    assert reverse("consultations_deadlines", args=["sv"]) in body_sv
    assert "Tidsfristerna för de öppna samråden (iCalendar)" in body_sv
