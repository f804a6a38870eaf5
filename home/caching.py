"""A cache version for the directory (associations, channels, contact people): any change bumps it
after the transaction commits, so cached listings are never stale and a warm page costs no queries
of its own."""

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "directory:version"


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
    """Return cache[key] for the current version, computing it when missing."""
    full_key = f"directory:{version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from home.models import (
        AssociationCategory,
        AssociationIndexPage,
        AssociationPage,
        ChannelContact,
        ContactIndexPage,
        ContactPerson,
        Department,
        InfluenceChannelIndexPage,
        InfluenceChannelPage,
    )

    def changed(**kwargs):
        # After commit: a page's many-to-many and child rows are written after its own post_save.
        transaction.on_commit(bump)
        bump()

    models = (
        AssociationCategory,
        AssociationIndexPage,
        AssociationPage,
        ChannelContact,
        ContactIndexPage,
        ContactPerson,
        Department,
        InfluenceChannelIndexPage,
        InfluenceChannelPage,
    )
    for model in models:
        post_save.connect(
            changed, sender=model, dispatch_uid=f"directory-cache-{model.__name__}-save", weak=False
        )
        post_delete.connect(
            changed, sender=model, dispatch_uid=f"directory-cache-{model.__name__}-delete", weak=False
        )
    m2m_changed.connect(
        changed,
        sender=AssociationPage.categories.through,
        dispatch_uid="directory-cache-categories",
        weak=False,
    )
