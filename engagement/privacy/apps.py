"""Privacy tools: a person's data found by email, exported as JSON or erased; every use is logged."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "engagement.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        # The ground's own kinds (submissions, the outbox, the audit log); each module's are in its
        # privacy.py, which the registry autodiscovers.
        from . import core  # noqa: F401 - registers the kinds
