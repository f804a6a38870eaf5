"""The default moderation workflow and its task get a name in Finnish and Swedish: Wagtail shows it as it
is ("Moderators approval" read as English in both admins)."""

from django.db import migrations

OLD = "Moderators approval"
NEW = "Moderaattorien hyväksyntä / Moderatorernas godkännande"


def rename(apps, schema_editor, old=OLD, new=NEW):
    for model in (apps.get_model("wagtailcore", "Workflow"), apps.get_model("wagtailcore", "Task")):
        model.objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0004_page_submission_content_and_changes_requested"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
