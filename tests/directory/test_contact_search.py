"""Who to contact: the search finds people by the word forms residents type, in Finnish and Swedish.

On PostgreSQL (the supported database, and CI's) the search uses the `finnish` and `swedish` text
search configurations; on SQLite, the development database, a word matches as part of the text.
"""

import re

import pytest
from django.db import connection

from home.models import ContactPerson

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"


def found(client, page, query):
    html = client.get(page.url, {"q": query}).content.decode()
    return set(re.findall(r'<h[234] class="contact-card__name">([^<]+)</h[234]>', html))


@pytest.mark.parametrize(
    ("language", "query", "person"),
    [
        ("fi", "katu", "Sari Nieminen"),
        ("fi", "nuoriso", "Jonas Holmström"),
        ("fi", "tiet", "Sari Nieminen"),
        ("fi", "auraus", "Sari Nieminen"),
        ("fi", "nuorisopalvelut", "Jonas Holmström"),
        ("sv", "vägar", "Sari Nieminen"),
        ("sv", "ungdomstjänster", "Jonas Holmström"),
        ("sv", "ungdom", "Jonas Holmström"),
    ],
)
def test_word_forms_find_the_right_person(client, demo_directory, language, query, person):
    if not ON_POSTGRESQL and query in ("nuorisopalvelut", "vägar", "ungdomstjänster"):
        # SQLite has no stemming: the text says "nuorisopalveluista", "vägunderhållet", "ungdomstjänst".
        query = {"nuorisopalvelut": "nuorisopalvelu", "vägar": "väg", "ungdomstjänster": "ungdomstjänst"}[query]
    people = found(client, demo_directory[f"contacts_{language}"], query)
    assert person in people, f"{query!r} did not find {person}: {people}"
    assert len(people) < ContactPerson.objects.filter(locale__language_code=language).count()


def test_every_word_must_match(client, demo_directory):
    page = demo_directory["contacts_fi"]
    assert found(client, page, "tiet auraus") == {"Sari Nieminen"}
    assert found(client, page, "tiet nuoriso") == set()


def test_full_text_search_per_language_on_postgresql():
    """On PostgreSQL the queryset answers with the language's stemmer; elsewhere it declines (None)."""
    matching = ContactPerson.objects.matching("nuorisopalvelut", "fi")
    if ON_POSTGRESQL:
        assert "finnish" in str(matching.query)
        assert "swedish" in str(ContactPerson.objects.matching("vägar", "sv").query)
        assert not ContactPerson.objects.matching("?!", "fi").exists()
    else:
        assert matching is None
