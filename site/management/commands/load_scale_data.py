"""Load city-scale data on top of the demo (`load_demo` first): see kumppanuus.demo.scale."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.models import AssociationIndexPage
from kumppanuus.demo.scale import ScaleLoader


class Command(BaseCommand):
    help = (
        "Add city-scale data to the demo in Finnish and Swedish: at --scale 1.0 200,000 feedback items, "
        "3,000 initiatives with 1,000,000 supports, 3,000 associations, 1,000 contact people, 20,000 events "
        "with 500,000 sign-ups and 300,000 outbox emails, over five years. Run once, after load_demo."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Multiplies every count (default 1.0).")
        parser.add_argument("--seed", type=int, default=1, help="The same seed makes the same data (default 1).")
        parser.add_argument("--index", action="store_true", help="Also add the new pages to the search index.")
        parser.add_argument("--force", action="store_true", help="Load it even with production settings.")

    def handle(self, *args, scale=1.0, seed=1, index=False, force=False, **options):
        if not settings.DEMO_CONTENT_ALLOWED and not force:
            raise CommandError("These are production settings: this would add made-up residents' data to a real site.")
        if scale <= 0:
            raise CommandError("--scale must be above 0.")
        if not AssociationIndexPage.objects.exists():
            raise CommandError("Load the demo first: manage.py load_demo.")
        if ScaleLoader.already_loaded():
            raise CommandError("The city-scale data is already loaded: start again from a database with the demo only.")
        ScaleLoader(scale=scale, seed=seed, stdout=self.stdout, index_pages=index).load()
        self.stdout.write(self.style.SUCCESS("City-scale data loaded."))
