"""Yearly "is this entry still current?" emails to associations (cron, e.g. daily; safe to run twice)."""

from django.core.management.base import BaseCommand

from engagement.directory.services import send_confirmation_requests


class Command(BaseCommand):
    help = "Ask associations not heard from in a year to confirm that their directory entry is current."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be asked; send nothing.")

    def handle(self, *args, dry_run=False, **options):
        asked = send_confirmation_requests(dry_run=dry_run)
        for page in asked:
            self.stdout.write(f"{'would ask' if dry_run else 'asked'}: {page.title} ({page.locale.language_code})")
        self.stdout.write(f"{len(asked)} association(s) {'would be ' if dry_run else ''}asked.")
