"""The project package: site-wide mechanisms that belong to no single app (the full-page cache, facts kept the same in every language)."""

from django.apps import AppConfig


class KumppanuusConfig(AppConfig):
    name = "kumppanuus"
    verbose_name = "Kumppanuus"

    def ready(self):
        from kumppanuus import pagecache, translation_sync

        pagecache.connect_signals()
        translation_sync.connect_signals()
