"""Views outside the page tree: site search, the 500 page and the health check."""

import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page
from wagtail.search.utils import normalise_query_string

from engagement.ratelimit import client_address
from home.models import ContactPerson, SiteSettings

SEARCH_QUERY_MAX_LENGTH = 200


def promoted_pages(query, locale):
    """The live pages of `locale` that editors promote for this search (Wagtail's promoted search
    results: Settings → Promoted search results), in their order. Read only: searching records nothing."""
    promotions = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query), page__locale=locale)
        .select_related("page")
        .order_by("sort_order")
    )
    return [promotion.page.specific for promotion in promotions if promotion.page.live]


def search(request):
    """Search the live pages of the active language only; the pages promoted for the words come first."""
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    results = Page.objects.none()
    promoted = []
    if query:
        locale = Locale.get_active()
        promoted = promoted_pages(query, locale)
        results = (
            Page.objects.live()
            .public()
            .filter(locale=locale)
            .exclude(pk__in=[page.pk for page in promoted])
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
        {
            "search_query": query,
            "results": page,
            "paginator": paginator,
            "promoted": promoted if page.number == 1 else [],
            "result_count": paginator.count + len(promoted),
        },
    )


def server_error(request):
    """The 500 page in the language of the URL, without touching the database."""
    prefix = request.path.lstrip("/").split("/", 1)[0]
    language = prefix if prefix in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string("500.html", {"LANGUAGE_CODE": language})
    return HttpResponseServerError(html)


def ping(request):
    """Liveness without touching the database or cache; also the benchmark's plain-Django floor."""
    return HttpResponse("ok", content_type="text/plain")


TASK_OVERDUE_MINUTES = 10


def overdue_tasks():
    """Tasks in the database queue (django-tasks-db) that were due over TASK_OVERDUE_MINUTES ago and
    are still waiting: a worker that stopped. Other task backends keep no queue to look at: 0."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult, get_date_max

    due_before = timezone.now() - timedelta(minutes=TASK_OVERDUE_MINUTES)
    return (
        DBTaskResult.objects.ready()
        .filter(Q(run_after=get_date_max(), enqueued_at__lte=due_before) | Q(run_after__lte=due_before))
        .count()
    )


def may_see_health_details(request):
    """The queue counts are for the operators: a request from this machine itself (not one a proxy on
    it passes on), or one with `Authorization: Bearer <HEALTH_TOKEN>`. Everyone else gets the status."""
    token = getattr(settings, "HEALTH_TOKEN", "")
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and constant_time_compare(given, f"Bearer {token}"):
        return True
    if "HTTP_X_FORWARDED_FOR" in request.META and not settings.NUM_PROXIES:
        return False  # passed on by a proxy: the peer address is the proxy's, not the client's
    try:
        return ipaddress.ip_address(client_address(request)).is_loopback
    except ValueError:
        return False


@never_cache
def health(request):
    """Report on the database, the cache and the task queue, for load balancers and monitoring.

    Anyone gets the status code and `status`; the checks only `may_see_health_details`."""
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
        overdue = overdue_tasks()
        warnings = []
        if failed:
            warnings.append(f"{failed} email(s) failed")
        if overdue:
            warnings.append(f"{overdue} task(s) waiting over {TASK_OVERDUE_MINUTES} minutes: is the worker running?")
        checks["queue"] = "ok" if not warnings else "warning: " + "; ".join(warnings)
        checks["emails_waiting"] = waiting
        checks["tasks_overdue"] = overdue
    except Exception as error:  # noqa: BLE001
        checks["queue"] = f"error: {error.__class__.__name__}"
    healthy = all(not str(value).startswith("error") for value in checks.values())
    body = {"status": "ok" if healthy else "error"}
    if may_see_health_details(request):
        body["checks"] = checks
    return JsonResponse(body, status=200 if healthy else 503)


# --- Directory: contact people, association form, yearly confirmation (issue 3) ---------------------

def contact_vcard(request, pk):
    """A contact person as a vCard, for saving to an address book."""
    person = ContactPerson.objects.select_related("department").filter(pk=pk).first()
    if person is None:
        raise Http404
    organisation = SiteSettings.for_request(request).name
    response = HttpResponse(person.vcard(organisation), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(person.name) or "contact"}.vcf"'
    return response


def association_form(request):
    """Add a new association or suggest an update of an existing entry; both go to moderation.

    `?entry=<id>` updates a live entry, filled in from its live page; `?submission=<token>` sends a
    corrected version of a submission the moderators asked changes to, filled in from what was sent."""
    from django.http import Http404

    from engagement.moderation import form_content, submission_to_correct
    from engagement.views import handle_public_form
    from home.directory import association_form_initial, correction_initial, create_association_submission
    from home.forms import AssociationForm
    from home.models import AssociationCategory, AssociationIndexPage, AssociationPage

    locale = Locale.get_active()
    index = AssociationIndexPage.objects.live().filter(locale=locale).first()
    if index is None:
        raise Http404
    entry = None
    correcting = None
    token = request.POST.get("correction") or request.GET.get("submission") or ""
    if token:
        correcting = submission_to_correct(token, "association")
        if correcting is None:
            raise Http404
        if correcting.is_queued_update:
            entry = AssociationPage.objects.live().filter(pk=correcting.page_id).first()
    else:
        entry_id = request.POST.get("entry") or request.GET.get("entry") or ""
        if str(entry_id).isdigit():
            entry = AssociationPage.objects.live().filter(pk=int(entry_id)).first()
            if entry is not None:
                entry = entry.get_translation_or_none(locale) or entry
                entry = AssociationPage.objects.live().filter(pk=entry.pk).first() or entry
    categories = [(category.slug, category.name) for category in AssociationCategory.objects.filter(locale=locale)]
    initial = correction_initial(correcting) if correcting is not None else association_form_initial(entry)

    def on_valid(form):
        submission, _created = form.store_once(
            lambda: create_association_submission(
                form.cleaned_payload, index=index, entry=entry, locale=locale, replaces=correcting,
                content=form_content(form),
            )
        )
        return TemplateResponse(
            request, "home/association_form_done.html", {"submission": submission, "index": index, "entry": entry}
        )

    return handle_public_form(
        request,
        form_class=AssociationForm,
        template="home/association_form.html",
        context={"index": index, "entry": entry, "correcting": correcting},
        on_valid=on_valid,
        scope="association-form",
        form_kwargs={"categories": categories, "initial": initial},
    )


@never_cache
def association_confirm(request, token):
    """The "yes, our entry is still current" link from the yearly email: the link (GET) shows the entry
    and a button; the button (POST) confirms. Mail scanners that open links confirm nothing."""
    from home.directory import confirm_association

    result, page = confirm_association(token, commit=request.method == "POST")
    status = {"ask": 200, "confirmed": 200, "already": 200, "expired": 410, "invalid": 400}[result]
    return TemplateResponse(
        request, "home/association_confirm.html", {"result": result, "association": page}, status=status
    )
