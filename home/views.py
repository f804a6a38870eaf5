"""Views outside the page tree: site search, the 500 page and contact cards."""

import re

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.text import slugify
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from home.caching import active_locale_id
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


def search_terms(query):
    """The words of a query, without the punctuation that SQLite's full-text syntax would read as
    operators ("xss-attribute" is a syntax error there); PostgreSQL's search ignores it anyway."""
    return " ".join(re.findall(r"\w+", query))


def search(request):
    """Search the live pages of the active language only; the pages promoted for the words come first."""
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    results = Page.objects.none()
    promoted = []
    if query:
        locale = active_locale_id()  # cached: Locale.get_active() asks the database every time
        promoted = promoted_pages(query, locale)
        terms = search_terms(query)
        if terms:
            results = (
                Page.objects.live()
                .public()
                .filter(locale=locale)
                .exclude(pk__in=[page.pk for page in promoted])
                .specific()  # one query per page type of a result page, not one per result (their intros)
                .search(terms, operator="and")
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


# --- Directory: contact people (issue 3) --------------------------------------------------------------

def contact_vcard(request, pk):
    """A contact person as a vCard, for saving to an address book."""
    person = ContactPerson.objects.select_related("department").filter(pk=pk).first()
    if person is None:
        raise Http404
    organisation = SiteSettings.for_request(request).name
    response = HttpResponse(person.vcard(organisation), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(person.name) or "contact"}.vcf"'
    return response
