"""A small bilingual directory for the listing, form and budget tests."""

import pytest

from tests.conftest import data_for_module
from tests.snapshot import load_directory


@pytest.fixture(scope="module")
def _directory_for_module(django_db_setup, django_db_blocker):
    """The demo directory, made once per test module (see tests/conftest.py: data_for_module)."""
    from home.models import AssociationIndexPage, ContactIndexPage, InfluenceChannelIndexPage

    with data_for_module(django_db_blocker):
        load_directory()  # as load_demo does: the search index once per object, at the end
        yield {
            f"{name}_{language}": model.objects.get(locale__language_code=language).pk
            for name, model in (
                ("associations", AssociationIndexPage),
                ("channels", InfluenceChannelIndexPage),
                ("contacts", ContactIndexPage),
            )
            for language in ("fi", "sv")
        }


@pytest.fixture
def demo_directory(_directory_for_module, db, home_fi, home_sv, settings):
    """The demo directory (12 associations, 10 channels, 8 contact people, in Finnish and Swedish): the
    index pages, fetched afresh for each test (which may change them; its changes are rolled back)."""
    from wagtail.models import Page

    return {key: Page.objects.get(pk=pk).specific for key, pk in _directory_for_module.items()}
