"""PostgreSQL only: a trigram index for the privacy tools' search of an address in internal notes.

The tools look for notes that give the person's address (`text__icontains=…` on notes,
engagement/feedback/privacy.py FeedbackNoteKind), which Django writes as `UPPER(text) LIKE
UPPER('%address%')`; a GIN index of the trigrams of the notes' text serves it without reading the whole
history of every feedback. Its pending list (new rows not yet merged by (auto)vacuum, read through by
every search) is limited to 512 kB, as for the outbox's (engagement 0009). Built CONCURRENTLY, hence
non-atomic; nothing is done on other databases. pg_trgm is a trusted extension (PostgreSQL 13+).
"""

from django.db import migrations

NAME = "feedbackevent_note_text_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NAME} ON feedback_feedbackevent "
        "USING gin (UPPER(text) gin_trgm_ops) WITH (gin_pending_list_limit = 512) WHERE kind = 'note'"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("feedback", "0005_privacy_and_retention_scale_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
