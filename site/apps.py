"""The project package: site-wide mechanisms that belong to no single app (the full-page cache)."""

from django.apps import AppConfig


class KumppanuusConfig(AppConfig):
    name = "kumppanuus"
    verbose_name = "Kumppanuus"

    def ready(self):
        from kumppanuus import checks, pagecache  # noqa: F401 - checks registers the deployment checks

        pagecache.connect_signals()
