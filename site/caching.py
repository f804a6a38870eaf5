"""Versioned cache namespaces: the one way this project caches derived data.

    directory = CacheNamespace("directory")
    people = directory.cached(f"people:{locale_id}", lambda: list(...))   # computed once per version
    directory.invalidate_on(ContactPerson, Department)                    # any save/delete bumps it

Bumping a namespace's version makes every key of it stale at once, on every app server (the cache
is shared in production), without knowing which keys exist. Bumps also run after the transaction
commits, so a reader never caches the state from before a commit. A lost version key starts again
above every earlier version (fresh_version). Receivers are held strongly:
Django's default weak references would let locally defined receivers be collected and silently stop
invalidating.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


def fresh_version():
    """A first version for a namespace: the time in microseconds. Were the version key lost (evicted,
    or the cache restarted while entries survived elsewhere), the new first version is still above
    every version used before, so no entry from before the loss can be taken for current."""
    return time.time_ns() // 1000


class CacheNamespace:
    def __init__(self, name, timeout=3600):
        self.name = name
        self.timeout = timeout
        self.version_key = f"{name}:version"

    def version(self):
        value = cache.get(self.version_key)
        if value is None:
            cache.add(self.version_key, fresh_version(), timeout=None)
            value = cache.get(self.version_key) or fresh_version()
        return value

    def bump(self, **signal_kwargs):
        try:
            cache.incr(self.version_key)
        except ValueError:
            cache.add(self.version_key, fresh_version(), timeout=None)

    def changed(self, **signal_kwargs):
        """Signal receiver: stale now, and again once the transaction commits."""
        self.bump()
        transaction.on_commit(self.bump)

    def key(self, key):
        digest = hashlib.sha256(str(key).encode()).hexdigest()[:32]
        return f"{self.name}:{self.version()}:{digest}"

    def cached(self, key, compute, timeout=None):
        """cache[key] for the current version, computing (and storing) it when missing."""
        full_key = self.key(key)
        value = cache.get(full_key)
        if value is None:
            value = compute()
            cache.set(full_key, value, timeout or self.timeout)
        return value

    def invalidate_on(self, *models, m2m=(), signals=()):
        """Bump on save/delete of `models`, on change of the `m2m` through models, and on `signals`."""
        for model in models:
            uid = f"{self.name}-{model._meta.label}"
            post_save.connect(self.changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
            post_delete.connect(self.changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
        for through in m2m:
            m2m_changed.connect(self.changed, sender=through, weak=False, dispatch_uid=f"{self.name}-{through._meta.label}")
        for signal in signals:
            signal.connect(self.changed, weak=False, dispatch_uid=f"{self.name}-{id(signal)}")
