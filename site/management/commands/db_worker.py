"""`manage.py db_worker`: django-tasks-db's worker, made to ride out a database restart.

The stock worker exits on the first OperationalError, so after a PostgreSQL restart it comes back only if
systemd restarts it. This one closes the broken connections, waits (1 s, doubling up to 30 s) and goes on
with the same process. `kumppanuus` is first in INSTALLED_APPS, so this command replaces the stock one.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker as stock

logger = logging.getLogger("kumppanuus.worker")

RETRY_FIRST_SECONDS = 1
RETRY_LONGEST_SECONDS = 30


class ResilientWorker(stock.Worker):
    def run(self):
        wait, failed_at = RETRY_FIRST_SECONDS, None
        while self.running:
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if failed_at is not None and time.monotonic() - failed_at > 2 * RETRY_LONGEST_SECONDS:
                    wait = RETRY_FIRST_SECONDS  # a new outage, not the same one going on
                failed_at = time.monotonic()
                logger.warning("Database unavailable (%s); the worker tries again in %s s", error, wait)
                for connection in connections.all(initialized_only=True):
                    try:
                        connection.close()
                    except (OperationalError, InterfaceError):
                        pass  # already broken: the next query opens a new connection
                time.sleep(wait)
                wait = min(wait * 2, RETRY_LONGEST_SECONDS)
                self.startup_delay = False


class Command(stock.Command):
    help = stock.Command.help + " (reconnects after a database restart)"

    def handle(self, *args, **options):
        # The stock handle() builds its Worker by the module's name; this one is used for the duration.
        original, stock.Worker = stock.Worker, ResilientWorker
        try:
            return super().handle(*args, **options)
        finally:
            stock.Worker = original
