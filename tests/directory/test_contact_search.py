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


def test_a_word_of_the_department_and_one_of_the_person_find_them_together(client, demo_directory):
    from home.models import Department

    page = demo_directory["contacts_fi"]
    department = Department.objects.create(locale=page.locale, name="Ympäristötoimiala")
    ContactPerson.objects.create(locale=page.locale, name="Outi Oja", role="Luontokartoittaja", department=department)
    assert found(client, page, "ympäristötoimiala luontokartoittaja") == {"Outi Oja"}
    assert found(client, page, "ympäristötoimiala") == {"Outi Oja"}
    assert found(client, page, "ympäristötoimiala nuoriso") == set()


def test_the_search_reads_the_people_from_an_index_on_postgresql(demo_directory):
    """On PostgreSQL a GIN index on the people's search vector (home migration 0010) answers each word:
    the people are not read one by one to compute the vectors of their texts."""
    matching = ContactPerson.objects.matching("tiet auraus", "fi")
    if ON_POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test's few people would be read whole anyway
            sql, params = matching.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "home_contact_search_finnish" in plan and "SubPlan" not in plan, plan
    else:
        assert matching is None
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'home_contact_search_%'")
            assert cursor.fetchall() == []
