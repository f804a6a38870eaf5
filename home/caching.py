"""Cache namespaces of the content side (see kumppanuus.caching):

- `directory`: associations, channels and contact people listings; any change bumps it.
- `layout`: what every page's frame shows (menu, footer, site settings, language links); any page
  publish, unpublish, move or delete, and any footer or settings change bumps it.
- `search`: the site search's rendered results; any save or delete of a page (of any type), a
  publish, unpublish or move, and any change of a view restriction, a promoted result or a site bumps it.

The models use these namespaces; which changes bump them is wired in home/signals.py.
"""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Locale

from kumppanuus.caching import CacheNamespace

directory = CacheNamespace("directory", timeout=600)
layout = CacheNamespace("layout", timeout=3600)
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


def locale_language(locale_id):
    """The language code of the Locale `locale_id`, without a query once warm (unlike `page.locale`)."""
    return next((code for code, pk in _locale_ids().items() if pk == locale_id), settings.LANGUAGE_CODE)
