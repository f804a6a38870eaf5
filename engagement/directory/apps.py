"""The association directory: the association form and its moderation; association pages are home's."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "engagement.directory"
    label = "directory"
    verbose_name = _("Directory")
