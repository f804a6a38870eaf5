"""Full-page cache for anonymous visitors, and the purges that keep it (and an HTTP cache in front) fresh.

A public GET without a session is answered from the shared cache when an earlier visitor's response
could be reused as it was: a 200 that sets no cookie and has no `private`, `no-cache` or `no-store`. That
rule keeps out by itself everything per-visitor: pages with a form or a captcha (they send `never_cache`
headers and a CSRF cookie), anything for signed-in staff (they have a session cookie, so their requests
never even read the cache), previews (under /admin/). Exactly the responses stored here say
`Cache-Control: public, max-age=0, s-maxage=FRONTEND_CACHE_SECONDS`, so that a proxy in front (Varnish) may
keep them too; every other response that passes here without a Cache-Control of its own says `private`.

Invalidation is by path. An entry is valid while two versions are what they were when it was rendered:
the global one (the `pages` namespace of kumppanuus.caching, bumped by `purge_all()`) and the version of
its path (host and language aside, every query string: `/fi/tapahtumat/` covers `?page=2`), bumped by
`purge(target, …)`. Both are read with the entry in one `get_many` round trip; a hit costs no SQL.
`purge()` bumps at once and again after the transaction commits (a render racing the write is not kept),
and after the commit sends the same paths to the frontend cache (wagtail.contrib.frontend_cache:
WAGTAILFRONTENDCACHE, set from FRONTEND_CACHE_URLS; the host is the Wagtail site's), one PURGE per host
and path, each once per commit however many saves purged it. A failed purge is logged, never breaks
the save. (Wagtail's own publish handlers of frontend_cache are left out, see kumppanuus.frontend_cache:
they would purge during the transaction, and only the page itself.)

What a save purges is declared per model (`declare`, from each module's signals/caching), or the model is
ignored with a reason (bookkeeping no public page shows), and every other model clears everything, as
before: a new model cannot be forgotten, only purge too much (tests/foundation/test_purge_registry.py lists
every model). Pages follow one rule (`page_targets`): a published, unpublished or deleted page purges
itself in every language, its parent listing, the home pages, search and sitemap, and the pages that link
to it (Wagtail's reference index); a home page, a page in the main menu, a move or a slug change clears
everything.
Writes that send no signal (conditional UPDATEs) call `purge()` themselves. PAGE_CACHE_SECONDS still bounds
what depends on the clock alone ("upcoming" events, open sign-ups). Responses carry `X-Cache: HIT` or `MISS`.
"""

import hashlib
import logging
import secrets
import threading
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import cc_delim_re
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signals import page_slug_changed, page_unpublished, post_page_move

from kumppanuus.caching import CacheNamespace

logger = logging.getLogger(__name__)

pages = CacheNamespace("pages", timeout=300)
# A path's version outlives the entries stored under it; were it lost anyway, a new random one can
# never equal the one an old entry holds.
PATH_VERSION_SECONDS = 86_400

# Never cached: staff, APIs with keys, health checks and the floor of the benchmark, uploads.
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/captcha/", "/health/", "/ping/", "/static/", "/media/")
MAX_QUERY_STRING = 512
# Saves and deletes that no public page shows, so they leave the page cache alone.
IGNORED_APPS = {
    "admin": "the Django admin's log",
    "auth": "users, groups and permissions: staff only",
    "axes": "sign-in attempts",
    "captcha": "captcha challenges (pages with a form are never cached)",
    "contenttypes": "content types change only with migrations",
    "django_tasks_database": "the task queue",
    "sessions": "sessions (a visitor with one never reads the cache)",
    "wagtailadmin": "the admin's editing sessions and form states",
    "wagtailsearch": "the search index (the search page is purged with every page)",
    "wagtailusers": "staff profiles",
    "wagtail_localize": "translation bookkeeping: a translation shows when its page is published",
}
IGNORED_MODELS = {
    "engagement.outgoingemail": "the email outbox",
    "engagement.pagesubmission": "a submitted page waits for moderation; publishing it purges",
    "engagement.submissionreceipt": "receipts of submissions, for the senders only",
    "privacy.privacylogentry": "the privacy tools' log",
    "wagtailcore.collection": "collections organise media for staff",
    "wagtailcore.collectionviewrestriction": "restricts documents, which are never cached (/documents/)",
    "wagtailcore.comment": "editors' comments",
    "wagtailcore.commentreply": "editors' comments",
    "wagtailcore.groupapprovaltask": "moderation workflow",
    "wagtailcore.groupcollectionpermission": "staff permissions",
    "wagtailcore.grouppagepermission": "staff permissions",
    "wagtailcore.groupsitepermission": "staff permissions",
    "wagtailcore.modellogentry": "the audit log of staff actions",
    "wagtailcore.pagelogentry": "the audit log of staff actions",
    "wagtailcore.pagesubscription": "editors' notifications",
    "wagtailcore.referenceindex": "Wagtail's index of references (read by page_targets)",
    "wagtailcore.revision": "drafts: a revision shows when its page is published",
    "wagtailcore.task": "moderation workflow",
    "wagtailcore.taskstate": "moderation workflow",
    "wagtailcore.uploadedfile": "uploads in progress",
    "wagtailcore.workflow": "moderation workflow",
    "wagtailcore.workflowcontenttype": "moderation workflow",
    "wagtailcore.workflowpage": "moderation workflow",
    "wagtailcore.workflowtask": "moderation workflow",
    "wagtailcore.workflowstate": "moderation workflow",
    "wagtailembeds.embed": "oEmbed answers cached for rendering: a page shows a new embed when it is published",
    "wagtailforms.formsubmission": "form submissions are read by staff only",
    "wagtailimages.rendition": "renditions are derived from images (whose changes clear everything)",
    "wagtailredirects.redirect": "redirects answer only paths that are not found, and 404s are never cached",
    "wagtailsearchpromotions.query": "search statistics",
    "wagtailsearchpromotions.querydailyhits": "search statistics",
}
# Page saves that only touch the draft or the tree's bookkeeping: nothing public changes.
PAGE_DRAFT_FIELDS = {
    "comments", "draft_title", "has_unpublished_changes", "latest_revision", "latest_revision_created_at",
    "locked", "locked_at", "locked_by", "numchild", "wagtail_admin_comments",
}

PURGE_ALL = "*"  # a declaration returns it (alone) when a change shows everywhere
_declared = {}  # model → [function(instance) → targets]
_ignored = {}  # model label → reason


def timeout():
    return getattr(settings, "PAGE_CACHE_SECONDS", pages.timeout)


def proxy_seconds():
    return getattr(settings, "FRONTEND_CACHE_SECONDS", None) or timeout()


# --- the middleware -------------------------------------------------------------------------------


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


def path_version_key(path):
    """The version of a path: every host, query string and language of it."""
    return f"pages:path:{hashlib.sha256(path.encode()).hexdigest()[:32]}"


def _new_path_version():
    return secrets.randbits(62)


def path_version(key):
    """The path's version, made when missing (first visit, or lost): whoever adds it first wins."""
    cache.add(key, _new_path_version(), PATH_VERSION_SECONDS)
    return cache.get(key)


def _private_unless_said(response):
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = "private"
    return response


class PageCacheMiddleware:
    """Place it right after SecurityMiddleware and WhiteNoise: a hit skips everything below it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return _private_unless_said(self.get_response(request))
        try:
            key = entry_key(request)
        except Exception:  # noqa: BLE001 - a bad Host header: let the normal path answer it
            return _private_unless_said(self.get_response(request))
        path_key = path_version_key(request.path)
        found = cache.get_many([pages.version_key, path_key, key])
        versions = (found.get(pages.version_key), found.get(path_key))
        entry = found.get(key)
        if None not in versions and entry is not None and entry["version"] == versions:
            return self.from_entry(entry)
        versions = (versions[0] or pages.version(), versions[1] or path_version(path_key))
        response = self.get_response(request)
        if not is_cacheable_response(response):
            return _private_unless_said(response)
        response["Cache-Control"] = f"public, max-age=0, s-maxage={proxy_seconds()}"
        response["X-Cache"] = "MISS"
        if None not in versions:
            cache.set(key, self.to_entry(response, versions), timeout())
        return response

    @staticmethod
    def to_entry(response, versions):
        headers = [(name, value) for name, value in response.items() if name.lower() != "x-cache"]
        return {"version": versions, "status": response.status_code, "headers": headers, "content": response.content}

    @staticmethod
    def from_entry(entry):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Cache"] = "HIT"
        return response


# --- purging --------------------------------------------------------------------------------------

class Purge:
    """One purge() after the commit: bump its paths again and send them to the frontend cache."""

    def __init__(self, urls=(), everything=False):
        self.urls = set(urls)
        self.everything = everything

    def send(self):
        if self.everything:
            pages.bump()
        else:
            _bump_paths({path for _root, path in self.urls})
        try:
            send_to_frontend_cache(self.urls, self.everything)
        except Exception:  # noqa: BLE001 - a proxy that is down must never break a save
            logger.exception("Could not purge the frontend cache")

    def __call__(self):
        """As an on_commit callback: what an earlier purge of the same commit sent is not sent again.
        (Django runs a commit's callbacks with a fresh list of callbacks in place: that list tells the
        commits apart.)"""
        run = transaction.get_connection().run_on_commit
        if getattr(_sent, "run", None) is not run:
            _sent.run, _sent.urls, _sent.everything = run, set(), False
        if _sent.everything:
            return
        if not self.everything:
            self.urls -= _sent.urls
            if not self.urls:
                return
        _sent.urls |= self.urls
        _sent.everything = self.everything
        self.send()


_sent = threading.local()  # what the commit being run has sent so far


def _after_commit(purge):
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(purge)
    else:
        purge.send()


def site_root_urls():
    """The base URL of every site (for the frontend cache's Host header)."""
    return sorted({root.root_url for root in Site.get_site_root_paths() if root.root_url})


def url_path_urls(url_path):
    """Every public URL of a page's `url_path` (it need not exist any more), one per site:
    [(root_url, path)], no query."""
    urls = []
    for root in Site.get_site_root_paths():
        if not url_path.startswith(root.root_path):
            continue
        try:
            with translation.override(root.language_code):
                path = reverse("wagtail_serve", args=(url_path[len(root.root_path):],))
        except NoReverseMatch:
            continue
        urls.append((root.root_url, path))
    return urls


def _resolve(target):
    """A Page → its URLs in every site; a path (`/fi/…`, `/api/…`) → that path in every site; a full URL
    (`http://host/path`) → itself."""
    if isinstance(target, Page):
        return url_path_urls(target.url_path)
    if "://" in target:
        parts = urlsplit(target)
        return [(f"{parts.scheme}://{parts.netloc}", parts.path or "/")]
    return [(root_url, target) for root_url in site_root_urls()] or [("", target)]


def _bump_paths(paths):
    if paths:
        cache.set_many({path_version_key(path): _new_path_version() for path in paths}, PATH_VERSION_SECONDS)


def purge(*targets):
    """Stale now and again after commit: every cached response of these targets' paths (all hosts, query
    strings and languages), here and in the frontend cache. A target is a Page, a path or a full URL;
    PURGE_ALL among them clears everything."""
    if PURGE_ALL in targets:
        purge_all()
        return
    urls = {url for target in targets if target is not None for url in _resolve(target)}
    if not urls:
        return
    _bump_paths({path for _root, path in urls})
    _after_commit(Purge(urls))


def purge_all():
    """Stale now and again after commit: every cached page, here and in the frontend cache."""
    pages.bump()
    _after_commit(Purge(everything=True))


def send_to_frontend_cache(urls, everything=False):
    """One PURGE per host and path to each configured frontend cache (none: nothing to do)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    if everything:
        for name, backend in get_backends().items():
            if hasattr(backend, "purge_all"):
                backend.purge_all()
            else:
                logger.warning("Frontend cache %s cannot purge everything", name)
        return
    full = sorted(root_url.rstrip("/") + path for root_url, path in urls if root_url)
    if full:
        # Synchronously, after the commit: the purge must not wait for a task worker.
        purge_urls_from_cache_task.call(full)


# --- what a change purges -------------------------------------------------------------------------


def declare(model, targets):
    """`targets(instance)` → what a save or delete of `model` shows on: Pages, paths, or [PURGE_ALL].
    For a page type, these come on top of `page_targets`."""
    _declared.setdefault(model, []).append(targets)


def ignore(model, reason):
    """No public page shows `model`: its saves and deletes purge nothing."""
    _ignored[model._meta.label_lower] = reason


def classify(model):
    """("page" | "declared" | "ignored" | "purge all", detail) for the registry test and the receivers."""
    meta = model._meta
    if meta.label_lower in _ignored or meta.label_lower in IGNORED_MODELS:
        return "ignored", _ignored.get(meta.label_lower) or IGNORED_MODELS[meta.label_lower]
    if meta.app_label in IGNORED_APPS:
        return "ignored", IGNORED_APPS[meta.app_label]
    if issubclass(model, Page):
        return "page", _declared.get(model, [])
    if model in _declared:
        return "declared", _declared[model]
    return "purge all", None


def _shows_on_every_page(url_path):
    """A home page, or a child of one (the main menu lists those): every page's frame shows it."""
    roots = {root.root_path for root in Site.get_site_root_paths()}
    return url_path in roots or url_path.rstrip("/").rsplit("/", 1)[0] + "/" in roots


def page_targets(page):
    """What publishing, unpublishing or deleting `page` changes: the page in every language, its parent
    listing, the home pages, the search page and sitemap, the live pages that link to it or show it
    (Wagtail's reference index). A home page or a page of the main menu: everything."""
    if _shows_on_every_page(page.url_path):
        return [PURGE_ALL]
    parent_path = page.url_path.rstrip("/").rsplit("/", 1)[0] + "/"
    url_paths = {page.url_path, parent_path, *(root.root_path for root in Site.get_site_root_paths())}
    referrers = ReferenceIndex.get_references_to(page).filter(base_content_type=ContentType.objects.get_for_model(Page))
    referrer_ids = [int(pk) for pk in referrers.values_list("object_id", flat=True).distinct() if pk.isdigit()]
    url_paths.update(
        Page.objects.filter(Q(pk__in=referrer_ids, live=True) | Q(translation_key=page.translation_key)).values_list(
            "url_path", flat=True
        )
    )
    urls = [root_url + path for url_path in sorted(url_paths) for root_url, path in url_path_urls(url_path)]
    return [*urls, "/sitemap.xml", *(f"/{code}/search/" for code, _name in settings.LANGUAGES)]


def targets_of(instance):
    """Everything a save or delete of `instance` purges, or None when it purges nothing."""
    kind, detail = classify(type(instance))
    if kind == "ignored":
        return None
    if kind == "purge all":
        return [PURGE_ALL]
    targets = page_targets(instance) if kind == "page" else []
    if PURGE_ALL in targets:
        return targets
    for function in detail:
        targets.extend(function(instance) or ())
    return targets


def _saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if isinstance(instance, Page):
        if update_fields and set(update_fields) <= PAGE_DRAFT_FIELDS:
            return
        if not instance.live:  # a draft; unpublishing sends page_unpublished
            return
    targets = targets_of(instance)
    if targets:
        purge(*targets)


def _deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and not instance.live:
        return
    targets = targets_of(instance)
    if targets:
        purge(*targets)


def _unpublished(sender, instance, **kwargs):
    targets = targets_of(instance)
    if targets:
        purge(*targets)


def _m2m_changed(sender, instance, action, **kwargs):
    if not action.startswith("post_"):
        return
    if classify(sender)[0] == "ignored":
        return
    _saved(type(instance), instance)


def _everything(**kwargs):
    purge_all()


def connect_signals():
    """Every model's saves and deletes purge what they show (see `classify`); a move or a slug change
    of a page changes the URLs of a whole branch: everything."""
    for model in apps.get_models(include_auto_created=True):
        if classify(model)[0] == "ignored":
            continue  # no receiver: their bulk deletes stay fast
        uid = f"pagecache-{model._meta.label_lower}"
        post_save.connect(_saved, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(_deleted, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(_m2m_changed, weak=False, dispatch_uid="pagecache-m2m")
    page_unpublished.connect(_unpublished, weak=False, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(_everything, weak=False, dispatch_uid="pagecache-move")
    page_slug_changed.connect(_everything, weak=False, dispatch_uid="pagecache-slug")
