"""The project package: site-wide mechanisms that belong to no single app (the full-page cache, the
cells of spreadsheet exports, facts kept the same in every language)."""

from django.apps import AppConfig


class KumppanuusConfig(AppConfig):
    name = "kumppanuus"
    verbose_name = "Kumppanuus"

    def ready(self):
        from kumppanuus import checks, pagecache, spreadsheets, translation_sync  # noqa: F401 - reason: AppConfig.ready; checks registers the deployment checks

        pagecache.connect_signals()
        spreadsheets.install()
        translation_sync.connect_signals()
