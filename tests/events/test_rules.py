"""Each rule of an event in one place: its end when it has none, "online", and the queries built on them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from engagement.events.feeds import event_rows, ical_uid, json_ld
from engagement.events.filters import EventFilterSet
from engagement.events.models import LENGTH_WITHOUT_END, EventStatus
from engagement.events.pages import EventPage
from tests.factories.events import EventPageFactory

pytestmark = pytest.mark.django_db


def test_an_event_without_an_end_lasts_two_hours_in_its_page_and_the_queries(index_fi):
    now = timezone.now()
    running = EventPageFactory(parent=index_fi, start=now - timedelta(hours=1), end=None)
    ended = EventPageFactory(parent=index_fi, start=now - timedelta(hours=3), end=None)
    assert LENGTH_WITHOUT_END == timedelta(hours=2)
    assert running.ends_at == running.start + LENGTH_WITHOUT_END and not running.is_past
    assert ended.is_past
    assert set(EventPage.objects.upcoming(now)) == {running}
    assert set(EventPage.objects.past(now)) == {ended}


@pytest.mark.parametrize(
    "online_url,place_name,status,online",
    [
        ("https://meet.example/x", "", EventStatus.SCHEDULED, True),
        ("https://meet.example/x", "Kunnantalo", EventStatus.SCHEDULED, True),  # both: still followed online
        ("", "Kunnantalo", EventStatus.MOVED_ONLINE, True),
        ("", "Kunnantalo", EventStatus.SCHEDULED, False),
    ],
)
def test_online_means_the_same_on_the_page_in_the_rows_and_in_json_ld(rf, index_fi, online_url, place_name, status, online):
    event = EventPageFactory(parent=index_fi, online_url=online_url, place_name=place_name, status=status)
    assert event.is_online is online
    [row] = event_rows(EventPage.objects.filter(pk=event.pk), event.locale_id)
    assert row["online"] is online
    places = json_ld(event, rf.get("/"))["location"]
    places = places if isinstance(places, list) else [places]
    assert any(place["@type"] == "VirtualLocation" for place in places) is online


def test_the_ical_uid_is_one_in_both_languages_and_in_the_rows(index_fi):
    event = EventPageFactory(parent=index_fi)
    [row] = event_rows(EventPage.objects.filter(pk=event.pk), event.locale_id)
    assert row["uid"] == ical_uid(event.translation_key) == f"event-{event.translation_key}@kumppanuus"


def test_listing_queries(index_fi):
    now = timezone.now()
    with_signup = EventPageFactory(parent=index_fi, with_signup=True, languages=["sv"])
    cancelled = EventPageFactory(parent=index_fi, with_signup=True, status=EventStatus.CANCELLED)
    month = timezone.localtime(with_signup.start).strftime("%Y-%m")
    events = EventPage.objects.published().in_locale(index_fi.locale).upcoming(now)

    def filtered(**query):  # the listing's filters (the page's and the API's FilterSet)
        return EventFilterSet(query, queryset=events).qs

    assert set(filtered(signup="1")) == {with_signup}
    assert set(events.not_cancelled()) == {with_signup}
    assert set(events.speaking("sv")) == set(filtered(language="sv")) == {with_signup}
    assert with_signup in events.in_month(month) and cancelled in filtered(month="2026-13")
    assert not filtered(organiser="not-a-key").exists()
    assert set(filtered(organiser="municipality")) == {with_signup, cancelled}
