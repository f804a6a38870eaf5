"""A cache version for everything public about proposals: any change bumps it, so cached listings
are never stale and a warm listing costs no queries of its own."""

import hashlib

from django.core.cache import cache

VERSION_KEY = "proposals:version"


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
    full_key = f"proposals:{version()}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from .models import Follower, Proposal, ProposalState, ProposalTheme, Support

    def changed(**kwargs):
        bump()

    for model in (Proposal, Support, Follower, ProposalState, ProposalTheme):
        post_save.connect(changed, sender=model, dispatch_uid=f"proposals-cache-{model.__name__}-save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"proposals-cache-{model.__name__}-delete")
