"""Cache namespaces of the content side (see kumppanuus.caching):

- `directory`: associations, channels and contact people listings; any change bumps it.
- `layout`: what every page's frame shows (menu, footer, site settings, language links, breadcrumbs)
  and what every page request routes by (its site, its language's home page, the pages under a view
  restriction); any page publish, unpublish, move or delete, any new alias, and any footer, settings,
  site, locale or view restriction change bumps it.
- `search`: the site search's rendered results; any save or delete of a page (of any type), a
  publish, unpublish or move, and any change of a view restriction, a promoted result or a site bumps it.

The models use these namespaces; which changes bump them is wired in home/signals.py.
"""

from django.conf import settings
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from kumppanuus.caching import CacheNamespace

directory = CacheNamespace("directory", timeout=600)
# Its small entries that every page request reads (the site's home page, the routes, the frame) are kept in
# each process while the version holds: a request reads only the version from the shared cache for them.
layout = CacheNamespace("layout", timeout=3600, in_process_max=256)
search = CacheNamespace("search", timeout=600)


def cached(key, compute, timeout=None):
    return directory.cached(key, compute, timeout)


def _locale_ids():
    return layout.cached("locale-ids", lambda: dict(Locale.objects.values_list("language_code", "pk")))


def active_locale_id():
    """The id of the active language's Locale, without a query once warm (Locale.get_active() queries
    every time it is called)."""
    ids = _locale_ids()
    return ids.get(get_language()) or ids.get(settings.LANGUAGE_CODE)


def locale_id_for(language):
    """The id of the Locale of `language` ("fi", "sv"), or None; without a query once warm."""
    return _locale_ids().get(language)


def locale_language(locale_id):
    """The language code of the Locale `locale_id`, without a query once warm (unlike `page.locale`)."""
    return next((code for code, pk in _locale_ids().items() if pk == locale_id), settings.LANGUAGE_CODE)


def find_site(request):
    """`Site.find_for_request(request)`, from the cache (`site_for_request`); Wagtail's own calls for
    this request then read the same answer."""
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = site_for_request(request)
    return request._wagtail_site


def site_for_request(request):
    """Wagtail's `Site.find_for_request` without its query once warm: the same `get_site_for_hostname`,
    cached per host and port that can give a different answer (a host no site names is answered as
    any other, a port no site of that host names as any other, so odd Host headers add no keys). Each
    call unpickles its own copy, so a request never sees another's changes to the object."""
    hostname = split_domain_port(request._get_raw_host())[0]  # as Wagtail: ALLOWED_HOSTS is checked before
    port = request.get_port()
    known = layout.kept_in_process(
        "site-hosts",
        lambda: frozenset((host, str(number)) for host, number in Site.objects.values_list("hostname", "port")),
    )
    if not any(host == hostname for host, _port in known):
        key = "*"
    else:
        key = f"{hostname}:{port}" if (hostname, str(port)) in known else f"{hostname}:*"

    def compute():
        try:
            return get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None

    return layout.cached(f"site:{key}", compute)


def restricted_paths():
    """The tree paths under which some page has a view restriction: the restricted pages and the aliases
    of restricted pages (Wagtail applies an alias's original's restrictions to it)."""

    def compute():
        restricted = PageViewRestriction.objects.values("page_id")
        return tuple(
            sorted(
                set(Page.objects.filter(pk__in=restricted).values_list("path", flat=True))
                | set(Page.objects.filter(alias_of__in=restricted).values_list("path", flat=True))
            )
        )

    return layout.kept_in_process("restricted-paths", compute)


def may_be_restricted(page):
    """False when neither `page` nor any of its ancestors has a view restriction: no need to ask."""
    return any(page.path.startswith(path) for path in restricted_paths())
