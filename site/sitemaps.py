"""sitemap.xml with the pages of both languages: Wagtail's own lists only those below the site's root page,
the Finnish home page, so the Swedish pages would be missing."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class BilingualSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        below_a_home = Q()
        for home in root.get_translations(inclusive=True):
            below_a_home |= Q(path__startswith=home.path)
        return Page.objects.filter(below_a_home).live().public().order_by("path").defer_streamfields().specific()
