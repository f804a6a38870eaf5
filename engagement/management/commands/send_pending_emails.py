"""Send every outbox email that is due (cron, every few minutes). Safe to run twice at once."""

from django.core.management.base import BaseCommand

from engagement.delivery import send_due_emails
from engagement.models import OutgoingEmail


class Command(BaseCommand):
    help = "Send emails waiting in the outbox whose next attempt is due."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, limit, **options):
        sent = send_due_emails(limit=limit)
        waiting = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).count()
        self.stdout.write(f"Sent {sent} email(s); {waiting} still waiting.")
