"""Event organisers create, edit and publish events in the events section (both languages), translate
them and add their images; Moderators publish only in the sections they moderate (events, association
directory), no longer anywhere from the root page (Wagtail's default), such as the home page. New section
pages get the same permissions when they are created (home.groups.on_section_page_created)."""

from django.db import migrations

from home.groups import EVENT_ORGANISERS, MODERATORS, ensure_group, grant_section_permissions, section_pages


def grant(apps, schema_editor):
    ensure_group(
        apps,
        EVENT_ORGANISERS,
        permissions=["wagtail_localize.submit_translation"],
        collection_permissions=["wagtailimages.add_image", "wagtailimages.choose_image"],  # an event's image
    )
    ensure_group(apps, MODERATORS)
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name=MODERATORS, page__in=Page.objects.filter(depth__lte=2)
    ).delete()
    for page in section_pages(apps):
        grant_section_permissions(apps, page)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_event_organisers_group"),
        ("engagement", "0003_default_moderation_workflow"),
        ("home", "0007_directory_permissions"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
