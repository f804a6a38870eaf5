"""The events page with a city's calendar: one page of twelve events at a time, built and cached one
page at a time, with a constant number of queries."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.events.conftest import translate
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


def test_organiser_filter_is_a_name_field_whatever_the_number_of_associations(
    client, index_fi, index_sv, home_fi, locale_sv
):
    """A city has thousands of associations: the filter is a text field that finds organisers by a part of
    their name (in either language, any case), not a list of every organiser, in both languages."""
    from tests.factories.directory import AssociationIndexPageFactory, AssociationPageFactory

    directory = AssociationIndexPageFactory(parent=home_fi)
    martat, vpk = (
        AssociationPageFactory(parent=directory, title=title) for title in ("Koivulan Martat ry", "Koivulan VPK ry")
    )
    for number in range(40):
        AssociationPageFactory(parent=directory, title=f"Yhdistys {number} ry")
    translate(directory, locale_sv, title="Föreningar", slug="foreningar")
    translate(martat, locale_sv, title="Björkby Marthor rf", slug="marthor")
    now = timezone.now()
    soup = EventPageFactory(parent=index_fi, title="Keittoilta", organiser=martat, start=now + timedelta(days=3))
    EventPageFactory(parent=index_fi, title="Paloautonäyttely", organiser=vpk, start=now + timedelta(days=4))
    EventPageFactory(parent=index_fi, title="Asukasilta", start=now + timedelta(days=5))
    EventPageFactory(parent=index_fi, title="Vanha keittoilta", organiser=martat, start=now - timedelta(days=5))
    translate(soup, locale_sv, title="Soppkväll", slug="soppkvall")

    page = client.get(index_fi.url).content.decode()
    assert '<label for="filter-organiser">Järjestäjä</label>' in page
    assert re.search(r'<input type="search" id="filter-organiser" name="organiser_name" value=""[^>]*'
                     r'aria-describedby="filter-organiser-help"', page)
    assert '<p class="field__help" id="filter-organiser-help">Yhdistyksen nimi tai sen osa</p>' in page
    assert '<label for="filter-municipality">Vain kunnan omat tapahtumat</label>' in page
    assert "Yhdistys 7 ry" not in page and "<option value=\"" + str(vpk.translation_key) not in page

    def listed(url, **query):
        return set(re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', client.get(url, query).content.decode()))

    assert listed(index_fi.url, organiser_name="martat") == {"Keittoilta"}  # a part, any case
    assert listed(index_fi.url, organiser_name="Marthor") == {"Keittoilta"}  # the Swedish name
    assert listed(index_fi.url, organiser_name="koivulan") == {"Keittoilta", "Paloautonäyttely"}
    assert listed(index_fi.url, organiser_name="ei tällaista") == set()
    assert listed(index_fi.url, past="1", organiser_name="MARTAT") == {"Vanha keittoilta"}
    assert listed(index_fi.url, organiser="municipality") == {"Asukasilta"}
    filled = client.get(index_fi.url, {"organiser_name": "<Martat>"}).content.decode()
    assert 'name="organiser_name" value="&lt;Martat&gt;"' in filled
    # A link from an association's page filters by its key; the field shows its name to search again.
    by_key = client.get(index_fi.url, {"organiser": str(martat.translation_key)}).content.decode()
    assert 'name="organiser_name" value="Koivulan Martat ry"' in by_key and "Paloautonäyttely" not in by_key
    municipality = client.get(index_fi.url, {"organiser": "municipality"}).content.decode()
    assert 'id="filter-municipality" name="organiser" value="municipality" checked' in municipality

    page = client.get(index_sv.url).content.decode()
    assert '<label for="filter-organiser">Arrangör</label>' in page
    assert '<p class="field__help" id="filter-organiser-help">Föreningens namn eller en del av det</p>' in page
    assert '<label for="filter-municipality">Endast kommunens egna evenemang</label>' in page
    assert listed(index_sv.url, organiser_name="marthor") == {"Soppkväll"}
    assert listed(index_sv.url, organiser_name="Martat") == {"Soppkväll"}
    by_key = client.get(index_sv.url, {"organiser": str(martat.translation_key)}).content.decode()
    assert 'name="organiser_name" value="Björkby Marthor rf"' in by_key
