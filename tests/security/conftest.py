"""The security tests run against the whole demo site, found by crawling it (see site_map.py)."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from .site_map import discover


@pytest.fixture(scope="module")
def _demo_site_for_module(request, django_db_setup, django_db_blocker):
    """Loading and crawling the demo takes a while: done once per test module, inside a transaction that
    is rolled back after the module. Each test runs in a savepoint within it (pytest-django's `db`).
    A module with RECORD_TABLES = True gets the tables each page read (site_map.crawl's `record`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PUBLIC_FORM_RATE_LIMIT="100000/m"):
            call_command("load_demo", verbosity=0)
            mail.outbox = []
            found = discover(Client(), record=getattr(request.module, "RECORD_TABLES", False))
        yield found
        transaction.set_rollback(True)


@pytest.fixture
def demo_site(_demo_site_for_module, db, settings):
    """The demo loaded, crawled, each form sent once and the links in the emails followed: (pages, forms).

    Rate limits are lifted for the test (it sets its own) and their counters cleared."""
    settings.PUBLIC_FORM_RATE_LIMIT = "100000/m"
    cache.clear()
    mail.outbox = []
    return _demo_site_for_module
