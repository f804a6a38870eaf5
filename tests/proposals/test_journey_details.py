"""Small things residents met on the initiative journey: the confirmation page names the initiative,
the language switch keeps the initiative, and the annual report's wide table scrolls by keyboard."""


import pytest

from engagement.proposals import services
from tests.factories.proposals import ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db


def test_support_confirmation_names_the_initiative(client, index_fi, index_sv):
    proposal = ProposalFactory(title="Penkkejä torille")
    support = SupportFactory(proposal=proposal, confirmed_at=None)
    token = services.make_confirm_token("s", support)
    html = client.get(f"/fi/proposals/support/confirm/{token}/").content.decode()
    assert "Penkkejä torille" in html
    assert f'href="{index_fi.url}{proposal.pk}/"' in html
    html = client.post(f"/fi/proposals/support/confirm/{token}/").content.decode()
    assert "Penkkejä torille" in html and "Kiitos" in html
    html_sv = client.get(f"/sv/proposals/support/confirm/{services.make_confirm_token('s', support)}/").content.decode()
    assert "Penkkejä torille" in html_sv and f'href="{index_sv.url}{proposal.pk}/"' in html_sv


def test_a_broken_confirmation_link_names_nothing(client, index_fi):
    response = client.get("/fi/proposals/support/confirm/not-a-token/")
    assert response.status_code == 200
    assert "Olet kannattamassa" not in response.content.decode()


def test_language_switch_on_an_initiative_goes_to_the_same_initiative(client, index_fi, index_sv):
    proposal = ProposalFactory()
    html = client.get(f"{index_fi.url}{proposal.pk}/").content.decode()
    assert f'href="{index_sv.url}{proposal.pk}/"' in html
    html_sv = client.get(f"{index_sv.url}{proposal.pk}/").content.decode()
    assert f'href="{index_fi.url}{proposal.pk}/"' in html_sv
    # The form for a new initiative switches to the other language's form.
    assert f'href="{index_sv.url}new/"' in client.get(f"{index_fi.url}new/").content.decode()


def test_language_switch_without_a_translation_goes_to_the_home_page(client, index_fi):
    proposal = ProposalFactory()
    html = client.get(f"{index_fi.url}{proposal.pk}/").content.decode()
    assert f'href="/sv/{proposal.pk}/"' not in html
    assert 'href="/sv/"' in html


def test_annual_report_table_scrolls_by_keyboard(client, staff_user_factory):
    ProposalFactory()
    client.force_login(staff_user_factory("Moderators"))
    html = client.get("/admin/proposals/proposal/report/").content.decode()
    region = html[: html.index('<table class="listing report-proposals">')].rsplit("<div", 1)[1]
    assert 'tabindex="0"' in region and 'role="region"' in region and "aria-label=" in region


def test_withdrawn_support_is_no_longer_counted_on_the_cached_page(client, index_fi):
    """Withdrawing is a conditional UPDATE (no save signal): it must still refresh the page cache."""
    proposal = ProposalFactory()
    support = SupportFactory(proposal=proposal)
    url = f"{index_fi.url}{proposal.pk}/"
    client.get(url)  # the first visit also makes the site's settings row, which refreshes the cache
    assert "1 henkilö kannattaa" in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "HIT"
    services.withdraw_support(support)
    assert "1 henkilö kannattaa" not in client.get(url).content.decode()
