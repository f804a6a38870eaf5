"""The "Privacy officers" group (tietosuojavastaavat / dataskyddsansvariga): the privacy tools, and
read access to what the tools link to, so an officer can look at what they export or erase."""

from django.db import migrations

from home.groups import ensure_group

PRIVACY_OFFICERS = "Privacy officers"


def create_group(apps, schema_editor):
    ensure_group(
        apps,
        PRIVACY_OFFICERS,
        permissions=[
            "wagtailadmin.access_admin",
            "privacy.use_privacy_tools",
            "feedback.view_feedback",
            "feedback.view_personal_data",
            "proposals.view_proposal",
            "events.view_signup",
            "engagement.view_pagesubmission",
            "engagement.view_outgoingemail",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("engagement", "0002_page_submission"),
        ("feedback", "0002_feedback_handlers_group"),
        ("proposals", "0002_default_states_and_moderators"),
        ("events", "0002_event_organisers_group"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
