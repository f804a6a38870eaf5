"""iCalendar (RFC 5545) for events: one event's .ics and subscribable feeds.

UIDs are stable across languages and edits (the page's translation_key); SEQUENCE and LAST-MODIFIED
carry changes, so a subscribed calendar updates instead of duplicating.
"""

import html
from datetime import UTC

from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar
from icalendar import Event as ICalEvent

from engagement.emails import absolute_url
from kumppanuus.text import printable

from .models import EventStatus

PRODID = "-//Koivulan kunta//Kumppanuus events//FI"


def uid(page):
    return f"event-{page.translation_key}@kumppanuus"


def absolute(url):
    """A page's URL (relative, or full from its Wagtail Site) on the public base address."""
    return absolute_url(url) if url else ""


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
    event.add("uid", uid(page))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", page.start.astimezone(UTC))
    event.add("dtend", page.ends_at.astimezone(UTC))
    event.add("summary", text(page.title))
    # Rich text holds "<" as "&lt;": calendar TEXT is plain, so the entities go back to characters.
    description = page.intro or html.unescape(strip_tags(page.description or "")).strip()
    url = absolute(page.get_url())
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
