"""Events: meetings with sign-up, association events, calendars."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "engagement.events"
    label = "events"
    verbose_name = _("Events")
