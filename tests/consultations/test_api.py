"""/api/consultations/ and /api/consultations/comments/: the one page shape of the public API, the
texts in the request's language, only published comments, and a malformed parameter is a 400, never
a 500."""

import pytest
from django.utils import timezone

from engagement.consultations.models import Comment, ConsultationTheme, SectionSummary
from tests.factories.consultations import make_comment, make_consultation

pytestmark = pytest.mark.django_db

CONSULTATIONS = "/api/consultations/"
COMMENTS = "/api/consultations/comments/"


@pytest.fixture
def world(consultation, index):
    page_fi, page_sv = consultation
    closed_fi, _ = make_consultation(index[0], slug="uimaranta", title="Uimarannan kunnostus", opens=-30, closes=-2,
                                     translate=False)
    fi, sv = list(page_fi.sections.all()), list(page_sv.sections.all())
    comments = {
        "published": make_comment(page_fi, fi[1], text="Väylä on tarpeen.", nickname="Kyläläinen",
                                  email="asukas@example.com", reply="Kiitos, väylä suunnitellaan."),
        "swedish": make_comment(page_sv, sv[1], text="Leden behövs."),
        "draft": make_comment(page_fi, None, text="Koko luonnos on hyvä."),
        "pending": make_comment(page_fi, fi[0], status=Comment.Status.PENDING, text="Odottaa moderointia."),
        "hidden": make_comment(page_fi, fi[0], status=Comment.Status.HIDDEN, text="Piilotettu."),
        "rejected": make_comment(page_sv, sv[0], status=Comment.Status.REJECTED, text="Avvisad."),
    }
    summary = SectionSummary.objects.create(consultation=closed_fi, themes="Laituria toivottiin.",
                                            published_at=timezone.now())
    cited = make_comment(closed_fi, None, text="Laituri olisi hyvä.")
    summary.cited_comments.add(cited)
    comments["cited"] = cited
    return page_fi, page_sv, closed_fi, comments


def test_consultations_in_finnish_have_the_shape_of_the_other_listings(client, world):
    page_fi, page_sv, closed_fi, _comments = world
    response = client.get(CONSULTATIONS, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = response.json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 2 and data["next"] is None and data["previous"] is None
    first, second = data["results"]
    assert (first["title"], first["status"], first["stage"], first["language"]) == (
        "Kylän yleiskaava", "open", "open", "fi")  # open ones first
    assert (second["title"], second["status"], second["stage"]) == ("Uimarannan kunnostus", "closed", "summary")
    assert second["summary_published_at"] is not None and first["summary_published_at"] is None
    assert first["key"] == str(page_fi.translation_key) and first["id"] == page_fi.pk
    assert first["comments"] == 3  # published, in both languages
    assert [section["heading"] for section in first["sections"]] == ["Asuminen", "Liikenne", "Virkistys"]
    traffic = first["sections"][1]
    assert traffic["question_kind"] == "single"
    assert traffic["options"] == [{"value": 1, "label": "Kyllä"}, {"value": 2, "label": "Ei"}, {"value": 3, "label": "En osaa sanoa"}]
    assert first["url"].endswith(page_fi.url) and first["comments_url"].endswith(f"?consultation={page_fi.translation_key}")


def test_consultations_in_swedish_by_the_request_or_the_parameter(client, world):
    page_fi, page_sv, _closed, _comments = world
    for response in (client.get(CONSULTATIONS, HTTP_ACCEPT_LANGUAGE="sv"), client.get(CONSULTATIONS, {"language": "sv"})):
        data = response.json()
        assert data["count"] == 1  # the closed one has no Swedish page
        item = data["results"][0]
        assert (item["title"], item["language"], item["id"]) == ("Byns generalplan", "sv", page_sv.pk)
        assert item["key"] == str(page_fi.translation_key)
        assert item["sections"][1]["options"][0] == {"value": 1, "label": "Ja"}


def test_consultations_filter_by_status_and_theme(client, world):
    page_fi, _page_sv, _closed, _comments = world
    theme = ConsultationTheme.objects.create(name="Maankäyttö", slug="maankaytto", locale=page_fi.locale)
    type(page_fi).objects.filter(pk=page_fi.pk).update(theme=theme)
    assert [item["title"] for item in client.get(CONSULTATIONS, {"status": "closed", "language": "fi"}).json()["results"]] == [
        "Uimarannan kunnostus"]
    data = client.get(CONSULTATIONS, {"theme": "maankaytto", "language": "fi"}).json()
    assert [(item["title"], item["theme"], item["theme_name"]) for item in data["results"]] == [
        ("Kylän yleiskaava", "maankaytto", "Maankäyttö")]


def test_only_published_comments_are_listed(client, world):
    page_fi, _page_sv, _closed, comments = world
    data = client.get(COMMENTS).json()
    assert set(data) == {"count", "next", "previous", "results"}
    texts = [item["text"] for item in data["results"]]
    assert sorted(texts) == sorted(["Väylä on tarpeen.", "Leden behövs.", "Koko luonnos on hyvä.", "Laituri olisi hyvä."])
    body = client.get(COMMENTS).content.decode()
    assert "asukas@example.com" not in body and "Odottaa" not in body and "Piilotettu" not in body and "Avvisad" not in body
    item = next(item for item in data["results"] if item["id"] == comments["published"].pk)
    assert item["author"] == "Kyläläinen" and item["language"] == "fi" and item["reply"] == "Kiitos, väylä suunnitellaan."
    assert item["section"] == str(page_fi.sections.all()[1].translation_key)
    assert item["consultation"] == str(page_fi.translation_key)
    assert item["url"].endswith(f"{page_fi.url}#comment-{comments['published'].pk}")
    cited = next(item for item in data["results"] if item["id"] == comments["cited"].pk)
    assert cited["considered_in_summary"] is True and item["considered_in_summary"] is False
    assert next(item for item in data["results"] if item["id"] == comments["draft"].pk)["section"] is None


def test_comments_filter_by_consultation_section_language_and_draft(client, world):
    page_fi, _page_sv, _closed, _comments = world
    key = str(page_fi.translation_key)
    texts = lambda **query: sorted(item["text"] for item in client.get(COMMENTS, query).json()["results"])  # noqa: E731
    assert texts(consultation=key) == ["Koko luonnos on hyvä.", "Leden behövs.", "Väylä on tarpeen."]
    assert texts(section=str(page_fi.sections.all()[1].translation_key)) == ["Leden behövs.", "Väylä on tarpeen."]
    assert texts(consultation=key, language="sv") == ["Leden behövs."]
    assert texts(consultation=key, draft="1") == ["Koko luonnos on hyvä."]


def test_a_comment_of_a_page_that_is_not_live_is_not_listed(client, world):
    page_fi, _page_sv, _closed, _comments = world
    page_fi.unpublish()
    texts = [item["text"] for item in client.get(COMMENTS).json()["results"]]
    assert "Väylä on tarpeen." not in texts and "Leden behövs." in texts


@pytest.mark.parametrize("url, query", [
    (CONSULTATIONS, {"status": "nonsense"}),
    (CONSULTATIONS, {"theme": "x" * 500}),
    (CONSULTATIONS, {"language": "en"}),
    (CONSULTATIONS, {"page": "x"}),
    (CONSULTATIONS, {"page": "99"}),
    (COMMENTS, {"consultation": "not-a-uuid"}),
    (COMMENTS, {"section": "'; drop table"}),
    (COMMENTS, {"language": "de"}),
    (COMMENTS, {"draft": "yes"}),
    (COMMENTS, {"page": "-1"}),
])
def test_malformed_parameters_are_a_400_never_a_500(client, world, url, query):
    response = client.get(url, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_page_size_pages_and_is_capped(client, world):
    data = client.get(COMMENTS, {"page_size": "2"}).json()
    assert data["count"] == 4 and len(data["results"]) == 2 and "page=2" in data["next"]
    assert len(client.get(COMMENTS, {"page_size": "5000"}).json()["results"]) == 4
    assert client.get(COMMENTS, {"page_size": "abc"}).status_code == 200


def test_the_listings_keep_a_small_query_budget(client, world, django_assert_max_num_queries):
    page_fi, page_sv, _closed, _comments = world
    section = page_fi.sections.all()[1]
    for number in range(60):
        make_comment(page_fi if number % 2 else page_sv, section if number % 3 else None, text=f"Kommentti {number}")
    with django_assert_max_num_queries(8):
        assert len(client.get(COMMENTS, {"page_size": "200"}).json()["results"]) == 64
    with django_assert_max_num_queries(10):
        assert client.get(CONSULTATIONS).json()["count"] == 2
