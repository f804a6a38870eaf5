"""Make the draft pages of new pages sent in from the public forms that the task worker has not made
(cron, every few minutes; the safety net of the queue). Safe to run twice at once."""

from django.core.management.base import BaseCommand

from engagement.moderation import make_waiting_pages


class Command(BaseCommand):
    help = "Make the draft pages of submitted new pages still waiting for theirs."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200)

    def handle(self, *args, limit, **options):
        made = make_waiting_pages(limit=limit)
        self.stdout.write(f"Made {made} page(s).")
