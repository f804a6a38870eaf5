"""Release the places of sign-ups not confirmed by email in time, and promote the waiting list. Meant for
cron every few minutes; running it again releases nothing twice."""

from django.core.management.base import BaseCommand

from engagement.events.services import release_unconfirmed


class Command(BaseCommand):
    help = "Cancel sign-ups whose email was not confirmed in time and give their places to the waiting list."

    def handle(self, *args, **options):
        released = release_unconfirmed()
        self.stdout.write(f"Released {released} unconfirmed sign-up(s).")
