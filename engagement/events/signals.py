"""What the events module hooks into, connected from EventsConfig.ready(): its submission kind in the
shared moderation, the cache namespace's invalidation, and promoting the waiting list when an event is
published with more places."""

from wagtail.signals import page_published

from engagement.moderation import register_submission_kind

from . import submissions
from .caching import connect_signals as connect_cache_signals
from .pages import EventPage
from .services import on_event_published


def connect():
    register_submission_kind(
        "event",
        template_prefix="events/emails/event_submission",
        on_approved=submissions.publish_translation,
        correction_url=submissions.correction_url,
        new_page=submissions.new_event_page,
        fallback_slug="tapahtuma",
    )
    connect_cache_signals()
    page_published.connect(on_event_published, sender=EventPage, dispatch_uid="events.promote_on_publish")
