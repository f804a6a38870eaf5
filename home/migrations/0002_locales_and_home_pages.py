"""Create the Finnish and Swedish locales and a home page in each, and point the default site at the
Finnish one (replacing Wagtail's placeholder welcome page)."""

import uuid

from django.db import migrations

PAGE_DEFAULTS = {"live": True, "has_unpublished_changes": False, "show_in_menus": False}


def create_home_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("home", "HomePage")

    fi, _ = Locale.objects.get_or_create(language_code="fi")
    sv, _ = Locale.objects.get_or_create(language_code="sv")
    if HomePage.objects.exists():
        return

    # Wagtail's own migration leaves a placeholder "Welcome to your new Wagtail site!" page.
    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
    root = Page.objects.get(depth=1)
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    key = uuid.uuid4()
    taken = set(Page.objects.filter(depth=2).values_list("path", flat=True))
    paths = (f"{root.path}{n:04d}" for n in range(1, 10000))
    homes = []
    for locale, title, slug in ((fi, "Koivula", "koivula"), (sv, "Björkby", "bjorkby")):
        path = next(p for p in paths if p not in taken)
        homes.append(
            HomePage.objects.create(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=home_type,
                path=path,
                depth=2,
                numchild=0,
                url_path=f"/{slug}/",
                locale=locale,
                translation_key=key,
                **PAGE_DEFAULTS,
            )
        )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page_id=homes[0].pk, is_default_site=True)
    else:
        site.root_page_id = homes[0].pk
        site.site_name = "Koivula – Björkby"
        site.save()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_home_pages, migrations.RunPython.noop)]
