"""Events' views that are not pages: the cancel and confirm links of a sign-up, the old address of the
association's event form, and the language-neutral .ics files, calendar feeds and Atom feed (the JSON API: api.py).
The listing, the event page, the sign-up form and the submission form are pages (pages.py)."""


from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.models import Locale

from engagement.delivery import municipality_name
from engagement.links import expired_link_response, has_expired
from engagement.ratelimit import is_rate_limited, rate_limited_response
from home.models import AssociationPage
from kumppanuus.text import request_language

from . import feeds, services
from .caching import cached
from .models import EventCategory, SignUp
from .pages import EventIndexPage, EventPage

# --- a sign-up's private links ---------------------------------------------------------------------


def _signup_by_token(token):
    """The sign-up a private link opens (never an erased one), or 404."""
    signup = SignUp.objects.filter(token=token, erased_at__isnull=True).select_related("event").first()
    if signup is None:
        raise Http404
    return signup


@never_cache
def cancel_signup(request, token):
    if request.method == "POST" and is_rate_limited(request, "events:cancel"):
        return rate_limited_response(request)
    signup = _signup_by_token(token)
    page = services.event_for_language(signup)
    if has_expired(signup.event_ends_at or (page.ends_at if page is not None else None)):
        return expired_link_response(request)  # a cancel link works until the event has ended
    done = False
    if request.method == "POST":
        services.cancel(signup)
        signup.refresh_from_db()
        done = True
    return TemplateResponse(request, "events/cancel.html", {"signup": signup, "event": page, "done": done})


@never_cache
def confirm_signup(request, token):
    """The link in the email of an event that asks for confirmation: GET shows a button (mail scanners
    open links), POST confirms. It works until the sign-up's deadline."""
    if request.method == "POST" and is_rate_limited(request, "events:confirm"):
        return rate_limited_response(request)
    signup = _signup_by_token(token)
    page = services.event_for_language(signup)
    if signup.awaits_email_confirmation and (
        signup.status == SignUp.Status.CANCELLED or has_expired(signup.confirm_by)
    ):
        return expired_link_response(request)
    result = ""
    if request.method == "POST":
        result, signup = services.confirm_email(signup)
        if result == "expired":
            return expired_link_response(request)
    return TemplateResponse(
        request, "events/confirm_signup.html", {"signup": signup, "event": page, "result": result}
    )


def submit_event(request):
    """/<language>/events/submit/, the address the submission form had before it became the events
    page's sub-route: links in sent emails (`?submission=…` included) keep working. 307 keeps a POST."""
    index = EventIndexPage.objects.live().filter(locale__language_code=request_language()).first()
    if index is None or index.url is None:
        raise Http404
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponseRedirect(index.submit_url + (f"?{query}" if query else ""))
    if request.method == "POST":
        response.status_code = 307
    return response


# --- language-neutral: calendars, feeds, API ------------------------------------------------------


def _locale_or_404(language):
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        raise Http404
    return locale


def event_ics(request, pk):
    page = get_object_or_404(EventPage.objects.published(), pk=pk)
    return feeds.ics_response(feeds.event_ics(page), f"{page.slug}.ics")


def calendar_feed(request, language, association=None, category=None):
    locale = _locale_or_404(language)
    events = EventPage.objects.published().in_locale(locale).upcoming().order_by("start")
    with translation.override(language):
        name = _("Events – %(municipality)s") % {"municipality": municipality_name(language)}
        if association:
            organiser = AssociationPage.objects.filter(translation_key=association, locale=locale).first()
            if organiser is None:
                raise Http404
            events = events.for_association(association)
            name = f"{organiser.title} – {name}"
        if category:
            events = events.in_category(category)
            found = EventCategory.objects.filter(slug=category, locale=locale).first()
            if found is None:
                raise Http404
            name = f"{found.name} – {name}"
        # Cached with the events namespace (any change of an event renews it); upcoming moves with the
        # clock, so for a few minutes only. Calendar apps poll this feed all day.
        content = cached(
            f"ics:{locale.pk}:{association or ''}:{category or ''}",
            lambda: feeds.feed_ics(list(events[:500]), str(name)), timeout=300,
        )
    return feeds.ics_response(content, "events.ics")


class NewEventsFeed(Feed):
    """An Atom feed of the newest published events in one language."""

    feed_type = feeds.PrintableAtom1Feed

    def get_object(self, request, language):
        translation.activate(language)
        return _locale_or_404(language)

    def title(self, obj):
        return _("New events – %(municipality)s") % {"municipality": municipality_name(obj.language_code)}

    def link(self, obj):
        index = EventIndexPage.objects.live().filter(locale=obj).first()
        return index.url if index else "/"

    def description(self, obj):
        return _("Events and meetings of %(municipality)s, newest first.") % {
            "municipality": municipality_name(obj.language_code)
        }

    def items(self, obj):
        return EventPage.objects.published().in_locale(obj).order_by("-first_published_at")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        when = timezone.localtime(item.start).strftime("%d.%m.%Y %H:%M")
        return f"{when} – {item.intro}"

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
