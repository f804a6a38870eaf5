"""PostgreSQL only: the trigram index of the outbox's HTML bodies goes (issue 15).

Every email has its plain-text part, rendered from the same data as the HTML, so the privacy tools look
for an address in the plain text, the subject and the recipients (engagement/privacy/core.py EmailKind)
and read the HTML only of the emails found. The HTML body is the longest text of an email: its trigrams
were about 70 % of the cost of storing an email (1.2-1.8 ms -> ~0.45 ms per email at city scale), which
every public form POST pays once or twice.
"""

from django.db import migrations

INDEX = "outbox_body_html_trgm"


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON engagement_outgoingemail "
            "USING gin (UPPER(body_html) gin_trgm_ops) WITH (gin_pending_list_limit = 512)"
        )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("engagement", "0010_page_submission_parent")]

    operations = [migrations.RunPython(drop, create, elidable=False)]
