"""The privacy tools at a city's scale: every search by address in the big tables can be answered from an
index, never by reading a whole table (feedback, sign-ups, supports, the outbox's bodies…).

On PostgreSQL (the supported database, and CI's) each query `find()` makes on those tables is explained
with sequential scans priced out: a query no index can serve still shows a Seq Scan. On SQLite, where
`iexact` is a LIKE that no index serves, the test checks that the indexes exist in the schema.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.privacy import data

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
