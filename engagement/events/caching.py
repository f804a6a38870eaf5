"""A cache version for everything public about events: any change to an event, a category, an
association or a sign-up bumps it, so cached listings and counts are never stale and a warm listing
costs no queries of its own."""

from django.core.cache import cache

VERSION_KEY = "events:version"


def version():
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        value = cache.get(VERSION_KEY) or 1
    return value


def bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def cached(key, compute, timeout=600):
    full_key = f"events:{version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished

    from home.models import AssociationPage

    from .models import EventCategory, EventPage, SignUp

    def changed(**kwargs):
        bump()

    for model in (EventPage, EventCategory, SignUp, AssociationPage):
        post_save.connect(changed, sender=model, dispatch_uid=f"events-cache-{model.__name__}-save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"events-cache-{model.__name__}-delete")
    page_published.connect(changed, dispatch_uid="events-cache-published")
    page_unpublished.connect(changed, dispatch_uid="events-cache-unpublished")
