"""Staff groups and their permissions, for data migrations of every app.

Each module's migration calls `ensure_group(apps, name, permissions=[...])` with historical models, so
the groups exist on every installation without manual setup. Permissions are given as
"app_label.codename"; their rows are created first, since a fresh database has none during migrate.
"""

from django.apps import apps as current_apps
from django.contrib.auth.management import create_permissions


def _ensure_permissions(apps, app_labels):
    for label in app_labels:
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            continue
        # Historical app configs have no models module; create_permissions skips such apps.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def ensure_group(apps, name, permissions=(), page_permissions=(), collection_permissions=()):
    """Create or update a group.

    - permissions: model permissions, "app_label.codename".
    - page_permissions: codenames of wagtailcore page permissions (add_page, change_page, publish_page…)
      granted on the root of the page tree.
    - collection_permissions: "app_label.codename" for images/documents, on the root collection.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=name)
    labels = {item.split(".")[0] for item in [*permissions, *collection_permissions]} | {"wagtailcore"}
    _ensure_permissions(apps, labels)

    def lookup(dotted):
        app_label, codename = dotted.split(".")
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    group.permissions.add(*[lookup(item) for item in permissions])

    if page_permissions:
        Page = apps.get_model("wagtailcore", "Page")
        GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
        root = Page.objects.filter(depth=1).first()
        for codename in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=lookup(f"wagtailcore.{codename}")
            )
    if collection_permissions:
        Collection = apps.get_model("wagtailcore", "Collection")
        GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
        root_collection = Collection.objects.filter(depth=1).first()
        for dotted in collection_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=lookup(dotted)
            )
    return group


def snippet_permissions(app_label, *model_names):
    """add/change/delete permissions of snippet models."""
    return [f"{app_label}.{action}_{model}" for model in model_names for action in ("add", "change", "delete")]


COMMUNICATIONS_STAFF = "Communications staff"
MODERATORS = "Moderators"
EVENT_ORGANISERS = "Event organisers"

# The sections (page types, both languages) a group works in, and what it may do there. Wagtail's page
# permissions cover a page and everything below it; these groups get none on the root or the home pages.
SECTION_PAGE_PERMISSIONS = {
    "events.eventindexpage": {
        EVENT_ORGANISERS: ["add_page", "change_page", "publish_page"],
        MODERATORS: ["add_page", "change_page", "publish_page"],
    },
    "home.associationindexpage": {
        MODERATORS: ["add_page", "change_page", "publish_page"],
    },
}


def grant_section_permissions(apps, page):
    """Give each group its permissions on `page` if it is a section page (a data migration or a new page)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Permission = apps.get_model("auth", "Permission")
    content_type = ContentType.objects.get(pk=page.content_type_id)
    grants = SECTION_PAGE_PERMISSIONS.get(f"{content_type.app_label}.{content_type.model}", {})
    for group_name, codenames in grants.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page_id=page.pk, permission=permission)


def section_pages(apps):
    """Every page of the section types, in every language."""
    Page = apps.get_model("wagtailcore", "Page")
    query = None
    for dotted in SECTION_PAGE_PERMISSIONS:
        app_label, model = dotted.split(".")
        condition = Page.objects.filter(content_type__app_label=app_label, content_type__model=model)
        query = condition if query is None else query | condition
    return query


def on_section_page_created(sender, instance, created, raw=False, **kwargs):
    """post_save of the section page types: the groups can work in a new section at once (also its translation)."""
    if created and not raw:
        grant_section_permissions(current_apps, instance)
