"""Every page of the demo exists in both languages, and the language switcher goes to its translation."""

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page

from tests.conftest import data_for_module
from tests.snapshot import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker):
    with data_for_module(django_db_blocker):
        load_demo()
        yield


@pytest.fixture
def demo(_demo_for_module, db):
    """The demo, loaded once for this module; what a test changes is rolled back after it."""


def test_every_demo_page_has_a_live_translation_and_the_switcher_links_it(client, demo):
    fi, sv = Locale.objects.get(language_code="fi"), Locale.objects.get(language_code="sv")
    pages = Page.objects.live().filter(depth__gt=1, locale=fi).specific()
    assert pages.count() > 5
    checked = 0
    for page in pages:
        translation = page.get_translation_or_none(sv)
        assert translation is not None and translation.live, f"{page.url_path} has no live Swedish translation"
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert f'<a href="{translation.url}" lang="sv" hreflang="sv">Svenska</a>' in html, page.url
        response_sv = client.get(translation.url)
        assert response_sv.status_code == 200, translation.url
        assert f'<a href="{page.url}" lang="fi" hreflang="fi">Suomi</a>' in response_sv.content.decode()
        checked += 1
    assert checked == pages.count()


def test_load_demo_is_idempotent(demo):
    counts = Page.objects.count()
    call_command("load_demo", verbosity=0)
    assert Page.objects.count() == counts
