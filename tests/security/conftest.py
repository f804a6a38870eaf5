"""The security tests run against the whole demo site, found by crawling it (see site_map.py)."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command

from .site_map import discover


@pytest.fixture
def demo_site(db, client, settings):
    """The demo loaded, crawled, each form sent once and the links in the emails followed.

    Returns (pages, forms). Rate limits are lifted while discovering and the counters cleared after.
    """
    settings.PUBLIC_FORM_RATE_LIMIT = "100000/m"
    call_command("load_demo", verbosity=0)
    mail.outbox = []
    pages, forms = discover(client)
    cache.clear()
    mail.outbox = []
    return pages, forms
