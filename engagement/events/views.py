"""Serving events: the listing and archive, event pages with sign-up, cancelling, the association form,
and the language-neutral calendars and feeds (the JSON API is in api.py)."""

import json
from datetime import date, timedelta

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.models import Locale

from engagement.links import expired_link_response, has_expired
from engagement.ratelimit import client_address, is_over_limit, is_rate_limited, rate_limited_response
from engagement.views import handle_public_form
from home.models import AssociationPage
from home.models.contacts import SERVICE_LANGUAGES
from kumppanuus.text import printable_values

from . import ical, services
from .caching import cached
from .filters import EventFilterSet
from .forms import EventSubmissionForm, SignUpForm
from .models import EventCategory, EventIndexPage, EventPage, EventStatus, SignUp

PER_PAGE = 12


def _language():
    return (get_language() or "fi")[:2]


def events_in(locale):
    return EventPage.objects.live().public().filter(locale=locale)


def upcoming(queryset, now=None):
    now = now or timezone.now()
    # An event without an end is treated as lasting two hours.
    return queryset.filter(Q(end__gte=now) | Q(end__isnull=True, start__gte=now - timedelta(hours=2)))


def names(locale_id):
    """Category and organiser names in one language, keyed every way the pages need, cached."""

    def compute():
        categories = list(EventCategory.objects.values("pk", "slug", "name", "translation_key", "locale_id"))
        local = {c["translation_key"]: c for c in categories if c["locale_id"] == locale_id}
        organisers = list(
            AssociationPage.objects.live().select_related("locale").only(
                "id", "title", "url_path", "translation_key", "locale", "path", "depth"
            )
        )
        local_organisers = {
            page.translation_key: {"title": page.title, "url": page.get_url(), "key": str(page.translation_key)}
            for page in organisers if page.locale_id == locale_id
        }
        return {
            "categories": sorted(((c["slug"], c["name"]) for c in local.values()), key=lambda item: item[1]),
            "categories_by_id": {
                c["pk"]: local.get(c["translation_key"], c) for c in categories
            },
            "organisers": sorted(((o["key"], o["title"]) for o in local_organisers.values()), key=lambda item: item[1]),
            # An association without a page in this language is still named, in its own language:
            # never shown as the municipality's event.
            "organisers_by_id": {
                page.pk: local_organisers.get(page.translation_key)
                or {"title": page.title, "url": page.get_url(), "key": str(page.translation_key)}
                for page in organisers
            },
        }

    return cached(f"names:{locale_id}", compute)


def event_rows(queryset, locale_id):
    """Plain rows for cards and feeds, with names in the page's language."""
    lookup = names(locale_id)
    rows = []
    for event in queryset.only(
        "id", "title", "intro", "start", "end", "status", "place_name", "online_url", "signup_enabled",
        "category_id", "organiser_id", "url_path", "locale_id", "path", "depth", "languages", "translation_key",
        "signup_opens", "signup_closes",
    ):
        category = lookup["categories_by_id"].get(event.category_id) if event.category_id else None
        organiser = lookup["organisers_by_id"].get(event.organiser_id) if event.organiser_id else None
        url = event.get_url()
        rows.append(
            {
                "pk": event.pk,
                "title": event.title,
                "intro": event.intro,
                "start": event.start,
                "end": event.end,
                "ends_at": event.ends_at,
                "status": event.status,
                "status_label": str(event.get_status_display()),
                "place_name": event.place_name,
                "online": bool(event.online_url) or event.status == EventStatus.MOVED_ONLINE,
                "signup_enabled": event.signup_enabled,
                # The card links straight to the form while it takes sign-ups (as the event page does).
                "signup_url": f"{url}signup/" if url and event.signup_state() == "open" else None,
                "url": url,
                "languages": event.languages,
                "translation_key": str(event.translation_key),
                "category_slug": category["slug"] if category else None,
                "category_name": category["name"] if category else "",
                "organiser_key": organiser["key"] if organiser else None,
                "organiser_name": organiser["title"] if organiser else "",
            }
        )
    return rows


def _months(count=6):
    today = timezone.localdate()
    months = []
    year, month = today.year, today.month
    for _index in range(count):
        months.append((f"{year}-{month:02d}", date(year, month, 1)))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return months


def serve_event_index(page, request):
    locale_id = page.locale_id
    past = request.GET.get("past") == "1"
    filters = EventFilterSet(request.GET, queryset=EventPage.objects.none())
    selected = filters.selected()

    def compute():
        events = EventPage.objects.live().public().filter(locale_id=locale_id, path__startswith=page.path)
        now = timezone.now()
        if past:
            events = events.filter(
                Q(end__lt=now) | Q(end__isnull=True, start__lt=now - timedelta(hours=2))
            ).order_by("-start")
        else:
            events = upcoming(events, now).order_by("start")
        return event_rows(filters.filter_queryset(events), locale_id)

    key = ":".join(["list", str(page.pk), "past" if past else "upcoming", *selected.values()])
    # Upcoming/past moves with the clock: cache for a few minutes only.
    rows = cached(key, compute, timeout=300)
    paginator = Paginator(rows, PER_PAGE)
    items = paginator.get_page(request.GET.get("page"))
    lookup = names(locale_id)
    context = page.get_context(request)
    context.update(
        {
            "items": items,
            "past": past,
            "selected": selected,
            "categories": lookup["categories"],
            "organisers": lookup["organisers"],
            "months": _months(),
            "language_choices": SERVICE_LANGUAGES,
            "filtered": any(selected.values()),
            "feed_language": request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else _language(),
        }
    )
    return TemplateResponse(request, page.get_template(request), context)


def _places_left(page):
    if page.capacity is None or not page.signup_enabled:
        return None
    confirmed = cached(f"confirmed:{page.translation_key}", lambda: SignUp.confirmed_people(page.translation_key))
    return max(page.capacity - confirmed, 0)


def serve_event_page(page, request):
    context = page.get_context(request)
    context["signup_state"] = page.signup_state()
    context["places_left"] = _places_left(page)
    context["json_ld"] = mark_safe(  # noqa: S308 - escaped for a <script> element below
        json.dumps(json_ld(page, request), ensure_ascii=False)
        .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    return TemplateResponse(request, page.get_template(request), context)


def serve_signup_form(page, request):
    """The sign-up form on its own URL (…/signup/): the event page stays cacheable and cheap."""
    context = page.get_context(request)
    state = page.signup_state()
    context.update(
        {"signup_state": state, "places_left": _places_left(page), "retention_days": settings.SIGNUP_RETENTION_DAYS}
    )
    if state != "open" or getattr(request, "is_preview", False):
        return TemplateResponse(request, "events/signup_form.html", context)

    def on_valid(form):
        # However many addresses one client has, it makes only a few sign-ups for one event.
        if is_over_limit(f"event-signups:{page.translation_key}", client_address(request), settings.SIGNUP_CLIENT_RATE_LIMIT):
            return TemplateResponse(request, "events/signup_result.html", {**context, "page": page, "result": "too_many"})
        try:
            signup, _created = form.store_once(
                lambda: services.sign_up(
                    page,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    people=form.people,
                    answers=form.answers,
                    language=_language(),
                )
            )
            result = "waiting" if signup.status == SignUp.Status.WAITING else "confirmed"
            context["signup"] = signup
            if signup.awaits_email_confirmation:
                result = "confirm_email"
                context["confirm_hours"] = page.signup_confirm_hours
        except services.AlreadySignedUp as error:
            services.send_signup_email(error.signup, services.receipt_template(error.signup), receipt=True)
            result = "already"
        except services.SignUpRefused as error:
            result = error.reason
        return TemplateResponse(request, "events/signup_result.html", {**context, "page": page, "result": result})

    return handle_public_form(
        request,
        form_class=SignUpForm,
        template="events/signup_form.html",
        context=context,
        on_valid=on_valid,
        scope=f"event:{page.translation_key}",
        form_kwargs={"event": page},
    )


def json_ld(page, request):
    """schema.org Event for search engines."""
    status = {
        EventStatus.SCHEDULED: "EventScheduled",
        EventStatus.POSTPONED: "EventPostponed",
        EventStatus.CANCELLED: "EventCancelled",
        EventStatus.MOVED_ONLINE: "EventMovedOnline",
    }[page.status]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": page.intro,
        "startDate": timezone.localtime(page.start).isoformat(),
        "endDate": timezone.localtime(page.ends_at).isoformat(),
        "eventStatus": f"https://schema.org/{status}",
        "url": ical.absolute(page.get_url(request)),
        "inLanguage": page.languages or [page.locale.language_code],
    }
    places = []
    if page.place_name or page.address:
        places.append({"@type": "Place", "name": page.place_name, "address": page.address})
    if page.online_url or page.status == EventStatus.MOVED_ONLINE:
        places.append({"@type": "VirtualLocation", "url": ical.absolute(page.get_url(request))})
    if places:
        data["location"] = places if len(places) > 1 else places[0]
        data["eventAttendanceMode"] = "https://schema.org/" + (
            "MixedEventAttendanceMode" if len(places) > 1 else
            ("OnlineEventAttendanceMode" if places[0]["@type"] == "VirtualLocation" else "OfflineEventAttendanceMode")
        )
    organiser = page.localized_organiser()
    data["organizer"] = (
        {"@type": "Organization", "name": organiser["title"], "url": ical.absolute(organiser["url"])}
        if organiser else {"@type": "Organization", "name": _("Municipality of Koivula")}
    )
    return data


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
    """An association sends its event to moderation; `?submission=<token>` sends a corrected version
    of one the moderators asked changes to, filled in from what was sent."""
    from engagement.moderation import form_content, submission_to_correct, submit_page_for_moderation

    from .submissions import fill_event, other_texts_note

    token = request.POST.get("correction") or request.GET.get("submission") or ""
    correcting = None
    if token:
        correcting = submission_to_correct(token, "event")
        if correcting is None or correcting.page is None:
            raise Http404
    site_language = _language()

    def on_valid(form):
        data = form.cleaned_data
        language = site_language if data["language"] == "both" else data["language"]
        index = EventIndexPage.objects.live().filter(locale__language_code=language).first()
        if index is None:
            raise Http404
        content = {**form_content(form), "_language": language}

        def create():
            if correcting is not None:
                page = correcting.page.specific.get_latest_revision_as_object()
            else:
                page = EventPage(title=data["title"], start=data["start"], live=False)
            fill_event(page, content, index.locale)
            if correcting is None:
                index.add_child(instance=page)
            return submit_page_for_moderation(
                page, kind="event", submitter_name=data["submitter_name"], submitter_email=data["submitter_email"],
                language=site_language, message=other_texts_note(data), content=content, replaces=correcting,
            )

        submission, _created = form.store_once(create)
        return TemplateResponse(request, "events/submit_event_done.html", {"submission": submission})

    return handle_public_form(
        request, form_class=EventSubmissionForm, template="events/submit_event.html",
        context={"correcting": correcting}, on_valid=on_valid, scope="event-submission",
        form_kwargs={"initial": {**correcting.content, "correction": correcting.token}} if correcting else {},
    )


# --- language-neutral: calendars, feeds, API ------------------------------------------------------


def _locale_or_404(language):
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        raise Http404
    return locale


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_ics(request, pk):
    page = get_object_or_404(EventPage.objects.live().public(), pk=pk)
    return _ics_response(ical.event_ics(page), f"{page.slug}.ics")


def calendar_feed(request, language, association=None, category=None):
    locale = _locale_or_404(language)
    events = upcoming(events_in(locale)).order_by("start")
    with translation.override(language):
        name = _("Events – Koivula")
        if association:
            organiser = AssociationPage.objects.filter(translation_key=association, locale=locale).first()
            if organiser is None:
                raise Http404
            events = events.filter(organiser__translation_key=association)
            name = f"{organiser.title} – {name}"
        if category:
            events = events.filter(category__slug=category)
            found = EventCategory.objects.filter(slug=category, locale=locale).first()
            if found is None:
                raise Http404
            name = f"{found.name} – {name}"
        content = ical.feed_ics(list(events[:500]), str(name))
    return _ics_response(content, "events.ics")


class PrintableAtom1Feed(Atom1Feed):
    """Atom without the control characters XML 1.0 cannot hold: Django's writer refuses them with an
    error, so one stored in an event's text would make the whole feed answer 500."""

    def write(self, outfile, encoding):
        self.feed = printable_values(self.feed)
        self.items = [printable_values(item) for item in self.items]
        super().write(outfile, encoding)


class NewEventsFeed(Feed):
    """An Atom feed of the newest published events in one language."""

    feed_type = PrintableAtom1Feed

    def get_object(self, request, language):
        translation.activate(language)
        return _locale_or_404(language)

    def title(self, obj):
        return _("New events – Koivula")

    def link(self, obj):
        index = EventIndexPage.objects.live().filter(locale=obj).first()
        return index.url if index else "/"

    def description(self, obj):
        return _("Events and meetings in Koivula, newest first.")

    def items(self, obj):
        return events_in(obj).order_by("-first_published_at")[:30]

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
