"""Events: meetings with sign-up, association events, calendars."""

from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published


class EventsConfig(AppConfig):
    name = "engagement.events"
    label = "events"
    verbose_name = _("Events")

    def import_models(self):
        """The page types live in pages.py, above forms and services (docs/architecture.md): load them
        with the data models."""
        super().import_models()
        import_module(f"{self.name}.pages")

    def ready(self):
        # Deferred: these modules define or query models, which exist only once the apps are loaded.
        from engagement.moderation import register_submission_kind

        from . import submissions
        from .caching import connect_signals
        from .pages import EventPage
        from .services import on_event_published

        register_submission_kind(
            "event",
            template_prefix="events/emails/event_submission",
            on_approved=submissions.publish_translation,
            correction_url=submissions.correction_url,
        )
        connect_signals()
        page_published.connect(on_event_published, sender=EventPage, dispatch_uid="events.promote_on_publish")
