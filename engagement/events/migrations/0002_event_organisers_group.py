"""The "Event organisers" group: see and manage sign-ups and attendees; categories for communications staff."""

from django.db import migrations

from home.groups import COMMUNICATIONS_STAFF, ensure_group, snippet_permissions

EVENT_ORGANISERS = "Event organisers"


def create_groups(apps, schema_editor):
    ensure_group(
        apps,
        EVENT_ORGANISERS,
        permissions=[
            "wagtailadmin.access_admin",
            "events.view_signup",
            "events.change_signup",
            "events.export_signup",
        ],
    )
    ensure_group(apps, COMMUNICATIONS_STAFF, permissions=snippet_permissions("events", "eventcategory"))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("home", "0003_communications_staff_group"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
