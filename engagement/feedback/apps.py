"""Feedback: from a resident's message to a public answer."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "engagement.feedback"
    label = "feedback"
    verbose_name = _("Feedback")

    def ready(self):
        from .caching import connect_signals

        connect_signals()
