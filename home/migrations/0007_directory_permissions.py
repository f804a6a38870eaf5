"""Communications staff edit contact people, departments and association categories; moderators see
the submissions that come from the public forms."""

from django.db import migrations

from home.groups import COMMUNICATIONS_STAFF, ensure_group, snippet_permissions


def grant(apps, schema_editor):
    ensure_group(
        apps,
        COMMUNICATIONS_STAFF,
        permissions=snippet_permissions("home", "contactperson", "department", "associationcategory"),
    )
    ensure_group(
        apps,
        "Moderators",
        permissions=["wagtailadmin.access_admin", "engagement.view_pagesubmission", "engagement.change_pagesubmission"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_directory_channels_contacts"),
        ("engagement", "0003_default_moderation_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
