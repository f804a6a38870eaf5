"""Signals of the content side, connected from HomeConfig.ready(): which changes bump the cache
namespaces (home/caching.py), and new section pages get the groups' permissions (home/groups.py)."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from home import caching
from home.groups import SECTION_PAGE_PERMISSIONS, on_section_page_created
from home.models import (
    AssociationCategory,
    AssociationConfirmation,
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
from kumppanuus import pagecache


def connect_signals():
    """From HomeConfig.ready()."""
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
        Site,  # which site is the default one: whose settings emails and feeds name the municipality from
        Locale,
        PageViewRestriction,  # the paths under restrictions (caching.restricted_paths)
        signals=[page_published, page_unpublished, post_page_move, page_slug_changed],
    )
    post_delete.connect(_page_deleted, weak=False, dispatch_uid="layout-page-deleted")
    post_save.connect(_alias_saved, weak=False, dispatch_uid="layout-alias-saved")
    caching.search.invalidate_on(
        PageViewRestriction, SearchPromotion, Query, Site, Locale,
        signals=[page_published, page_unpublished, post_page_move, page_slug_changed],
    )
    post_save.connect(_page_changed_for_search, weak=False, dispatch_uid="search-page-saved")
    post_delete.connect(_page_changed_for_search, weak=False, dispatch_uid="search-page-deleted")
    pagecache.ignore(AssociationConfirmation, "when an association last confirmed its entry: staff only")
    pagecache.ignore(ChannelContact, "part of its channel page: saved when the page is published, which purges")
    for dotted in SECTION_PAGE_PERMISSIONS:
        post_save.connect(
            on_section_page_created, sender=apps.get_model(dotted), dispatch_uid=f"section-permissions-{dotted}"
        )


def _page_changed_for_search(sender, **kwargs):
    if issubclass(sender, Page):
        caching.search.changed()


def _page_deleted(sender, **kwargs):
    if issubclass(sender, Page):
        caching.layout.changed()


def _alias_saved(sender, instance, **kwargs):
    """A new alias of a restricted page is restricted too (caching.restricted_paths)."""
    if issubclass(sender, Page) and instance.alias_of_id is not None:
        caching.layout.changed()
