"""Trigram indexes for the inbox search (PostgreSQL only).

Wagtail's listing search over a model that is not in the search index is `UPPER(field) LIKE UPPER('%word%')`
on each search field, ORed: a scan of every feedback (a city has 200,000) to count the matches. A GIN
trigram index on UPPER(field) answers such a LIKE, and PostgreSQL ORs the indexes of the fields. The
fields: the inbox's search fields and, for staff who may see personal data, name, email and phone.

Only on PostgreSQL, and only where pg_trgm can be had (it needs the right to create the extension):
elsewhere the search works as before, by scanning.
"""

from django.db import migrations, transaction

FIELDS = ["message", "place", "public_answer", "name", "email", "phone"]


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - no right to create it: the search scans, as before
        return
    for field in FIELDS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "feedback_{field}_trgm" ON "feedback_feedback" '
            f'USING gin (UPPER("{field}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "feedback_{field}_trgm"')


class Migration(migrations.Migration):
    dependencies = [("feedback", "0007_feedback_inbox_and_open311_indexes")]

    operations = [migrations.RunPython(create, drop)]
