"""/api/schema/ and /api/docs/: the public API's OpenAPI document and its page for people (drf-spectacular).

Kept apart from kumppanuus.api, which REST framework's settings import (drf-spectacular's views read
those settings when imported).
"""

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.negotiation import BaseContentNegotiation


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, YAML (or JSON with `?format=json`), in English like its descriptions: the
    labels of choices (a status, a language) too, whatever the visitor's language."""

    def get(self, request, *args, **kwargs):
        with translation.override("en"):
            return super().get(request, *args, **kwargs)

    def _get_version_parameter(self, request):
        return None  # one version: `?version=` would only reach the file name in a header


class HtmlOnly(BaseContentNegotiation):
    """The page is HTML (its script JavaScript) whatever `?format=` or the Accept header ask for."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar's static files, its start script served as a file of its
    own (`?script`): templates/api/docs.html has no inline script or style, which the CSP forbids."""

    content_negotiation_class = HtmlOnly
    url_name = "api_schema"
    template_name = "api/docs.html"
    title = "Kumppanuus API"
