"""Proposals and residents' initiatives: make, support, answer."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "engagement.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from .caching import connect_signals

        connect_signals()
