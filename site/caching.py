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

`kept_in_process` is `cached` plus a copy in the process, for big values (a city's whole directory)
that cost more to unpickle from the cache on every request than to keep: each use reads only the
namespace's version from the cache, and a bumped version renews the copy on every app server.

Within a request a namespace's version is read from the cache once (`VersionsPerRequest`): an uncached
page reads the `layout` namespace some seven times (site, home page, route, frame, breadcrumbs,
language links), each a round trip to Redis. A bump in the request reads it again. A version read at
the start of the request is never newer than the data read after it, so nothing is cached as fresh
that is not. The same holds for the few keys in READ_ONCE_PER_REQUEST, which the shared cache
(kumppanuus.redis_cache) reads once per request: what the request writes of them is what the rest of it
reads, and a delete makes it read them again.
"""

import contextvars
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


# {namespace name: version, ("key", key, key version): value} read in the current request; None outside a request
# (commands, tasks).
_versions = contextvars.ContextVar("cache_namespace_versions", default=None)

# Keys of the cache read once per request, besides the namespaces' versions: Wagtail's site root paths
# (wagtail.models.sites.SITE_ROOT_PATHS_CACHE_KEY), which `page.url` reads for each page it is asked
# for without a request, e.g. every row of the page explorer (52 reads of one value for 50 rows).
READ_ONCE_PER_REQUEST = frozenset({"wagtail_site_root_paths"})


def read_once_per_request(key, version, read):
    """`read()` (the cache's value of `key` at `version`, None when missing), once per request for the
    keys of READ_ONCE_PER_REQUEST; a value found is kept for the rest of the request."""
    memo = _versions.get()
    if memo is None or key not in READ_ONCE_PER_REQUEST:
        return read()
    entry = ("key", key, version)
    if entry not in memo:
        value = read()
        if value is None:
            return None
        memo[entry] = value
    return memo[entry]


def written_in_request(key, version, value):
    """The value this request wrote for `key` is what the rest of it reads."""
    memo = _versions.get()
    if memo is not None and key in READ_ONCE_PER_REQUEST:
        forget_in_request({key})  # at another key version too
        memo[("key", key, version)] = value


def forget_in_request(keys=None):
    """The values of `keys` (all when None) read in this request are read from the cache again."""
    memo = _versions.get()
    if not memo or (keys is not None and READ_ONCE_PER_REQUEST.isdisjoint(keys)):
        return  # nearly every write: not a key kept for the request
    for entry in [entry for entry in memo if isinstance(entry, tuple) and (keys is None or entry[1] in keys)]:
        del memo[entry]


class VersionsPerRequest:
    """Middleware: each namespace's version read once per request (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _versions.set({})
        try:
            return self.get_response(request)
        finally:
            _versions.reset(token)


class CacheNamespace:
    # Values kept in each process by `kept_in_process`, at most this many per namespace unless it says
    # otherwise (the least recently used go).
    IN_PROCESS_MAX = 16

    def __init__(self, name, timeout=3600, in_process_max=IN_PROCESS_MAX):
        self.name = name
        self.timeout = timeout
        self.version_key = f"{name}:version"
        self.in_process_max = in_process_max
        self.in_process = {}  # key -> (full key with the version it was computed for, value), oldest use first

    def version(self):
        read = _versions.get()
        if read is not None and self.name in read:
            return read[self.name]
        value = cache.get(self.version_key)
        if value is None:
            cache.add(self.version_key, fresh_version(), timeout=None)
            value = cache.get(self.version_key) or fresh_version()
        if read is not None:
            read[self.name] = value
        return value

    def bump(self, **signal_kwargs):
        read = _versions.get()
        if read is not None:
            read.pop(self.name, None)  # read again in this request
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
        return self._get_or_compute(self.key(key), compute, timeout)

    def _get_or_compute(self, full_key, compute, timeout):
        value = cache.get(full_key)
        if value is None:
            value = compute()
            cache.set(full_key, value, timeout or self.timeout)
        return value

    def kept_in_process(self, key, compute, timeout=None):
        """`cached(key, compute)`, kept in this process while the version holds: one small cache read
        per use instead of unpickling the value. The value is shared by the requests: never change it."""
        full_key = self.key(key)
        kept = self.in_process.pop(key, None)
        if kept is not None and kept[0] == full_key:
            self.in_process[key] = kept  # the most recently used now
            return kept[1]
        value = self._get_or_compute(full_key, compute, timeout)
        while len(self.in_process) >= self.in_process_max:
            self.in_process.pop(next(iter(self.in_process)))
        self.in_process[key] = (full_key, value)
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
