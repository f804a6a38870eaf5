"""A small bilingual directory for the listing, form and budget tests."""

import pytest

from kumppanuus.demo import directory as demo


@pytest.fixture
def demo_directory(db, home_fi, home_sv, settings):
    """The demo directory (12 associations, 10 channels, 8 contact people, in Finnish and Swedish)."""

    class Out:
        def write(self, text):
            pass

    demo.load(Out())
    from home.models import AssociationIndexPage, ContactIndexPage, InfluenceChannelIndexPage

    return {
        "associations_fi": AssociationIndexPage.objects.get(locale__language_code="fi"),
        "associations_sv": AssociationIndexPage.objects.get(locale__language_code="sv"),
        "channels_fi": InfluenceChannelIndexPage.objects.get(locale__language_code="fi"),
        "channels_sv": InfluenceChannelIndexPage.objects.get(locale__language_code="sv"),
        "contacts_fi": ContactIndexPage.objects.get(locale__language_code="fi"),
        "contacts_sv": ContactIndexPage.objects.get(locale__language_code="sv"),
    }
