"""Template tags that show upcoming events on other pages (the home page, association pages)."""

from django import template
from wagtail.models import Locale

register = template.Library()


@register.inclusion_tag("events/includes/upcoming_events.html", takes_context=True)
def upcoming_events(context, organiser=None, limit=3):
    """Upcoming events in the active language; only those organised by `organiser` (an
    AssociationPage, in either language) when given."""
    from ..models import EventIndexPage
    from ..views import annotate_names, events_in, upcoming

    locale = Locale.get_active()
    events = upcoming(events_in(locale)).exclude(status="cancelled")
    if organiser is not None:
        events = events.filter(organiser__translation_key=organiser.translation_key)
    events = list(events.select_related("category", "organiser").order_by("start")[: int(limit)])
    annotate_names(events, locale)
    index = EventIndexPage.objects.live().filter(locale=locale).first()
    return {
        "request": context.get("request"),
        "events": events,
        "organiser": organiser,
        "index": index,
    }
