"""The home page and general content pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.caching import may_be_restricted


class OneQueryViewRestrictionsMixin:
    """Wagtail checks a page's view restrictions in two queries (resolving aliases first); this does the
    same in one, with subqueries, which keeps busy pages (events, consultations) within their query budget."""

    def get_view_restrictions(self):
        if not may_be_restricted(self):
            return PageViewRestriction.objects.none()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        ancestors = Page.objects.filter(path__in=paths)
        return PageViewRestriction.objects.filter(
            models.Q(page__in=ancestors.values("pk"))
            | models.Q(page__in=ancestors.filter(alias_of__isnull=False).values("alias_of_id"))
        )


class BasePage(Page):
    """What every public page of the site shares: an introduction shown under the title and in listings."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """No query for a page that no view restriction covers (the paths under restrictions are cached
        in the `layout` namespace, home/caching.py)."""
        if not may_be_restricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(BasePage):
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class ContentPage(BasePage):
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
