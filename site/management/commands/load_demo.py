"""Load the Koivula – Björkby demo in Finnish and Swedish. Idempotent; --reset rebuilds it."""

from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kumppanuus.demo.helpers import indexes_updated_once

# Each module contributes its own demo content, in this order (later ones use earlier ones).
DEMO_MODULES = [
    "kumppanuus.demo.site",
    "kumppanuus.demo.directory",
    "kumppanuus.demo.feedback",
    "kumppanuus.demo.proposals",
    "kumppanuus.demo.events",
    "kumppanuus.demo.consultations",
]


class Command(BaseCommand):
    help = "Create the bilingual demo site (Koivula – Björkby). Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete the demo content first and rebuild it.")
        parser.add_argument("--force", action="store_true", help="Load it even with production settings.")

    def handle(self, *args, reset=False, force=False, **options):
        if not settings.DEMO_CONTENT_ALLOWED and not force:
            raise CommandError(
                "These are production settings: the demo would add made-up residents' personal data to a real "
                "site. Use `start_site` for a new site, or give --force if this really is a demo."
            )
        modules = [import_module(name) for name in DEMO_MODULES]
        with transaction.atomic():
            if reset:
                for module in reversed(modules):
                    module.reset()
                self.stdout.write("Removed the demo content.")
            with indexes_updated_once():
                for module in modules:
                    module.load(self.stdout)
        # Pages made by migrations are not in the search index until something indexes them.
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("The Koivula – Björkby demo is ready in Finnish and Swedish."))
