"""Tools for demo content: the home pages and locales, page and snippet pairs in fi and sv, found again by slug."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale

from home.models import HomePage, InfluenceChannelPage
from kumppanuus.translations import create_and_translate

LANGUAGES = ("fi", "sv")


def locales():
    return Locale.objects.get(language_code="fi"), Locale.objects.get(language_code="sv")


def home_pages():
    fi, sv = locales()
    return HomePage.objects.get(locale=fi), HomePage.objects.get(locale=sv)


def page_pair(parent_fi, model, fi, sv, **shared):
    """Return (page_fi, page_sv) under `parent_fi` and its Swedish translation, creating what is missing.

    `fi` and `sv` are dicts of the fields that differ per language (title, slug, intro, body…);
    `shared` holds fields that are the same in both. The Swedish page is a real translation (same
    translation_key), as wagtail-localize would make, so the language switcher links the two.
    """
    return create_and_translate(model, fi, sv, parent=parent_fi, **shared)


def snippet_pair(model, lookup, fi, sv, **shared):
    """A translatable snippet in Finnish, found by `lookup`, and its Swedish translation (same translation_key)."""
    return create_and_translate(model, fi, sv, lookup=lookup, **shared)


def link_channel_form(channel_slug, form_pages):
    """Make the pages of `form_pages` (fi, sv) the "form to use" of the Finnish channel page with
    `channel_slug` and of its translation, unless an editor already chose one."""
    channel_fi = InfluenceChannelPage.objects.filter(locale__language_code="fi", slug=channel_slug).first()
    if channel_fi is None:
        return
    for channel, form_page in zip((channel_fi, channel_fi.get_translation_or_none(form_pages[1].locale)), form_pages,
                                  strict=True):
        if channel is not None and channel.form_page_id is None:
            channel.form_page = form_page
            channel.save_revision().publish()


def promote_in_search(pages, queries):
    """Make `pages` (fi, sv) the first search results for each of `queries`, as an editor does in
    Settings → Promoted search results; the search shows only the active language's page."""
    for query_string in queries:
        query = Query.get(query_string)
        for page in pages:
            SearchPromotion.objects.get_or_create(query=query, page=page, defaults={"sort_order": 0})
