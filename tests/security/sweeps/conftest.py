"""The sweeps run against the whole demo site, found by crawling it (see ../site_map.py).

The demo is loaded, crawled and each of its forms sent once for this package, not for each module: the
injection sweep and the rate limits share it (about a minute of CPU each time on PostgreSQL).
tests/conftest.py hands the package to one worker as one unit, so it is built once per run.
"""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from tests.snapshot import load_demo

from ..site_map import discover


@pytest.fixture(scope="package")
def _demo_site_for_package(django_db_setup, django_db_blocker):
    """Loading and crawling the demo takes a while: done once for the package, inside a transaction that
    is rolled back after it. Each test runs in a savepoint within it (pytest-django's `db`), so what one
    test stores is gone for the next. The pages come with the tables each read (site_map.crawl's
    `record`), so that the injection sweep's crawl after publishing fetches again only what can have
    changed."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PUBLIC_FORM_RATE_LIMIT="100000/m"):
            load_demo()
            mail.outbox = []
            found = discover(Client(), record=True)
        yield found
        transaction.set_rollback(True)


@pytest.fixture
def demo_site(_demo_site_for_package, db, settings):
    """The demo loaded, crawled, each form sent once and the links in the emails followed: (pages, forms).

    Rate limits are lifted for the test (it sets its own) and their counters cleared."""
    settings.PUBLIC_FORM_RATE_LIMIT = "100000/m"
    cache.clear()
    mail.outbox = []
    return _demo_site_for_package
