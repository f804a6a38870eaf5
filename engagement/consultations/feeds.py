"""iCalendar (RFC 5545) of consultations' deadlines: one VEVENT at each open consultation's close time.

The UID is the same in both languages and across edits (the page's translation key), so a subscribed
calendar moves the deadline when it changes instead of adding another. The event has a start and no end:
it ends when it starts (RFC 5545 3.6.1), a moment, like a deadline.
"""

from datetime import UTC, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from engagement.emails import absolute_url
from kumppanuus.text import printable

PRODID = "-//Kumppanuus//Consultations//FI"  # the product; the municipality is in the calendar's name


def uid(page):
    return f"consultation-{page.translation_key}@kumppanuus"


def text(value):
    """TEXT of RFC 5545: no control characters but tab, one kind of line break (the library escapes them)."""
    return printable(str(value)).replace("\r\n", "\n").replace("\r", "\n")


def deadline_component(page):
    event = Event()
    event.add("uid", uid(page))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", page.closes_at.astimezone(UTC))
    event.add("summary", text(_("Comments close: %(title)s") % {"title": page.title}))
    if page.summary:
        event.add("description", text(page.summary))
    url = absolute_url(page.get_url())
    if url:
        event.add("url", url)
    modified = page.last_published_at or page.latest_revision_created_at or page.first_published_at or timezone.now()
    event.add("last-modified", modified.astimezone(UTC))
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text(_("Comments close tomorrow: %(title)s") % {"title": page.title}))
    alarm.add("trigger", timedelta(days=-1))
    event.add_component(alarm)
    return event


def deadlines_ics(pages, name):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", text(name))
    for page in pages:
        cal.add_component(deadline_component(page))
    return cal.to_ical()
