"""Erase personal data whose retention time has passed (cron, daily). Safe to run twice.

Each policy erases in batches (engagement.retention.apply), each batch in its own transaction, so the
job runs in bounded memory over a city's data and prints its progress as it goes."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from engagement.retention import apply, policies
from engagement.retention import batch_size as default_batch_size

PROGRESS_SECONDS = 5


class Command(BaseCommand):
    help = "Apply every module's retention policy. --dry-run only counts."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be erased; change nothing.")
        parser.add_argument("--only", action="append", default=[], help="Run only this policy (repeatable).")
        parser.add_argument(
            "--batch-size", type=int, default=None,
            help="Rows erased per transaction (default: the RETENTION_BATCH_SIZE setting, 2000).",
        )

    def handle(self, *args, dry_run=False, only=(), batch_size=None, **options):
        registered = policies()
        unknown = set(only) - set(registered)
        if unknown:
            raise CommandError(f"Unknown policy: {', '.join(sorted(unknown))}. Known: {', '.join(registered)}")
        if batch_size is not None and batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        size = batch_size or default_batch_size()
        now = timezone.now()
        for name, policy in registered.items():
            if only and name not in only:
                continue
            count = policy.due(now).count()
            if dry_run:
                self.stdout.write(f"{name}: {count} would be erased ({policy.description})")
                continue
            started = last_report = time.monotonic()

            def progress(erased, name=name, count=count):
                nonlocal last_report
                if time.monotonic() - last_report >= PROGRESS_SECONDS:
                    last_report = time.monotonic()
                    self.stdout.write(f"{name}: {erased} of {count} erased so far")

            erased = apply(policy, now, size, progress) if count else 0
            self.stdout.write(
                f"{name}: {erased} erased ({policy.description})"
                + (f" in {time.monotonic() - started:.1f} s" if count else "")
            )
