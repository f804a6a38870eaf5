"""URLs: the admin, APIs, feeds and captcha outside the language prefix; pages under /fi/ and /sv/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from kumppanuus.sitemaps import BilingualSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("captcha/", include("captcha.urls")),
    path("health/", home_views.health, name="health"),
    path("ping/", home_views.ping, name="ping"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": BilingualSitemap}}),
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
    path("", include("engagement.feedback.urls")),
    path("", include("engagement.proposals.urls")),
    path("", include("engagement.events.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler500 = "home.views.server_error"
