"""Content pages and site-wide content."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Content")

    def ready(self):
        from engagement.moderation import register_submission_kind
        from home import directory, signals  # reason: AppConfig.ready, once the models are loaded

        register_submission_kind(
            "association",
            template_prefix="home/emails/association",
            apply=directory.apply_association_update,
            on_approved=directory.publish_translation,
            correction_url=directory.correction_url,
        )
        signals.connect_signals()
