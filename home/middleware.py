"""Routing a page request without the queries that are the same for every request (issue 15).

Wagtail finds the request's site (one query), then its language's home page (`root_page.localized`: a
Locale query, and one more for a translation) before it walks the path. Both answers are cached in the
`layout` namespace (home/caching.py), which every change that could alter them bumps; the walk from the
home page down (`route()` of each page, with their own rules) is Wagtail's as before."""

from django.apps import apps
from django.http import Http404
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page

from home.caching import find_site, layout
from home.models.routing import page_from_routing_row, routing_row


class PageRoutingMiddleware:
    """Before Wagtail's page view: sets `request._wagtail_site` (what `Site.find_for_request` reads) and
    the route that `Page.route_for_request` would find (`request._wagtail_route_for_request`). Other
    views are left alone (`/ping/` touches neither the cache nor the database); the page frame finds
    their site through the cache too (home/templatetags/site_tags.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or hasattr(request, "_wagtail_route_for_request"):
            return None
        site = find_site(request)
        if site is None:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        home = _localized_home(site, only_to_route=bool(path.strip("/")))
        if home is None:
            return None  # gone since it was cached: Wagtail routes as usual
        try:
            request._wagtail_route_for_request = home.route(request, [part for part in path.split("/") if part])
        except Http404:
            request._wagtail_route_for_request = None
        return None


def _localized_home(site, only_to_route):
    """`site.root_page.localized.specific`: which page it is comes from the cache. The whole page in one
    query when it is the page asked for; when it only leads to a page below it, its routing fields come
    from the cache too, without a query (`layout` is bumped by every publish, move, slug change or
    delete); a field not among them is loaded when it is read (a deferred field)."""
    row = layout.kept_in_process(f"localized-root:{site.pk}:{get_language()}",
                                 lambda: routing_row(Page.objects.filter(pk=site.root_page.localized.pk)))
    model_label, names, values = row
    model = apps.get_model(model_label)
    if only_to_route:
        return page_from_routing_row(row)
    try:
        return model._default_manager.get(pk=values[names.index(model._meta.pk.attname)])
    except model.DoesNotExist:
        return None
