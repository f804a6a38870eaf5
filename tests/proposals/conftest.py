"""Fixtures for proposals: index pages under both home pages and a threshold setting."""

import pytest
from wagtail.models import Site

from home.models import SiteSettings
from kumppanuus.translations import translate
from tests.factories.proposals import ProposalIndexPageFactory


@pytest.fixture
def index_fi(home_fi):
    return ProposalIndexPageFactory(parent=home_fi)


@pytest.fixture
def index_sv(index_fi, locale_sv):
    return translate(index_fi, locale_sv, title="Initiativ", slug="initiativ")


@pytest.fixture
def entitled_voters(db):
    """Set the number of residents entitled to vote; the threshold is 2 % of it."""

    def set_voters(number):
        site = Site.objects.get(is_default_site=True)
        settings = SiteSettings.for_site(site)
        settings.entitled_voters = number
        settings.save()
        return settings

    return set_voters
