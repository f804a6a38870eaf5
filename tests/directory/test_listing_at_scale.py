"""The association directory and "who to contact" with a city's numbers: paginated, filtered by the
directory's FilterSet (home/filters.py), with a constant number of queries."""

import re

import pytest
from django.http import QueryDict
from wagtail.models import Locale

from home.filters import AssociationFilterSet
from home.models import AssociationPage, ContactIndexPage, ContactPerson, Department
from home.models.contacts import SERVICE_LANGUAGES
from tests.factories.directory import (
    AssociationCategoryFactory,
    AssociationIndexPageFactory,
    AssociationPageFactory,
)
from tests.snapshot import built_once

pytestmark = pytest.mark.django_db

COUNT = 300


@pytest.fixture
def big_directory(home_fi):
    """300 associations: every tenth in the category "kylat" and in Rantala, every third Swedish-speaking,
    one with umlauts in its name (built once per test process, tests/snapshot.py)."""

    def build():
        index = AssociationIndexPageFactory(parent=home_fi)
        villages = AssociationCategoryFactory(name="Kylät", slug="kylat")
        for n in range(COUNT):
            page = AssociationPageFactory(
                parent=index, title=f"Yhdistys {n:03d}", slug=f"yhdistys-{n}",
                area="Rantala" if n % 10 == 0 else "Kirkonkylä", languages=["fi", "sv"] if n % 3 == 0 else ["fi"],
            )
            if n % 10 == 0:
                page.categories.add(villages)
                page.save()
        AssociationPageFactory(parent=index, title="Ääneskosken Soutajat", slug="soutajat", intro="Kirkkovene ja soutu")

    built_once("big_directory", build)
    return AssociationPage.objects.get(slug="soutajat").get_parent().specific


def titles(html):
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html)


def test_directory_paginates_three_hundred_associations(client, big_directory, django_assert_max_num_queries):
    first = client.get(big_directory.url).content.decode()
    assert titles(first) == [f"Yhdistys {n:03d}" for n in range(20)]
    assert "301 yhdistystä" in first and "Sivu 1/16" in first and '<nav class="pagination" aria-label="Sivut">' in first
    last = client.get(big_directory.url, {"page": 16}).content.decode()
    assert titles(last)[-1] == "Ääneskosken Soutajat"  # å, ä, ö after z
    for url in (big_directory.url, big_directory.url + "?page=9", big_directory.url + "?category=kylat&language=sv"):
        client.get(url)
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200, url


def test_a_directory_page_is_cached_on_its_own_and_past_the_end_is_the_last(client, big_directory):
    from home.caching import cached

    last = titles(client.get(big_directory.url, {"page": 16}).content.decode())
    for beyond in ("17", "999999"):
        assert titles(client.get(big_directory.url, {"page": beyond}).content.decode()) == last
    assert titles(client.get(big_directory.url, {"page": "abc"}).content.decode())[0] == "Yhdistys 000"
    # A visitor's page reads one page of rows from the cache, not the whole directory's 301.
    client.get(big_directory.url, {"page": 9})
    page = cached(f"associations:{big_directory.pk}:page:9", lambda: None)
    assert len(page["listing"]["rows"]) == 20 and page["listing"]["count"] == 301
    assert page["listing"]["rows"][0]["title"] == "Yhdistys 160"


def test_directory_filters_go_through_the_filterset(client, big_directory):
    url = big_directory.url
    villages = titles(client.get(url, {"category": "kylat"}).content.decode())
    assert villages == [f"Yhdistys {n:03d}" for n in range(0, 200, 10)]  # page 1 of 30
    both = titles(client.get(url, {"category": "kylat", "language": "sv", "area": "Rantala"}).content.decode())
    assert both == [f"Yhdistys {n:03d}" for n in range(0, 300, 30)]
    assert titles(client.get(url, {"q": "ääneskosken"}).content.decode()) == ["Ääneskosken Soutajat"]
    assert titles(client.get(url, {"q": "SOUTU kirkkovene"}).content.decode()) == ["Ääneskosken Soutajat"]
    # A language that is not one is ignored, as the other listings do; an unknown category matches nothing.
    assert len(titles(client.get(url, {"language": "xx"}).content.decode())) == 20
    html = client.get(url, {"category": "ei-ole"}).content.decode()
    assert titles(html) == [] and "Yhtään yhdistystä ei löytynyt" in html


def test_a_filtered_directory_asks_the_database_nothing_more_than_the_plain_listing(client, big_directory, settings):
    """The filters pick from the rows the process keeps: no query for the matching, no rows unpickled."""
    settings.PAGE_CACHE_SECONDS = 0  # each request renders the page
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = big_directory.url
    queries = ("", "?q=soutu", "?q=YHDISTYS 03&category=kylat&area=Rantala&language=sv")
    for query in queries:
        client.get(url + query)
    counts = {}
    for query in queries:
        with CaptureQueriesContext(connection) as captured:
            client.get(url + query)
        counts[query] = len(captured)
    assert counts["?q=soutu"] == counts["?q=YHDISTYS 03&category=kylat&area=Rantala&language=sv"] == counts[""]
    assert titles(client.get(url + "?q=YHDISTYS 03&category=kylat&area=Rantala&language=sv").content.decode()) == [
        "Yhdistys 030"
    ]
    assert titles(client.get(url, {"q": "kirkonkylä 299"}).content.decode()) == ["Yhdistys 299"]  # the area too


def test_association_filterset_selected_values():
    live = AssociationPage.objects.live()
    filters = AssociationFilterSet(
        QueryDict("q=%20kylä%20&category=" + "x" * 150 + "&language=xx&area=Rantala"), queryset=live,
        languages=SERVICE_LANGUAGES,
    )
    selected = filters.selected()
    assert selected == {"q": "kylä", "category": "x" * 100, "area": "Rantala", "language": ""}
    assert filters.is_filtered()
    assert not AssociationFilterSet(QueryDict(""), queryset=live, languages=SERVICE_LANGUAGES).is_filtered()


def test_who_to_contact_paginates_by_department(client, home_fi, django_assert_max_num_queries):
    fi = Locale.objects.get(language_code="fi")
    page = home_fi.add_child(instance=ContactIndexPage(title="Yhteyshenkilöt", slug="yhteyshenkilot"))
    departments = Department.objects.bulk_create(
        Department(locale=fi, name=f"Toimiala {n}", sort_order=n) for n in range(3)
    )
    ContactPerson.objects.bulk_create(
        ContactPerson(locale=fi, name=f"Henkilö {n:03d}", role="Suunnittelija", department=departments[n % 3],
                      sort_order=100)
        for n in range(COUNT)
    )
    html = client.get(page.url).content.decode()
    names = re.findall(r"Henkilö \d{3}", html)
    assert len(set(names)) == 30 and "300 henkilöä" in html and "Sivu 1/10" in html
    assert "<h2>Toimiala 0</h2>" in html and "<h2>Toimiala 1</h2>" not in html  # the first department fills page 1
    fourth = client.get(page.url, {"page": 4}).content.decode()
    assert "<h2>Toimiala 0</h2>" in fourth and "<h2>Toimiala 1</h2>" in fourth  # the end of one, the start of the next
    for url in (page.url, page.url + "?page=7"):
        client.get(url)
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200


def test_who_to_contact_renders_its_cards_once_per_version_of_the_directory(client, home_fi, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0  # each request renders the page
    fi = Locale.objects.get(language_code="fi")
    page = home_fi.add_child(instance=ContactIndexPage(title="Yhteyshenkilöt", slug="yhteyshenkilot"))
    person = ContactPerson.objects.create(locale=fi, name="Anna Aalto", role="Suunnittelija")
    assert "Anna Aalto" in client.get(page.url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert "Anna Aalto" in client.get(page.url).content.decode()
    assert not [query for query in queries.captured_queries if "home_contactperson" in query["sql"]]
    person.name = "Anna Aalto-Berg"
    person.save()  # bumps the directory: the cards are rendered anew
    assert "Anna Aalto-Berg" in client.get(page.url).content.decode()
