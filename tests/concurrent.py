"""Posting one form from several clients at the same moment (double clicks, racing residents): the
concurrency tests of the modules share this. They need PostgreSQL (SQLite serialises the writes)."""

import threading

from django.db import connections
from django.test import Client


def post_at_once(url, make_data, jobs=5):
    """POST `make_data()` to `url` from `jobs` threads released together: (status codes, errors)."""
    barrier = threading.Barrier(jobs)
    statuses, errors = [], []

    def submit():
        try:
            data = make_data()
            barrier.wait(timeout=30)
            statuses.append(Client().post(url, data).status_code)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses, errors
