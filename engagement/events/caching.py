"""A cache namespace for everything public about events: any change to an event, a category, an
association or a sign-up bumps it, so cached listings and counts are never stale and a warm listing
costs no queries of its own."""

from kumppanuus.caching import CacheNamespace

events = CacheNamespace("events", timeout=600)
cached = events.cached
bump = events.bump


def connect_signals():
    from wagtail.signals import page_published, page_unpublished

    from home.models import AssociationPage

    from .models import EventCategory, EventPage, SignUp

    events.invalidate_on(
        EventPage, EventCategory, SignUp, AssociationPage, signals=[page_published, page_unpublished]
    )
