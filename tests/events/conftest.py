"""Fixtures for events: the events pages under both home pages, and translating an event."""

import pytest

from kumppanuus.translations import (
    translate,  # the one "create and translate" helper; tests import it here too
)
from tests.factories.events import EventIndexPageFactory


@pytest.fixture
def index_fi(home_fi):
    return EventIndexPageFactory(parent=home_fi)


@pytest.fixture
def index_sv(index_fi, locale_sv):
    return translate(index_fi, locale_sv, title="Evenemang", slug="evenemang")
