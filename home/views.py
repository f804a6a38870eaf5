"""Views outside the page tree: site search, the 500 page and the health check."""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.cache import never_cache
from wagtail.models import Locale, Page

SEARCH_QUERY_MAX_LENGTH = 200


def search(request):
    """Search the live pages of the active language only."""
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    results = Page.objects.none()
    if query:
        results = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .specific(defer=True)
            .search(query, operator="and")
        )
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "home/search_results.html",
        {"search_query": query, "results": page, "paginator": paginator},
    )


def server_error(request):
    """The 500 page in the language of the URL, without touching the database."""
    prefix = request.path.lstrip("/").split("/", 1)[0]
    language = prefix if prefix in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string("500.html", {"LANGUAGE_CODE": language})
    return HttpResponseServerError(html)


@never_cache
def health(request):
    """Report on the database, the cache and the task queue, for load balancers and monitoring."""
    from engagement.models import OutgoingEmail

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001
        checks["database"] = f"error: {error.__class__.__name__}"
    try:
        cache.set("health-check", "ok", 10)
        checks["cache"] = "ok" if cache.get("health-check") == "ok" else "error: read back failed"
    except Exception as error:  # noqa: BLE001
        checks["cache"] = f"error: {error.__class__.__name__}"
    try:
        failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
        waiting = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).count()
        checks["queue"] = "ok" if not failed else f"warning: {failed} email(s) failed"
        checks["emails_waiting"] = waiting
    except Exception as error:  # noqa: BLE001
        checks["queue"] = f"error: {error.__class__.__name__}"
    healthy = all(not str(value).startswith("error") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
