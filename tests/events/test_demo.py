"""The events demo: pages in both languages, from the municipality and associations, a full event with
a waiting list and a cancelled one, loaded once."""

import io

import pytest

from engagement.events.models import SignUp
from engagement.events.pages import EventIndexPage, EventPage
from kumppanuus.demo import directory, site
from kumppanuus.demo import events as demo

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_resets(client, home_fi):
    site.load(io.StringIO())
    directory.load(io.StringIO())
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert EventIndexPage.objects.count() == 2
    assert EventPage.objects.filter(locale__language_code="fi").count() == len(demo.EVENTS)
    assert EventPage.objects.filter(locale__language_code="sv").count() == len(demo.EVENTS)
    assert EventPage.objects.filter(organiser__isnull=False).count() >= 10
    assert EventPage.objects.filter(status="cancelled").exists()
    assert SignUp.objects.filter(status="waiting").exists()
    full = EventPage.objects.get(slug="digiklinikka")
    assert SignUp.objects.confirmed_people(full.translation_key) == full.capacity
    html = client.get("/sv/evenemang/").content.decode()
    assert "Invånarkväll" in html
    sv_full = EventPage.objects.get(slug="digiklinik")
    assert "reservlistan" in client.get(sv_full.url).content.decode()
    demo.reset()
    assert not EventPage.objects.exists() and not SignUp.objects.exists()
