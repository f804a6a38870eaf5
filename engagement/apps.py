"""The shared engagement app: public form base, email outbox."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Participation")

    def ready(self):
        from . import moderation  # reason: AppConfig.ready, once the models are loaded

        moderation.connect_signals()
