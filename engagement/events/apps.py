"""Events: meetings with sign-up, association events, calendars."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "engagement.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from engagement.moderation import register_submission_kind

        from . import submissions
        from .caching import connect_signals

        register_submission_kind(
            "event",
            template_prefix="events/emails/event_submission",
            on_approved=submissions.publish_translation,
            correction_url=submissions.correction_url,
        )
        connect_signals()

        from wagtail.signals import page_published

        from .models import EventPage
        from .services import on_event_published

        page_published.connect(on_event_published, sender=EventPage, dispatch_uid="events.promote_on_publish")
