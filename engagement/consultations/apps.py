"""Consultations: a draft in sections, comments without an account, and the summary of what was heard."""

from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "engagement.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def import_models(self):
        # The page types live in pages.py, above forms and services (docs/architecture.md).
        super().import_models()
        import_module(f"{self.name}.pages")

    def ready(self):
        from .caching import connect_signals  # deferred: the models must be loaded first

        connect_signals()
