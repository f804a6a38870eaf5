"""Full-page cache for anonymous visitors.

A public GET without a session is answered from the shared cache when an earlier visitor's response
could be reused as it was: a 200 that sets no cookie and has no `private`, `no-cache` or `no-store`. That rule keeps out by itself everything per-visitor: pages with a form or a
captcha (they send `never_cache` headers and a CSRF cookie), anything for signed-in staff (they have a
session cookie, so their requests never even read the cache), previews (under /admin/).

Invalidation: the entries live in the `pages` namespace (kumppanuus.caching), whose version is bumped
by any change a public page could show: a page published, unpublished, moved or deleted, a snippet, a
setting, a contact person, an association, a proposal, an event or a sign-up. Instead of a list that a
new model could be forgotten from, every model's saves and deletes count, except the bookkeeping ones
in IGNORED_APPS and IGNORED_MODELS that no public page shows. PAGE_CACHE_SECONDS bounds what depends on
the clock alone ("upcoming" events, open sign-ups).

A hit costs one round trip to the cache (the namespace version and the entry are read together) and
no SQL. Responses carry `X-Cache: HIT` or `MISS`.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re

from kumppanuus.caching import CacheNamespace

pages = CacheNamespace("pages", timeout=300)

# Never cached: staff, APIs with keys, health checks and the floor of the benchmark, uploads.
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/captcha/", "/health/", "/ping/", "/static/", "/media/")
MAX_QUERY_STRING = 512
# Saves and deletes that no public page shows, so they leave the page cache alone.
IGNORED_APPS = {
    "admin",
    "auth",
    "axes",
    "captcha",
    "contenttypes",
    "django_tasks_database",
    "sessions",
    "wagtailsearch",
    "wagtailusers",
    "wagtail_localize",
}
IGNORED_MODELS = {
    "engagement.outgoingemail",
    "privacy.privacylogentry",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailcore.pagesubscription",
    "wagtailcore.revision",
    "wagtailcore.taskstate",
    "wagtailcore.uploadedfile",
    "wagtailcore.workflowstate",
    "wagtailimages.rendition",
}


def timeout():
    return getattr(settings, "PAGE_CACHE_SECONDS", pages.timeout)


def is_cacheable_request(request):
    if request.method != "GET" or not timeout():
        return False
    if request.path.startswith(EXCLUDED_PREFIXES) or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    return "messages" not in request.COOKIES


def is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store", "max-age=0")):
        return False
    # `Vary: Cookie` comes from reading the (empty) session, e.g. to decide not to show the staff
    # userbar: the request had no session cookie and the response sets none, so every such visitor
    # gets this same page. A CSRF token or a new session would have set a cookie.
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header.strip()}
    return vary <= {"accept-language", "accept-encoding", "cookie"}


def entry_key(request):
    """Host, path, query and the language the request resolves to (the URL prefix, else the cookie or
    Accept-Language for the language-neutral URLs)."""
    language = translation.get_language_from_request(request, check_path=True)
    raw = f"{request.scheme}|{request.get_host()}|{request.get_full_path()}|{language}"
    return f"pages:entry:{hashlib.sha256(raw.encode()).hexdigest()}"


class PageCacheMiddleware:
    """Place it right after SecurityMiddleware and WhiteNoise: a hit skips everything below it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        try:
            key = entry_key(request)
        except Exception:  # noqa: BLE001 - a bad Host header: let the normal path answer it
            return self.get_response(request)
        found = cache.get_many([pages.version_key, key])
        version = found.get(pages.version_key)
        entry = found.get(key)
        if version is not None and entry is not None and entry["version"] == version:
            return self.from_entry(entry)
        if version is None:
            version = pages.version()
        response = self.get_response(request)
        if is_cacheable_response(response):
            response["X-Cache"] = "MISS"
            cache.set(key, self.to_entry(response, version), timeout())
        return response

    @staticmethod
    def to_entry(response, version):
        headers = [(name, value) for name, value in response.items() if name.lower() != "x-cache"]
        return {"version": version, "status": response.status_code, "headers": headers, "content": response.content}

    @staticmethod
    def from_entry(entry):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Cache"] = "HIT"
        return response


def _model_changed(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label in IGNORED_APPS or meta.label_lower in IGNORED_MODELS:
        return
    pages.changed()


def connect_signals():
    """Any save, delete or many-to-many change of a model a page could show makes every page stale."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_model_changed, weak=False, dispatch_uid=f"pagecache-{signal is post_save}-{id(signal)}")
