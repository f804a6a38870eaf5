"""Content pages and site-wide content."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Content")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_save

        from home import caching
        from home.groups import SECTION_PAGE_PERMISSIONS, on_section_page_created

        caching.connect_signals()
        for dotted in SECTION_PAGE_PERMISSIONS:
            post_save.connect(
                on_section_page_created, sender=apps.get_model(dotted), dispatch_uid=f"section-permissions-{dotted}"
            )
