"""Email everyone signed up for tomorrow's events. Meant for cron (e.g. daily at 10.00); running it again
sends nothing twice."""

from django.core.management.base import BaseCommand

from engagement.events.services import send_reminders


class Command(BaseCommand):
    help = "Send reminders of tomorrow's events to the people who signed up."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"Sent {sent} reminder(s).")
