"""Fixtures for events: the events pages under both home pages, and translating an event."""

import pytest

from tests.factories.events import EventIndexPageFactory


def translate(page, locale, **fields):
    """Make and publish the translation of `page` in `locale`, as wagtail-localize would."""
    translation = page.copy_for_translation(locale, copy_parents=False)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation.specific


@pytest.fixture
def index_fi(home_fi):
    return EventIndexPageFactory(parent=home_fi)


@pytest.fixture
def index_sv(index_fi, locale_sv):
    return translate(index_fi, locale_sv, title="Evenemang", slug="evenemang")
