"""The privacy tools at a city's scale: every search by address in the big tables can be answered from an
index, never by reading a whole table (feedback, sign-ups, supports, the outbox's bodies…), and the pages
of a person with thousands of items list a few of each kind, while the export and the erasure cover all.

On PostgreSQL (the supported database, and CI's) each query `find()` makes on those tables is explained
with sequential scans priced out: a query no index can serve still shows a Seq Scan. On SQLite, where
`iexact` is a LIKE that no index serves, the test checks that the indexes exist in the schema.
"""

import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.feedback.models import Feedback
from engagement.privacy import data
from engagement.privacy.views import ITEMS_SHOWN
from tests.factories.feedback import FeedbackFactory

from .conftest import PERSON

ON_POSTGRESQL = connection.vendor == "postgresql"

# The tables a city fills by the hundred thousand, and the index that finds an address in each.
BIG_TABLES = {
    "feedback_feedback": "feedback_email_upper",
    "feedback_feedbackevent": "feedbackevent_note_text_trgm",
    "events_signup": "signup_email_upper",
    "proposals_support": "support_email_upper",
    "proposals_follower": "follower_email_upper",
    "proposals_proposal": "proposal_email_upper",
    "consultations_comment": "comment_email_upper",
    "engagement_pagesubmission": "pagesubmission_email_upper",
    "engagement_outgoingemail": "outbox_body_text_trgm",
}
POSTGRESQL_ONLY = {"feedbackevent_note_text_trgm", "outbox_body_text_trgm"}


def searched_table(sql):
    """The big table a SELECT reads from, if any."""
    head = sql.split(" WHERE ")[0]
    return next((table for table in BIG_TABLES if f'FROM "{table}"' in head), None)


def test_every_search_by_address_in_a_big_table_is_served_by_an_index(world):
    with CaptureQueriesContext(connection) as queries:
        found = data.find(PERSON)
    assert found["feedback"] and found["signups"] and found["emails"]  # the searches did find the person
    searched = [(searched_table(query["sql"]), query["sql"]) for query in queries.captured_queries]
    searched = [(table, sql) for table, sql in searched if table]
    assert {table for table, _sql in searched} == set(BIG_TABLES)
    if ON_POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            for table, sql in searched:
                cursor.execute("EXPLAIN " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert f"Seq Scan on {table}" not in plan, f"{table} is read whole:\n{plan}"
    else:
        for table, index in BIG_TABLES.items():
            if index not in POSTGRESQL_ONLY:
                with connection.cursor() as cursor:
                    assert index in connection.introspection.get_constraints(cursor, table), f"{table}: no {index}"


def test_a_busy_person_s_pages_list_some_items_of_each_kind_the_export_and_erasure_all(client, officer, world):
    topic = world["feedback_fi"].topic
    FeedbackFactory.create_batch(ITEMS_SHOWN + 3, topic=topic, email=PERSON, name="Aino Virtanen")
    total = Feedback.objects.filter(email__iexact=PERSON).count()
    assert total == ITEMS_SHOWN + 5  # with the two of the world
    client.force_login(officer)

    def feedback_section(html):
        return re.search(r'<section class="privacy-kind" aria-labelledby="kind-feedback">(.*?)</section>', html, re.S)[1]

    html = client.post("/admin/privacy/", {"email": PERSON}).content.decode()
    section = feedback_section(html)
    assert f"({total})" in section
    assert section.count("<tr>") == ITEMS_SHOWN + 1  # the heading row and the items shown
    assert "5 muuta ei näy tässä" in section  # the officer's admin is in Finnish
    exported = json.loads(client.post("/admin/privacy/export/", {"email": PERSON}).content)
    assert len(exported["feedback"]) == total and exported["counts"]["feedback"] == total

    confirm = client.post("/admin/privacy/erase/", {"email": PERSON})
    assert "5 muuta ei näy tässä" in feedback_section(confirm.content.decode())
    erased = client.post("/admin/privacy/erase/", {
        "email": PERSON, "confirm": "yes", "fingerprint": confirm.context["fingerprint"],
    })
    assert erased.status_code == 302
    assert not Feedback.objects.filter(email__iexact=PERSON).exists()
    assert Feedback.objects.filter(pk__in=[world["feedback_fi"].pk], name="").exists()
