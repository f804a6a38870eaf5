"""Links to pages in rich text without queries once warm (issue 15).

Wagtail writes each link as the href of the linked page's translation in the active language
(`page.localized.url`): a page query, a query per page type and a Locale query for every paragraph
with links, on every render. The same hrefs are cached per language and linked pages in the `layout`
namespace, which every publish, unpublish, move, slug change or delete of a page bumps (home/signals.py)."""

from django.utils.translation import get_language
from wagtail.rich_text.pages import PageLinkHandler

from home.caching import layout


class CachedPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        ids = ",".join(str(attrs.get("id")) for attrs in attrs_list)
        parent = super()  # Wagtail's: the hrefs do not depend on the request (`page.url`)
        return layout.cached(f"page-links:{get_language()}:{ids}", lambda: parent.expand_db_attributes_many(attrs_list))
