"""The "Feedback handlers" group; topics are content, so Communications staff edit them too."""

from django.db import migrations

from home.groups import COMMUNICATIONS_STAFF, ensure_group, snippet_permissions


def create_group(apps, schema_editor):
    ensure_group(
        apps,
        "Feedback handlers",
        permissions=[
            "wagtailadmin.access_admin",
            "feedback.view_feedback",
            "feedback.add_feedback",
            "feedback.change_feedback",
            "feedback.view_personal_data",
            "feedback.view_feedbacktopic",
        ],
    )
    ensure_group(apps, COMMUNICATIONS_STAFF, permissions=snippet_permissions("feedback", "feedbacktopic"))


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("home", "0003_communications_staff_group"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
