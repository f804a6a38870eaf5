"""Events: meetings with sign-up, association events, calendars."""

from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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
        from . import signals  # reason: AppConfig.ready, once the models are loaded

        signals.connect()
