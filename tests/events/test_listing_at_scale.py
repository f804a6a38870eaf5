"""The events page with a city's calendar: one page of twelve events at a time, built and cached one
page at a time, with a constant number of queries."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.events import EventPageFactory

pytestmark = pytest.mark.django_db

COUNT = 300


def add_events(index, count=COUNT):
    """`count` live events under `index`, one a day from tomorrow (event 0 the first), and 30 past ones."""
    now = timezone.now()
    for n in range(count):
        EventPageFactory(parent=index, title=f"Tapahtuma {n}", slug=f"tapahtuma-{n}", start=now + timedelta(days=n + 1))
    for n in range(30):
        EventPageFactory(parent=index, title=f"Mennyt {n}", slug=f"mennyt-{n}", start=now - timedelta(days=n + 1))


def titles(html):
    return re.findall(r">((?:Tapahtuma|Mennyt) \d+)<", html)


def test_listing_pages_through_three_hundred_events(client, index_fi, django_assert_max_num_queries):
    add_events(index_fi)
    client.get(index_fi.url, {"page": 2})  # the page frame (menu, footer, settings) cached
    with django_assert_max_num_queries(15):  # page 1's rows not cached yet: counted and paginated in the database
        first = client.get(index_fi.url).content.decode()
    assert titles(first) == [f"Tapahtuma {n}" for n in range(12)]
    assert '<nav class="pagination" aria-label="Sivut">' in first and "Sivu 1/25" in first
    assert "300 tapahtumaa" in first
    last = client.get(index_fi.url, {"page": 25}).content.decode()
    assert titles(last) == [f"Tapahtuma {n}" for n in range(288, 300)] and 'rel="prev"' in last
    assert titles(client.get(index_fi.url, {"page": 26}).content.decode()) == titles(last)
    past = client.get(index_fi.url, {"past": "1", "page": 3}).content.decode()
    assert titles(past) == [f"Mennyt {n}" for n in range(24, 30)]
    for url in (index_fi.url, index_fi.url + "?page=13", index_fi.url + "?past=1"):
        client.get(url)
        with django_assert_max_num_queries(15):  # warm
            assert client.get(url).status_code == 200


def test_organiser_filter_offers_the_organisers_of_the_listed_events(client, index_fi, home_fi):
    from tests.factories.directory import AssociationIndexPageFactory, AssociationPageFactory

    directory = AssociationIndexPageFactory(parent=home_fi)
    coming, former, _idle = (
        AssociationPageFactory(parent=directory, title=title) for title in ("Tuleva ry", "Mennyt ry", "Hiljainen ry")
    )
    now = timezone.now()
    EventPageFactory(parent=index_fi, title="Tuleva ilta", organiser=coming, start=now + timedelta(days=3))
    EventPageFactory(parent=index_fi, title="Mennyt ilta", organiser=former, start=now - timedelta(days=3))
    upcoming = client.get(index_fi.url).content.decode()
    assert f'<option value="{coming.translation_key}">Tuleva ry</option>' in upcoming
    assert "Mennyt ry" not in upcoming and "Hiljainen ry" not in upcoming  # not every association of the city
    archive = client.get(index_fi.url, {"past": "1", "organiser": str(former.translation_key)}).content.decode()
    assert f'<option value="{former.translation_key}" selected>Mennyt ry</option>' in archive
    assert "Tuleva ry" not in archive and "Mennyt ilta" in archive and "Tuleva ilta" not in archive
