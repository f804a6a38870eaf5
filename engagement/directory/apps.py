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
        # Deferred: AppConfig.ready runs once the models are loaded.
        from engagement.moderation import register_submission_kind

        from . import services

        register_submission_kind(
            "association",
            template_prefix="directory/emails/association",
            apply=services.apply_association_update,
            on_approved=services.publish_translation,
            correction_url=services.correction_url,
        )
