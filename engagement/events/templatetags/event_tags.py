"""Template tags that show upcoming events on other pages (the home page, association pages)."""

from django import template
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.models import Locale

from engagement.emails import absolute_url
from home.caching import active_locale_id

from ..caching import cached
from ..feeds import event_rows
from ..pages import EventIndexPage, EventPage

register = template.Library()


@register.simple_tag
def manage_submission_url(submission):
    """The absolute link to the submitter's page for an event submission (for emails)."""
    path = reverse("events:manage_submission", args=[submission.token])
    return absolute_url(path)


@register.inclusion_tag("events/includes/upcoming_events.html", takes_context=True)
def upcoming_events(context, organiser=None, limit=3):
    """Upcoming events in the active language; only those organised by `organiser` (an
    AssociationPage, in either language) when given. Cached until events change."""
    locale_id = active_locale_id()
    organiser_key = str(organiser.translation_key) if organiser is not None else ""

    def compute():
        locale = Locale.objects.get(pk=locale_id)
        events = EventPage.objects.published().in_locale(locale).upcoming().not_cancelled()
        if organiser is not None:
            events = events.for_association(organiser.translation_key)
        index = EventIndexPage.objects.live().filter(locale=locale).first()
        return {
            "events": event_rows(events.order_by("start")[: int(limit)], locale.pk),
            "index_url": index.get_url() if index else "",
        }

    data = cached(f"upcoming:{locale_id}:{organiser_key}:{int(limit)}", compute, timeout=300)
    return {
        "request": context.get("request"),
        "LANGUAGE_CODE": get_language(),
        "organiser_key": organiser_key,
        **data,
    }
