"""The tree's root page titled in both admin languages.

Wagtail creates the root page titled "Root", and its admin shows that title at the start of the
explorer's breadcrumbs ("Root › Koivula › Tapahtumat") to Finnish and Swedish staff alike. A page's
title is one text for everyone, so the root gets both: "Sivut / Sidor", the admin menu's name for the
pages in each language. A root already renamed by someone is left as it is.
"""

from django.db import migrations

WAGTAIL_TITLE = "Root"
TITLE = "Sivut / Sidor"


def rename(old, new):
    def run(apps, schema_editor):
        Page = apps.get_model("wagtailcore", "Page")
        Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0011_page_latest_revision_index"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(rename(WAGTAIL_TITLE, TITLE), rename(TITLE, WAGTAIL_TITLE))]
