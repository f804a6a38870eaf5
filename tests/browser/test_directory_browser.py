"""The directory in a real browser, in Finnish and Swedish, with axe: the association directory and
its filters, an association, the influence channels, a channel, "who to contact", the public form and
the yearly confirmation."""

import re

import pytest
from playwright.sync_api import expect

from tests.snapshot import load_directory


@pytest.fixture
def directory(db):
    load_directory()


@pytest.mark.parametrize(
    "language,directory_url,filter_label,area,first,channels_url,guide_heading,contacts_url",
    [
        ("fi", "/fi/yhdistykset/", "Kylä tai alue", "Rantala", "Rantalan kyläyhdistys ry", "/fi/vaikuta/",
         "Mikä kanava sopii asiaani?", "/fi/yhteyshenkilot/"),
        ("sv", "/sv/foreningar/", "By eller område", "Strandby", "Strandby byaförening rf", "/sv/paverka/",
         "Vilken kanal passar mitt ärende?", "/sv/kontaktpersoner/"),
    ],
)
def test_directory_channels_and_contacts_in_both_languages(
    page, assert_accessible, directory, language, directory_url, filter_label, area, first, channels_url,
    guide_heading, contacts_url,
):
    page.goto(directory_url)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(".association-list h2")).to_have_count(12)
    expect(page.locator(".association-list h2").last).to_have_text("Östra Björkby bygdeförening r.f.")
    assert_accessible(page)

    page.get_by_label(filter_label).select_option(area)
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator(".association-list h2")).to_have_count(2)
    expect(page.locator(".association-list h2").first).to_have_text(first)
    page.get_by_role("link", name=first).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first)
    assert_accessible(page)

    page.goto(channels_url)
    expect(page.get_by_role("heading", name=guide_heading)).to_be_visible()
    assert_accessible(page)
    page.locator(".channel-group h3 a").first.click()
    expect(page.locator("ol.steps li").first).to_be_visible()
    assert_accessible(page)

    page.goto(contacts_url)
    expect(page.locator(".contact-card")).to_have_count(8)
    assert_accessible(page)


def test_association_form_shows_errors_accessibly(page, assert_accessible, directory):
    page.goto("/sv/associations/submit/")  # the old address: redirects to the form page
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page)
    page.locator("form[method=post] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/sv/foreningsformular/$"))
    assert_accessible(page)


def test_yearly_confirmation_asks_then_confirms_in_swedish(page, assert_accessible, directory):
    from urllib.parse import urlsplit

    from django.utils import timezone

    from engagement.directory.services import confirmation_url
    from home.models import AssociationConfirmation, AssociationPage

    association = AssociationPage.objects.get(title="Strandby byaförening rf")
    page.goto(urlsplit(confirmation_url(association, timezone.now())).path)  # the link in the yearly email
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("link", name="Uppgifterna om Strandby byaförening rf")).to_be_visible()
    assert_accessible(page)
    assert not AssociationConfirmation.objects.filter(confirmed_at__isnull=False).exists()

    page.get_by_role("button", name="Ja, uppgifterna är aktuella").click()
    expect(page.locator(".notice--success")).to_have_text("Tack! Uppgifterna om Strandby byaförening rf är markerade som aktuella.")
    assert_accessible(page)
    assert AssociationConfirmation.objects.filter(
        translation_key=association.translation_key, confirmed_at__isnull=False
    ).exists()
