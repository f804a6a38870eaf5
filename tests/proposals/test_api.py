"""/api/proposals/: published initiatives in the API's one page shape, names in the request's language,
the initiatives page's filters and sort orders, and bad parameters (400 or ignored, never 500)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from engagement.proposals.models import ProposalState
from tests.factories.proposals import ProposalFactory, ProposalThemeFactory, SupportFactory

pytestmark = pytest.mark.django_db

FIELDS = {"id", "title", "summary", "language", "state", "state_name", "theme", "theme_name", "supports",
          "published_at", "answered_at", "url"}


@pytest.fixture
def proposals(index_fi, index_sv, locale_sv):
    traffic = ProposalThemeFactory(name="Liikenne", slug="liikenne")
    traffic_sv = traffic.copy_for_translation(locale_sv)
    traffic_sv.name = "Trafik"
    traffic_sv.save()
    now = timezone.now()
    crossing = ProposalFactory(title="Suojatie koululle", theme=traffic, published_at=now - timedelta(days=3))
    benches = ProposalFactory(title="Penkkejä torille", published_at=now - timedelta(days=2))
    swedish = ProposalFactory(title="Bänkar vid stranden", language="sv", published_at=now - timedelta(days=1))
    SupportFactory.create_batch(2, proposal=crossing)
    SupportFactory(proposal=benches)
    ProposalFactory(pending=True, title="Odottaa")
    return {"crossing": crossing, "benches": benches, "swedish": swedish}


def titles(response):
    assert response.status_code == 200, response.content[:300]
    return [item["title"] for item in response.json()["results"]]


def test_the_shape_of_a_listing(client, proposals):
    response = client.get("/api/proposals/")
    data = response.json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 3 and data["next"] is None
    assert [item["title"] for item in data["results"]] == ["Bänkar vid stranden", "Penkkejä torille", "Suojatie koululle"]
    swedish, benches, crossing = data["results"]
    assert set(crossing) == FIELDS
    assert crossing["id"] == proposals["crossing"].pk and crossing["supports"] == 2 and crossing["language"] == "fi"
    assert crossing["state"] == "published" and crossing["state_name"] == ProposalState.get("published").name_fi
    assert crossing["theme"] == "liikenne" and crossing["theme_name"] == "Liikenne"
    assert benches["theme"] is None and benches["theme_name"] is None and benches["answered_at"] is None
    assert crossing["url"] == f"http://testserver/fi/aloitteet/{proposals['crossing'].pk}/"
    assert swedish["url"] == f"http://testserver/sv/initiativ/{proposals['swedish'].pk}/"  # under its language's page


def test_names_in_the_request_language(proposals):
    data = Client(HTTP_ACCEPT_LANGUAGE="sv").get("/api/proposals/").json()
    crossing = data["results"][-1]
    assert crossing["title"] == "Suojatie koululle"  # as written
    assert crossing["state_name"] == ProposalState.get("published").name_sv
    assert crossing["theme_name"] == "Trafik"


def test_filters_and_sort_orders(client, proposals):
    assert titles(client.get("/api/proposals/", {"theme": "liikenne"})) == ["Suojatie koululle"]
    assert titles(client.get("/api/proposals/", {"language": "sv"})) == ["Bänkar vid stranden"]
    assert titles(client.get("/api/proposals/", {"state": "published", "language": "fi"})) == [
        "Penkkejä torille", "Suojatie koululle",
    ]
    assert titles(client.get("/api/proposals/", {"state": "received"})) == []  # pending ones are never listed
    assert titles(client.get("/api/proposals/", {"sort": "supported"})) == [
        "Suojatie koululle", "Penkkejä torille", "Bänkar vid stranden",
    ]


def test_pages_of_results(client, proposals):
    first = client.get("/api/proposals/", {"page_size": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2
    assert first["next"] == "http://testserver/api/proposals/?page=2&page_size=2"
    second = client.get(first["next"]).json()
    assert [item["title"] for item in second["results"]] == ["Suojatie koululle"] and second["next"] is None


@pytest.mark.parametrize(("query", "status"), [
    ({"sort": "oldest"}, 400),
    ({"language": "en"}, 400),
    ({"page": "x"}, 400),
    ({"page": "99"}, 400),
    ({"page_size": "0"}, 200),
    ({"theme": "x" * 5000}, 200),
    ({"state": "<script>alert(1)</script>"}, 200),
])
def test_bad_parameters_are_a_400_or_ignored_never_a_500(proposals, query, status):
    response = Client(raise_request_exception=False).get("/api/proposals/", query)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"


def test_the_initiatives_page_ignores_bad_filter_values(client, index_fi, proposals):
    for query in ({"sort": "oldest"}, {"language": "en"}, {"theme": "x" * 5000}, {"state": "%"}):
        assert client.get(index_fi.url, query).status_code == 200, query
    html = client.get(index_fi.url, {"sort": "oldest", "language": "en"}).content.decode()
    assert "Penkkejä torille" in html and "Bänkar vid stranden" in html
