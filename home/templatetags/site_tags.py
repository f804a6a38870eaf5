"""Navigation, language links, breadcrumbs and the footer, always for the active language."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from home.models import Footer

register = template.Library()


def _site_root(context):
    """The home page in the active language, once per request."""
    request = context.get("request")
    cache = getattr(request, "_localized_root", None) if request else None
    if cache is not None:
        return cache
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    root = site.root_page.localized
    if request is not None:
        request._localized_root = root
    return root


@register.simple_tag(takes_context=True)
def localized_home(context):
    return _site_root(context)


@register.inclusion_tag("home/includes/main_menu.html", takes_context=True)
def main_menu(context):
    root = _site_root(context)
    current = context.get("page")
    items = root.get_children().live().in_menu().only("id", "title", "url_path", "path", "depth") if root else []
    current_path = getattr(current, "path", "")
    return {
        "request": context.get("request"),
        "root": root,
        "items": [
            {"page": item, "is_active": bool(current_path) and current_path.startswith(item.path)} for item in items
        ],
        "current": current,
    }


@register.inclusion_tag("home/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    ancestors = page.get_ancestors().filter(depth__gt=1).live() if page and page.depth > 2 else []
    return {"request": context.get("request"), "ancestors": ancestors, "page": page}


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: the translation of this page, or that language's home page."""
    request = context["request"]
    page = context.get("page")
    current = get_language()
    names = dict(settings.LANGUAGES)
    links = []
    translations = {}
    if isinstance(page, Page) and page.pk:
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation
    homes = None
    for code, _name in settings.LANGUAGES:
        if isinstance(page, Page) and page.pk:
            target = translations.get(code)
            if target is None:
                if homes is None:
                    root = _site_root(context)
                    homes = {
                        home.locale.language_code: home
                        for home in (root.get_translations(inclusive=True).live().select_related("locale") if root else [])
                    }
                target = homes.get(code)
            url = target.get_url(request) if target else f"/{code}/"
            has_translation = code in translations
        else:
            url = translate_url(request.get_full_path(), code)
            has_translation = True
        links.append(
            {
                "code": code,
                "name": names[code],
                "url": url,
                "is_current": code == current,
                "has_translation": has_translation,
            }
        )
    return links


@register.inclusion_tag("home/includes/footer.html", takes_context=True)
def site_footer(context):
    footer = Footer.objects.filter(locale=Locale.get_active()).first()
    return {"request": context.get("request"), "footer": footer, "settings": context.get("settings")}
