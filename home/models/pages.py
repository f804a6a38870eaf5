"""The home page and general content pages."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.caching import layout, may_be_restricted
from home.models.routing import page_from_routing_row, routing_row, serves_itself


class BasePage(Page):
    """What every public page of the site shares: an introduction shown under the title and in listings."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """Wagtail's walk to the child named by the next path component, with fewer queries. The child's
        page type and routing fields come from the `layout` cache (home/models/routing.py). A child the
        request only passes through (a page below it is asked for) is made from them without a query;
        the page asked for is read in one query (its own row) under the same conditions as Wagtail's
        (this page's child with that slug), so a stale entry only costs Wagtail's own lookup."""
        if path_components:
            slug, rest = path_components[0], path_components[1:]
            found = layout.kept_in_process(f"route:{self.pk}:{slug}",
                                           lambda: routing_row(self.get_children().filter(slug=slug)))
            if found is not None:
                label, names, values = found
                model = apps.get_model(label)
                if rest and not serves_itself(model, rest):
                    child = page_from_routing_row(found)
                else:
                    pk = values[names.index(model._meta.pk.attname)]
                    children = model._default_manager.filter(path__startswith=self.path, depth=self.depth + 1)
                    child = children.filter(pk=pk, slug=slug).first()
                if child is not None:
                    child._cached_parent_obj = self  # as Wagtail: its get_parent() without a query
                    return child.route(request, rest)
        return super().route(request, path_components)

    def get_view_restrictions(self):
        """No query for a page that no view restriction covers (the paths under restrictions are cached
        in the `layout` namespace, home/caching.py). For one that may be covered, Wagtail's two queries
        (resolving aliases first) in one, with subqueries."""
        if not may_be_restricted(self):
            return PageViewRestriction.objects.none()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        ancestors = Page.objects.filter(path__in=paths)
        return PageViewRestriction.objects.filter(
            models.Q(page__in=ancestors.values("pk"))
            | models.Q(page__in=ancestors.filter(alias_of__isnull=False).values("alias_of_id"))
        )


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
