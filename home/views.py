"""Views outside the page tree: site search, the 500 page and contact cards."""

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from home.caching import active_locale_id
from home.caching import search as search_cache
from home.models import ContactPerson, SiteSettings
from kumppanuus.filters import paginated

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
    """Search the live pages of the active language only; the pages promoted for the words come first.
    The results are rendered once per query, page and language, until a page changes (`caching.search`)."""
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    number = request.GET.get("page", 1)
    locale = active_locale_id()  # cached: Locale.get_active() asks the database every time

    def compute():
        results = Page.objects.none()
        promoted = []
        if query:
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
        page = Paginator(results, 10).get_page(number)  # not a number: the first; past the end: the last
        promoted = promoted if page.number == 1 else []
        count = page.paginator.count
        return {
            "count": count,
            "offset": page.start_index() - 1 if count else 0,
            "rows": [result.pk for result in page.object_list],
            "number": page.number,
            "result_count": count + len(promoted),
            "any": bool(page.object_list) or bool(promoted),
            "html": render_to_string("home/includes/search_results.html", {"results": page, "promoted": promoted}),
        }

    # repr: the words searched for may hold any character, so no separator could keep the keys apart.
    data = search_cache.cached(repr(("results", locale, translation.get_language(), query, str(number))), compute)
    page = paginated({name: data[name] for name in ("count", "offset", "rows")}, data["number"], 10)
    return TemplateResponse(
        request,
        "home/search_results.html",
        {
            "search_query": query,
            "results": page,
            "results_html": mark_safe(data["html"]),  # noqa: S308 - rendered (and escaped) by its template
            "result_count": data["result_count"],
            "any_results": data["any"],
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
