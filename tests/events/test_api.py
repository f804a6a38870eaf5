"""/api/events/: the shape shared by the API's listings, both languages, the filters, pages, and bad
parameters (400 or ignored, never 500)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.events.conftest import translate
from tests.factories.directory import AssociationIndexPageFactory, AssociationPageFactory
from tests.factories.events import EventCategoryFactory, EventPageFactory

pytestmark = pytest.mark.django_db

FIELDS = {
    "id", "uid", "title", "summary", "start", "end", "status", "place", "online", "category", "category_name",
    "organiser", "organiser_name", "languages", "language", "url", "ics", "signup",
}


@pytest.fixture
def events(index_fi, index_sv, home_fi, locale_sv):
    association = AssociationPageFactory(parent=AssociationIndexPageFactory(parent=home_fi), title="Koivulan VPK")
    culture = EventCategoryFactory(name="Kulttuuri", slug="kulttuuri")
    culture_sv = culture.copy_for_translation(locale_sv)
    culture_sv.name = "Kultur"
    culture_sv.save()
    now = timezone.now()
    open_day = EventPageFactory(parent=index_fi, title="Avoimet ovet", organiser=association, start=now + timedelta(days=2),
                                online_url="https://meet.example/room", signup_enabled=True, capacity=5)
    poetry = EventPageFactory(parent=index_fi, title="Runoilta", category=culture, start=now + timedelta(days=9),
                              languages=["fi", "sv"])
    past = EventPageFactory(parent=index_fi, title="Mennyt", start=now - timedelta(days=9))
    poetry_sv = translate(poetry, locale_sv, title="Poesikväll", intro="Dikter på svenska.")
    return {"open_day": open_day, "poetry": poetry, "poetry_sv": poetry_sv, "past": past, "association": association}


def titles(response):
    assert response.status_code == 200, response.content[:300]
    return [item["title"] for item in response.json()["results"]]


def test_the_shape_of_a_listing(client, events):
    response = client.get("/api/events/")
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 2 and data["next"] is None and data["previous"] is None
    first, second = data["results"]
    assert set(first) == FIELDS
    assert first["title"] == "Avoimet ovet" and second["title"] == "Runoilta"  # upcoming, from the earliest
    assert first["organiser"] == str(events["association"].translation_key)
    assert first["organiser_name"] == "Koivulan VPK"
    assert first["online"] is True and first["signup"] is True and first["status"] == "scheduled"
    assert first["uid"] == f"event-{events['open_day'].translation_key}@kumppanuus"
    assert first["ics"] == f"http://testserver/events/{events['open_day'].pk}.ics"
    assert first["url"].startswith("http://") and first["url"].endswith("/avoimet-ovet/")
    assert first["start"].startswith(str(timezone.localtime(events["open_day"].start).date()))
    assert second["organiser"] == "municipality" and second["organiser_name"] is None
    assert second["category"] == "kulttuuri" and second["category_name"] == "Kulttuuri"
    assert "meet.example" not in response.content.decode()  # the link goes only to those signed up


@pytest.mark.parametrize("how", ["parameter", "header"])
def test_in_swedish_by_parameter_or_by_the_request_language(events, how):
    client = Client(HTTP_ACCEPT_LANGUAGE="sv" if how == "header" else "fi")
    response = client.get("/api/events/", {"language": "sv"} if how == "parameter" else {})
    [item] = response.json()["results"]
    assert item["title"] == "Poesikväll" and item["summary"] == "Dikter på svenska."
    assert item["language"] == "sv"
    assert item["category"] == "kulttuuri" and item["category_name"] == "Kultur"
    assert item["uid"] == f"event-{events['poetry'].translation_key}@kumppanuus"  # the same in both languages
    assert item["id"] == events["poetry_sv"].pk
    # Finnish by default, and when asked for whatever the header says.
    assert Client(HTTP_ACCEPT_LANGUAGE="sv").get("/api/events/", {"language": "fi"}).json()["count"] == 2
    assert Client().get("/api/events/").json()["results"][0]["language"] == "fi"


def test_filters(client, events):
    key = str(events["association"].translation_key)
    assert titles(client.get("/api/events/", {"organiser": key})) == ["Avoimet ovet"]
    assert titles(client.get("/api/events/", {"organiser": "municipality"})) == ["Runoilta"]
    assert titles(client.get("/api/events/", {"organiser_name": "vpk"})) == ["Avoimet ovet"]  # the page's filter too
    assert titles(client.get("/api/events/", {"organiser_name": "ei ole"})) == []
    assert titles(client.get("/api/events/", {"category": "kulttuuri"})) == ["Runoilta"]
    assert titles(client.get("/api/events/", {"spoken": "sv"})) == ["Runoilta"]
    assert titles(client.get("/api/events/", {"signup": "1"})) == ["Avoimet ovet"]
    month = timezone.localtime(events["past"].start).strftime("%Y-%m")
    assert "Mennyt" in titles(client.get("/api/events/", {"month": month, "from": "2000-01-01"}))
    today = timezone.localdate()
    assert titles(client.get("/api/events/", {"from": str(today - timedelta(days=30)), "to": str(today + timedelta(days=5))})) == [
        "Mennyt", "Avoimet ovet",
    ]
    assert titles(client.get("/api/events/", {"to": str(today)})) == ["Mennyt"]


def test_pages_of_results(client, index_fi):
    for number in range(5):
        EventPageFactory(parent=index_fi, title=f"Tapahtuma {number}", start=timezone.now() + timedelta(days=number + 1))
    first = client.get("/api/events/", {"page_size": 2}).json()
    assert first["count"] == 5 and [item["title"] for item in first["results"]] == ["Tapahtuma 0", "Tapahtuma 1"]
    assert first["previous"] is None and first["next"] == "http://testserver/api/events/?page=2&page_size=2"
    last = client.get("/api/events/", {"page_size": 2, "page": 3}).json()
    assert [item["title"] for item in last["results"]] == ["Tapahtuma 4"] and last["next"] is None
    assert last["previous"] == "http://testserver/api/events/?page=2&page_size=2"
    assert client.get("/api/events/", {"page": 4, "page_size": 2}).status_code == 400  # no such page


@pytest.mark.parametrize(("query", "status"), [
    ({"page": "abc"}, 400),
    ({"page": "1.5"}, 400),
    ({"page": "9" * 40}, 400),
    ({"page": "-1"}, 400),
    ({"page_size": "abc"}, 200),  # the default size
    ({"page_size": "-5"}, 200),
    ({"page_size": "9" * 40}, 200),  # at most 200
    ({"language": "en"}, 400),
    ({"spoken": "xx"}, 400),
    ({"signup": "yes"}, 400),
    ({"from": "yesterday"}, 400),
    ({"to": "2026-13-01"}, 400),
    ({"from": "0001-01-01"}, 200),
    ({"to": "9999-12-31"}, 200),
    ({"month": "9999-99"}, 200),  # not a month: ignored, as on the page
    ({"month": "0001-01", "from": "0001-01-01"}, 200),
    ({"organiser": "not-a-key"}, 200),
    ({"category": "x" * 5000}, 200),
    ({"category": "<script>alert(1)</script>"}, 200),
])
def test_bad_parameters_are_a_400_or_ignored_never_a_500(events, query, status):
    client = Client(raise_request_exception=False)
    response = client.get("/api/events/", query)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    if status == 400:
        assert set(response.json()) <= set(query)  # says which parameter was wrong


def test_at_most_200_a_page():
    from django.test import RequestFactory
    from rest_framework.request import Request

    from kumppanuus.api import PublicPagination

    pagination = PublicPagination()
    for size, expected in (("5", 5), ("200", 200), ("201", 200), ("100000", 200), ("", 50), ("x", 50)):
        request = Request(RequestFactory().get("/api/events/", {"page_size": size}))
        assert pagination.get_page_size(request) == expected, size


def test_the_event_listing_page_ignores_bad_filter_values(client, events, index_fi):
    """The page reads the same FilterSet: a value that does not parse is as if it were not given."""
    for query in ({"signup": "2"}, {"language": "xx"}, {"month": "2026-99"}, {"category": "x" * 5000}):
        response = client.get(index_fi.url, query)
        assert response.status_code == 200, query
    html = client.get(index_fi.url, {"signup": "2", "language": "xx"}).content.decode()
    assert "Avoimet ovet" in html and "Runoilta" in html
    html = client.get(index_fi.url, {"organiser": "not-a-key"}).content.decode()
    assert "Avoimet ovet" not in html and "Runoilta" not in html  # no such organiser: no events
