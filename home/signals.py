"""Which changes bump the content side's cache namespaces (home/caching.py), connected from
HomeConfig.ready()."""

from django.db.models.signals import post_delete
from wagtail.models import Locale, Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from home import caching
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


def connect_signals():
    """From HomeConfig.ready(): the changes that bump the content side's cache namespaces."""
    caching.directory.invalidate_on(
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
    caching.layout.invalidate_on(
        Footer,
        SiteSettings,
        Locale,
        signals=[page_published, page_unpublished, post_page_move, page_slug_changed],
    )
    post_delete.connect(_page_deleted, weak=False, dispatch_uid="layout-page-deleted")


def _page_deleted(sender, **kwargs):
    if issubclass(sender, Page):
        caching.layout.changed()
