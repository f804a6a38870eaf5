"""PostgreSQL only: trigram indexes for the privacy tools' search of an address in the email outbox.

The tools look for an address in any recipient, reply-to, subject or text of every email
(`to__icontains=…` or …, engagement/privacy/core.py EmailKind), which Django writes as
`UPPER(col::text) LIKE UPPER('%address%')`. A B-tree cannot serve a LIKE with a leading %; a GIN index of
the trigrams of the same expression can, so a search of a city's 300,000 emails reads a few index pages
instead of every body. New rows wait in an index's pending list until (auto)vacuum merges them, and
every search reads that list through: its limit is 512 kB (not the default 4 MB), so a search after a
busy day or a bulk load stays fast. The indexes are built CONCURRENTLY (the outbox keeps taking emails
meanwhile), hence a non-atomic migration. On other databases (SQLite in development and tests) nothing
is done. pg_trgm is a trusted extension (PostgreSQL 13+): the owner of the database may create it.
"""

from django.db import migrations

TABLE = "engagement_outgoingemail"
INDEXES = {
    "outbox_to_trgm": 'UPPER(("to")::text)',
    "outbox_reply_to_trgm": "UPPER((reply_to)::text)",
    "outbox_subject_trgm": "UPPER((subject)::text)",
    "outbox_body_text_trgm": "UPPER(body_text)",
    "outbox_body_html_trgm": "UPPER(body_html)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {TABLE} USING gin ({expression} gin_trgm_ops) WITH (gin_pending_list_limit = 512)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("engagement", "0008_privacy_and_retention_scale_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
