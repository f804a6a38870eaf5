"""Events in other formats: iCalendar (RFC 5545), the rows of cards and feeds, schema.org JSON-LD and
Atom. The endpoints that serve them are in views.py; the event page embeds its JSON-LD.

iCalendar UIDs are stable across languages and edits (the page's translation_key, `ical_uid()`);
SEQUENCE and LAST-MODIFIED carry changes, so a subscribed calendar updates instead of duplicating.
"""

import html
import json
from datetime import UTC

from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from icalendar import Calendar
from icalendar import Event as ICalEvent

from engagement.delivery import municipality_name
from engagement.emails import absolute_url
from kumppanuus.text import printable, printable_values, request_language

from .caching import names
from .models import EventStatus, SignupState

PRODID = "-//Kumppanuus//Events//FI"  # the product; the municipality is in each calendar's name


def ical_uid(translation_key):
    """The one iCalendar UID of an event, the same in both languages and in every file, feed and API."""
    return f"event-{translation_key}@kumppanuus"


# --- iCalendar ---------------------------------------------------------------------------------


def text(value):
    """TEXT of RFC 5545: no control characters but tab, and line breaks as one kind (the library escapes them)."""
    return printable(value).replace("\r\n", "\n").replace("\r", "\n")


def calendar(name=""):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", text(name))
    return cal


def event_component(page, *, include_online_link=False):
    event = ICalEvent()
    event.add("uid", ical_uid(page.translation_key))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", page.start.astimezone(UTC))
    event.add("dtend", page.ends_at.astimezone(UTC))
    event.add("summary", text(page.title))
    # Rich text holds "<" as "&lt;": calendar TEXT is plain, so the entities go back to characters.
    description = page.intro or html.unescape(strip_tags(page.description or "")).strip()
    url = absolute_url(page.get_url())
    if include_online_link and page.online_url:
        description = f"{description}\n\n{page.online_url}".strip()
    if description:
        event.add("description", text(description))
    location = ", ".join(part for part in (page.place_name, page.address) if part)
    if include_online_link and page.online_url and not location:
        location = page.online_url
    if location:
        event.add("location", text(location))
    if url:
        event.add("url", url)
    event.add("sequence", page.ical_sequence)
    modified = page.last_published_at or page.latest_revision_created_at or page.first_published_at or timezone.now()
    event.add("last-modified", modified.astimezone(UTC))
    event.add("status", "CANCELLED" if page.status == EventStatus.CANCELLED else "CONFIRMED")
    return event


def event_ics(page, *, include_online_link=False):
    cal = calendar()
    cal.add_component(event_component(page, include_online_link=include_online_link))
    return cal.to_ical()


def feed_ics(pages, name):
    cal = calendar(name)
    for page in pages:
        cal.add_component(event_component(page))
    return cal.to_ical()


def ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- rows for cards, listings and the API ------------------------------------------------------

ROW_FIELDS = (
    "id", "title", "intro", "start", "end", "status", "place_name", "online_url", "signup_enabled",
    "category_id", "organiser_id", "url_path", "locale_id", "path", "depth", "languages", "translation_key",
    "signup_opens", "signup_closes",
)


def event_rows(queryset, locale_id):
    """Plain rows for cards and feeds, with names in the page's language."""
    lookup = names(locale_id)
    rows = []
    for event in queryset.only(*ROW_FIELDS):
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
                "online": event.is_online,
                "signup_enabled": event.signup_enabled,
                # The card links straight to the form while it takes sign-ups (as the event page does).
                "signup_url": event.signup_url if url and event.signup_state() == SignupState.OPEN else None,
                "url": url,
                "languages": event.languages,
                "translation_key": str(event.translation_key),
                "uid": ical_uid(event.translation_key),
                "category_slug": category["slug"] if category else None,
                "category_name": category["name"] if category else "",
                "organiser_key": organiser["key"] if organiser else None,
                "organiser_name": organiser["title"] if organiser else "",
            }
        )
    return rows


# --- schema.org JSON-LD -------------------------------------------------------------------------

SCHEMA_STATUS = {
    EventStatus.SCHEDULED: "EventScheduled",
    EventStatus.POSTPONED: "EventPostponed",
    EventStatus.CANCELLED: "EventCancelled",
    EventStatus.MOVED_ONLINE: "EventMovedOnline",
}


def json_ld(page, request):
    """schema.org Event for search engines."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": page.intro,
        "startDate": timezone.localtime(page.start).isoformat(),
        "endDate": timezone.localtime(page.ends_at).isoformat(),
        "eventStatus": f"https://schema.org/{SCHEMA_STATUS[page.status]}",
        "url": absolute_url(page.get_url(request)),
        "inLanguage": page.languages or [page.locale.language_code],
    }
    places = []
    if page.place_name or page.address:
        places.append({"@type": "Place", "name": page.place_name, "address": page.address})
    if page.is_online:
        places.append({"@type": "VirtualLocation", "url": absolute_url(page.get_url(request))})
    if places:
        data["location"] = places if len(places) > 1 else places[0]
        data["eventAttendanceMode"] = "https://schema.org/" + (
            "MixedEventAttendanceMode" if len(places) > 1 else
            ("OnlineEventAttendanceMode" if places[0]["@type"] == "VirtualLocation" else "OfflineEventAttendanceMode")
        )
    organiser = page.localized_organiser()
    data["organizer"] = (
        {"@type": "Organization", "name": organiser["title"], "url": absolute_url(organiser["url"])}
        if organiser else {"@type": "Organization", "name": municipality_name(request_language())}
    )
    return data


def json_ld_script(page, request):
    """The JSON-LD as the content of a <script> element: "<", ">" and "&" escaped."""
    return mark_safe(  # noqa: S308 - escaped for a <script> element
        json.dumps(json_ld(page, request), ensure_ascii=False)
        .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )


# --- Atom ----------------------------------------------------------------------------------------


class PrintableAtom1Feed(Atom1Feed):
    """Atom without the control characters XML 1.0 cannot hold: Django's writer refuses them with an
    error, so one stored in an event's text would make the whole feed answer 500."""

    def write(self, outfile, encoding):
        self.feed = printable_values(self.feed)
        self.items = [printable_values(item) for item in self.items]
        super().write(outfile, encoding)
