"""Content pages and site-wide content."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Content")

    def ready(self):
        from home import signals  # reason: AppConfig.ready, once the models are loaded

        signals.connect_signals()
