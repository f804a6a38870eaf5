"""URLs: the admin, APIs, feeds and captcha outside the language prefix; pages under /fi/ and /sv/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from kumppanuus import health
from kumppanuus.api_schema import DocsView, SchemaView
from kumppanuus.sitemaps import BilingualSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("captcha/", include("captcha.urls")),
    path("health/", health.health, name="health"),
    path("ping/", health.ping, name="ping"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": BilingualSitemap}}),
    # The public API's OpenAPI document (YAML, or JSON with ?format=json) and its page for people.
    path("api/schema/", SchemaView.as_view(), name="api_schema"),
    path("api/docs/", DocsView.as_view(), name="api_docs"),
    # Language-neutral routes of the modules: APIs, feeds, one-click links from emails.
    path("", include("engagement.feedback.api_urls")),
    path("", include("engagement.proposals.api_urls")),
    path("", include("engagement.events.api_urls")),
    path("", include("engagement.consultations.api_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", home_views.search, name="search"),
    path("", include("home.urls")),
    path("", include("engagement.urls")),
    path("", include("engagement.directory.urls")),
    path("", include("engagement.feedback.urls")),
    path("", include("engagement.proposals.urls")),
    path("", include("engagement.events.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler500 = "home.views.server_error"
