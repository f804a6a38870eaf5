"""Moderators work the queue of comments (view, approve, reject, reply), download a consultation's
comments, and write and publish the summaries; Communications staff keep the themes and may write
summaries too. The commenters' email addresses are behind a permission of their own
(consultations.view_comment_email), which no group has by default: a moderator never needs them."""

from django.db import migrations

from home.groups import COMMUNICATIONS_STAFF, MODERATORS, ensure_group, snippet_permissions

EMAIL_PERMISSION = ("view_comment_email", "Can see the email addresses of commenters")


def grant(apps, schema_editor):
    ensure_group(
        apps,
        MODERATORS,
        permissions=[
            "wagtailadmin.access_admin",
            "consultations.view_comment",
            "consultations.change_comment",
            "consultations.export_comment",
            "consultations.view_sectionsummary",
            *snippet_permissions("consultations", "sectionsummary"),
        ],
    )
    ensure_group(
        apps,
        COMMUNICATIONS_STAFF,
        permissions=[
            "consultations.view_sectionsummary",
            *snippet_permissions("consultations", "consultationtheme", "sectionsummary"),
        ],
    )
    # The email permission, for the groups' admin to give (the content type exists after ensure_group).
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type = ContentType.objects.get(app_label="consultations", model="comment")
    Permission.objects.get_or_create(
        content_type=content_type, codename=EMAIL_PERMISSION[0], defaults={"name": EMAIL_PERMISSION[1]}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("home", "0003_communications_staff_group"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
