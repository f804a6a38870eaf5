"""The association directory's public side: the form page, moderation of what associations send, and
the yearly confirmation. The directory's own pages are `home`'s models."""

from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "engagement.directory"
    label = "directory"
    verbose_name = _("Association directory")

    def import_models(self):
        super().import_models()
        import_module(f"{self.name}.pages")  # the page types sit above forms and services (docs/architecture.md)

    def ready(self):
        from . import signals  # reason: AppConfig.ready, once the models are loaded

        signals.connect()
