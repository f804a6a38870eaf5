"""Cache namespaces of the content side (see kumppanuus.caching):

- `directory`: associations, channels and contact people listings; any change bumps it.
- `layout`: what every page's frame shows (menu, footer, site settings, language links); any page
  publish, unpublish, move or delete, and any footer or settings change bumps it.
"""

from kumppanuus.caching import CacheNamespace

directory = CacheNamespace("directory", timeout=600)
layout = CacheNamespace("layout", timeout=3600)


def cached(key, compute, timeout=None):
    return directory.cached(key, compute, timeout)


def connect_signals():
    from django.db.models.signals import post_delete
    from wagtail.models import Locale
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from home.models import (
        AssociationCategory,
        AssociationIndexPage,
        AssociationPage,
        ChannelContact,
        ContactIndexPage,
        ContactPerson,
        Department,
        Footer,
        InfluenceChannelIndexPage,
        InfluenceChannelPage,
        SiteSettings,
    )

    directory.invalidate_on(
        AssociationCategory,
        AssociationIndexPage,
        AssociationPage,
        ChannelContact,
        ContactIndexPage,
        ContactPerson,
        Department,
        InfluenceChannelIndexPage,
        InfluenceChannelPage,
        m2m=[AssociationPage.categories.through],
    )
    layout.invalidate_on(
        Footer,
        SiteSettings,
        Locale,
        signals=[page_published, page_unpublished, post_page_move, page_slug_changed],
    )
    post_delete.connect(_page_deleted, weak=False, dispatch_uid="layout-page-deleted")


def _page_deleted(sender, **kwargs):
    from wagtail.models import Page

    if issubclass(sender, Page):
        layout.changed()


def active_locale_id():
    """The id of the active language's Locale, without a query once warm (Locale.get_active() queries
    every time it is called)."""
    from django.conf import settings
    from django.utils.translation import get_language
    from wagtail.models import Locale

    ids = layout.cached("locale-ids", lambda: dict(Locale.objects.values_list("language_code", "pk")))
    return ids.get(get_language()) or ids.get(settings.LANGUAGE_CODE)
