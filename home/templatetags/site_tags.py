"""The frame of every page: navigation, language links, breadcrumbs, footer and site settings, for
the active language. What they show is cached per site and language in the `layout` namespace
(home/caching.py), which any publish, move, unpublish or delete bumps, so a warm page spends its
queries on its own content."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override
from wagtail.models import Page

from home.caching import find_site, layout
from home.models import Footer, SiteSettings

register = template.Library()


def _frame(context):
    """The cached frame data for this request's site and language, once per request."""
    request = context.get("request")
    language = get_language()
    memo = getattr(request, "_site_frame", None)
    if memo and memo["language"] == language:
        return memo
    site = find_site(request) if request else None
    # Shared by the requests of this process (kept_in_process): read, never changed.
    frame = layout.kept_in_process(f"frame:{site.pk if site else 0}:{language}",
                                   lambda: _build_frame(request, site, language))
    if request is not None:
        request._site_frame = frame
    return frame


def _build_frame(request, site, language):
    frame = {"language": language, "home": None, "homes": {}, "menu": [], "settings": None, "footer_html": ""}
    if site is None:
        return frame
    homes = site.root_page.get_translations(inclusive=True).live().select_related("locale")
    for home in homes:
        frame["homes"][home.locale.language_code] = home.get_url(request)
        if home.locale.language_code == language:
            frame["home"] = {"pk": home.pk, "url": home.get_url(request), "path": home.path}
            frame["menu"] = [
                {"pk": item.pk, "title": item.title, "url": item.get_url(request), "path": item.path}
                for item in home.get_children().live().in_menu().only("id", "title", "url_path", "path", "depth")
            ]
    site_settings = SiteSettings.for_site(site)
    frame["settings"] = {
        "name": site_settings.municipality_name(language),
        "address": site_settings._localized("address", language),
        "phone": site_settings.phone,
        "email": site_settings.email,
        "business_id": site_settings.business_id,
        "social_links": site_settings.social_links,
    }
    footer = Footer.objects.filter(locale__language_code=language).first()
    frame["footer_html"] = render_to_string(
        "home/includes/footer.html", {"request": request, "footer": footer, "site": frame["settings"]}
    )
    return frame


@register.simple_tag(takes_context=True)
def site_frame(context):
    """{% site_frame as frame %}: frame.home.url, frame.settings.name …"""
    return _frame(context)


@register.inclusion_tag("home/includes/main_menu.html", takes_context=True)
def main_menu(context):
    frame = _frame(context)
    current = context.get("page")
    current_path = getattr(current, "path", "") or ""
    current_pk = getattr(current, "pk", None)
    return {
        "home": frame["home"],
        "items": [
            {**item, "is_current": item["pk"] == current_pk, "is_active": current_path.startswith(item["path"])}
            for item in frame["menu"]
        ],
        "home_is_current": bool(frame["home"]) and frame["home"]["pk"] == current_pk,
    }


@register.inclusion_tag("home/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    request = context.get("request")
    ancestors = []
    if isinstance(page, Page) and page.depth > 2:

        def compute():
            return [
                {"url": ancestor.get_url(request), "title": ancestor.title, "depth": ancestor.depth}
                for ancestor in page.get_ancestors().filter(depth__gt=1).live()
            ]

        host = request.get_host() if request else ""
        ancestors = layout.cached(f"breadcrumbs:{page.path}:{host}", compute)
    return {"request": request, "ancestors": ancestors, "page": page}


def _translation_urls(request, page):
    """{language: url} of the live translations of `page`, cached with the layout."""

    def compute():
        return {
            translation.locale.language_code: translation.get_url(request)
            for translation in page.get_translations(inclusive=True).live().select_related("locale")
        }

    return layout.cached(f"translations:{page.translation_key}:{request.get_host() if request else ''}", compute)


def _translated_path(request, code):
    """The address of this view in language `code`, rebuilt from the resolved route only, or None.

    Never from the raw path: `//evil.example/x` is a path to this site but a link to another one, and
    Django's translate_url hands back what it cannot resolve (or keeps the host of such a path)."""
    try:
        match = resolve(request.path_info)
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        with override(code):
            url = reverse(name, args=match.args, kwargs=match.kwargs)
    except (Resolver404, NoReverseMatch):
        return None
    if not url.startswith("/") or url.startswith(("//", "/\\")):
        return None
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: the translation of this page, or that language's home page."""
    request = context["request"]
    page = context.get("page")
    current = get_language()
    names = dict(settings.LANGUAGES)
    is_page = isinstance(page, Page) and page.pk
    translations = _translation_urls(request, page) if is_page else {}
    homes = _frame(context)["homes"] if is_page else {}
    # On a page's own sub-route (a proposal /aloitteet/12/, a sign-up form …) go to the same sub-route
    # of the translation: the routes are the same in both languages.
    sub_path = ""
    own_url = translations.get(current)
    if is_page and own_url and request.path.startswith(own_url):
        sub_path = request.path[len(own_url):]
    links = []
    for code, _name in settings.LANGUAGES:
        if is_page:
            url = translations[code] + sub_path if code in translations else homes.get(code) or f"/{code}/"
            has_translation = code in translations
        else:
            url = _translated_path(request, code)
            has_translation = url is not None
            url = url or f"/{code}/"  # the language's home page
        links.append(
            {"code": code, "name": names[code], "url": url, "is_current": code == current, "has_translation": has_translation}
        )
    return links


@register.simple_tag(takes_context=True)
def site_footer(context):
    return mark_safe(_frame(context)["footer_html"])
