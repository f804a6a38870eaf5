"""/api/schema/ and /api/docs/: the public API's OpenAPI document and its page for people (drf-spectacular).

Kept apart from kumppanuus.api, which REST framework's settings import (drf-spectacular's views read
those settings when imported).
"""

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, YAML (or JSON with `?format=json`), in English like its descriptions: the
    labels of choices (a status, a language) too, whatever the visitor's language."""

    def get(self, request, *args, **kwargs):
        with translation.override("en"):
            return super().get(request, *args, **kwargs)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar's static files, its start script served as a file of its
    own (`?script`): templates/api/docs.html has no inline script or style, which the CSP forbids."""

    url_name = "api_schema"
    template_name = "api/docs.html"
    title = "Kumppanuus API"
