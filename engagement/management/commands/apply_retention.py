"""Erase personal data whose retention time has passed (cron, daily). Safe to run twice."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from engagement.retention import policies


class Command(BaseCommand):
    help = "Apply every module's retention policy. --dry-run only counts."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be erased; change nothing.")
        parser.add_argument("--only", action="append", default=[], help="Run only this policy (repeatable).")

    def handle(self, *args, dry_run=False, only=(), **options):
        registered = policies()
        unknown = set(only) - set(registered)
        if unknown:
            raise CommandError(f"Unknown policy: {', '.join(sorted(unknown))}. Known: {', '.join(registered)}")
        now = timezone.now()
        for name, policy in registered.items():
            if only and name not in only:
                continue
            with transaction.atomic():
                due = policy.due(now)
                count = due.count()
                if dry_run:
                    self.stdout.write(f"{name}: {count} would be erased ({policy.description})")
                else:
                    erased = policy.erase(due) if count else 0
                    self.stdout.write(f"{name}: {erased} erased ({policy.description})")
