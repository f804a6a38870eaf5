"""Proposals and residents' initiatives: make, support, answer."""

from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "engagement.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def import_models(self):
        super().import_models()
        import_module(f"{self.name}.pages")  # the page types sit above forms and services (docs/architecture.md)

    def ready(self):
        from .caching import connect_signals  # deferred: AppConfig.ready runs once the models are loaded

        connect_signals()
