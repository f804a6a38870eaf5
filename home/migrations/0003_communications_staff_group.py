"""The "Communications staff" group: edit, translate and publish pages and snippets, nothing else."""

from django.db import migrations

from home.groups import COMMUNICATIONS_STAFF, ensure_group, snippet_permissions


def create_group(apps, schema_editor):
    ensure_group(
        apps,
        COMMUNICATIONS_STAFF,
        permissions=[
            "wagtailadmin.access_admin",
            "wagtail_localize.submit_translation",
            "home.change_sitesettings",
            *snippet_permissions("home", "footer"),
        ],
        page_permissions=["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        collection_permissions=[
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.choose_document",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_locales_and_home_pages"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
