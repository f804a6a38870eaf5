"""What every part of the public API shares: one page shape for listings, the schema and its docs page.

The modules' endpoints live in their own `api.py` (engagement/events/api.py, engagement/proposals/api.py,
engagement/feedback/open311.py) and are wired in `kumppanuus.urls`; the defaults (no sessions, anyone
may read, JSON, django-filter, drf-spectacular) are REST_FRAMEWORK in the settings. The OpenAPI document
is at /api/schema/ and rendered at /api/docs/ with Swagger UI from drf-spectacular-sidecar's static
files (templates/api/docs.html: no inline script or style, within the site's content security policy).
Its descriptions are in English.
"""

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class PublicPagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}`: 50 results a page, `page_size` up to 200."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = "Page number, from 1 (default 1)."
    page_size_query_description = f"Results per page (default {PAGE_SIZE}, at most {MAX_PAGE_SIZE})."
    template = None  # no browsable API

    def paginate_queryset(self, queryset, request, view=None):
        # A page that is not a number, or past the last one, is a bad request (400). Not 404: for an
        # address without a language prefix, Django's LocaleMiddleware turns a 404 into a redirect to /fi/….
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            raise ValidationError({self.page_query_param: [exc.detail]}) from exc


PUBLIC_PREFIXES = ("/api/", "/open311/")


def public_json_endpoints(endpoints, **_kwargs):
    """drf-spectacular preprocessing hook: the document describes the public JSON endpoints, not the
    admin's own APIs (Wagtail's), nor the schema and docs themselves. Open311's XML twins (`….xml`)
    answer the same in XML, as their descriptions say."""
    return [
        endpoint for endpoint in endpoints
        if endpoint[0].startswith(PUBLIC_PREFIXES) and not endpoint[0].endswith(".xml")
        and not endpoint[0].startswith(("/api/schema/", "/api/docs/"))
    ]
