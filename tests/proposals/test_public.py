"""The public side of proposals: listing, a proposal's page, making a proposal, the private link."""

import re

import pytest
from django.core import mail

from engagement.proposals import services
from engagement.proposals.models import Proposal
from tests.factories.proposals import ProposalFactory, ProposalThemeFactory, SupportFactory

pytestmark = pytest.mark.django_db

CAPTCHA = {"captcha_0": "x", "captcha_1": "PASSED"}


def proposal_data(**extra):
    return {
        "title": "Uimaranta Koivujärvelle",
        "summary": "Koivujärven rantaan yleinen uimaranta.",
        "text": "Lähin uimaranta on kymmenen kilometrin päässä.",
        "proposer_name": "Aino Virtanen",
        "proposer_email": "Aino@example.com",
        "theme": "",
        "association": "",
        **CAPTCHA,
        **extra,
    }


def test_listing_shows_only_published_proposals_with_filters(client, index_fi):
    traffic = ProposalThemeFactory(name="Liikenne", slug="liikenne")
    ProposalFactory(title="Suojatie koululle", theme=traffic)
    ProposalFactory(title="Kirjasto auki sunnuntaisin")
    ProposalFactory(title="Ruotsiksi", language="sv")
    ProposalFactory(title="Odottaa yhä", pending=True)
    html = client.get(index_fi.url).content.decode()
    assert "Suojatie koululle" in html and "Kirjasto auki sunnuntaisin" in html
    assert "Odottaa yhä" not in html
    filtered = client.get(index_fi.url, {"theme": "liikenne"}).content.decode()
    assert "Suojatie koululle" in filtered and "Kirjasto auki sunnuntaisin" not in filtered
    swedish = client.get(index_fi.url, {"language": "sv"}).content.decode()
    assert "Ruotsiksi" in swedish and "Suojatie koululle" not in swedish
    by_state = client.get(index_fi.url, {"state": "accepted"}).content.decode()
    assert "Suojatie koululle" not in by_state


def test_listing_sorts_by_support_and_paginates(client, index_fi):
    quiet = ProposalFactory(title="Hiljainen aloite")
    popular = ProposalFactory(title="Suosittu aloite")
    SupportFactory.create_batch(3, proposal=popular)
    SupportFactory(proposal=quiet, confirmed_at=None)  # not confirmed: does not count
    html = client.get(index_fi.url, {"sort": "supported"}).content.decode()
    assert html.index("Suosittu aloite") < html.index("Hiljainen aloite")
    ProposalFactory.create_batch(10)
    first = client.get(index_fi.url).content.decode()
    second = client.get(index_fi.url, {"page": 2}).content.decode()
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_proposal_page_in_its_own_language_with_a_note(client, index_fi, index_sv):
    proposal = ProposalFactory(title="Fler bänkar i parken", language="sv", proposer_name="Sven Ek", show_name=False)
    html = client.get(f"{index_fi.url}{proposal.pk}/").content.decode()
    assert '<article class="proposal" lang="sv">' in html
    assert "Tämä aloite on kirjoitettu ruotsiksi." in html
    assert "Sven Ek" not in html and proposal.proposer_email not in html
    html_sv = client.get(f"{index_sv.url}{proposal.pk}/").content.decode()
    assert "Detta initiativ är skrivet på svenska." in html_sv


def test_name_is_shown_only_with_consent(client, index_fi):
    proposal = ProposalFactory(proposer_name="Aino Virtanen", show_name=True)
    assert "Aino Virtanen" in client.get(f"{index_fi.url}{proposal.pk}/").content.decode()


def test_html_in_the_text_is_escaped(client, index_fi):
    proposal = ProposalFactory(text='<script>alert("x")</script><b>lihava</b>')
    html = client.get(f"{index_fi.url}{proposal.pk}/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_pending_and_unknown_proposals_are_not_found(client, index_fi):
    pending = ProposalFactory(pending=True)
    assert client.get(f"{index_fi.url}{pending.pk}/").status_code == 404
    assert client.get(f"{index_fi.url}999999/").status_code == 404


def test_listing_and_proposal_page_query_budget(client, index_fi, django_assert_max_num_queries):
    theme = ProposalThemeFactory()
    proposals = ProposalFactory.create_batch(10, theme=theme)
    for proposal in proposals[:3]:
        SupportFactory.create_batch(2, proposal=proposal)
    client.get(index_fi.url)
    with django_assert_max_num_queries(15):
        assert client.get(index_fi.url).status_code == 200
    url = f"{index_fi.url}{proposals[0].pk}/"
    client.get(url)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


def test_make_a_proposal_stores_it_pending_and_sends_a_receipt(client, index_fi):
    theme = ProposalThemeFactory(name="Liikunta", slug="liikunta")
    response = client.post(f"{index_fi.url}new/", proposal_data(theme=theme.pk, show_name="on"))
    assert response.status_code == 200
    assert "Kiitos aloitteestasi" in response.content.decode()
    proposal = Proposal.objects.get()
    assert proposal.is_pending and proposal.state.slug == "received"
    assert proposal.language == "fi" and proposal.show_name and proposal.theme == theme
    [receipt] = [m for m in mail.outbox if m.to == ["aino@example.com"] or m.to == ["Aino@example.com"]]
    assert "Olemme vastaanottaneet aloitteesi" in receipt.subject
    assert f"/fi/proposals/private/{proposal.private_token}/" in receipt.body
    assert receipt.alternatives and "<a href" in receipt.alternatives[0][0]


def test_make_a_proposal_in_swedish(client, index_sv):
    client.post(f"{index_sv.url}new/", proposal_data())
    proposal = Proposal.objects.get()
    assert proposal.language == "sv"
    assert "Vi har tagit emot ditt initiativ" in mail.outbox[0].subject
    assert "/sv/proposals/private/" in mail.outbox[0].body


def test_invalid_proposal_keeps_what_was_typed_and_shows_errors(client, index_fi):
    response = client.post(f"{index_fi.url}new/", proposal_data(title="", text="x" * 10001))
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html
    assert "Koivujärven rantaan yleinen uimaranta." in html
    assert not Proposal.objects.exists()


def test_double_submission_stores_one_proposal(client, index_fi):
    form_html = client.get(f"{index_fi.url}new/").content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', form_html).group(1)
    data = proposal_data(submission_token=token)
    client.post(f"{index_fi.url}new/", data)
    client.post(f"{index_fi.url}new/", data)
    assert Proposal.objects.count() == 1


def test_private_link_edits_while_pending_only(client, index_fi):
    proposal = ProposalFactory(pending=True, title="Kirjoitusvirhe")
    url = f"/fi/proposals/private/{proposal.private_token}/"
    assert "Muokkaa aloitettasi" in client.get(url).content.decode()
    client.post(url, {"title": "Korjattu otsikko", "summary": proposal.summary, "text": proposal.text})
    proposal.refresh_from_db()
    assert proposal.title == "Korjattu otsikko"
    Proposal.objects.filter(pk=proposal.pk).update(moderation=Proposal.Moderation.PUBLISHED)
    client.post(url, {"title": "Myöhäinen muutos", "summary": proposal.summary, "text": proposal.text})
    proposal.refresh_from_db()
    assert proposal.title == "Korjattu otsikko"
    assert client.get("/fi/proposals/private/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_api_lists_published_proposals(client, index_fi):
    proposal = ProposalFactory()
    SupportFactory(proposal=proposal)
    ProposalFactory(pending=True)
    data = client.get("/api/proposals/").json()
    assert [item["id"] for item in data["results"]] == [proposal.pk]
    assert data["results"][0]["supports"] == 1


def test_a_proposal_is_kept_when_its_emails_fail(client, index_fi, monkeypatch, caplog):
    """Composed in a savepoint (by the task worker, here at once): a failure is logged, the proposal stays."""

    def broken(*args, **kwargs):
        raise RuntimeError("the outbox is broken")

    monkeypatch.setattr(services, "send_templated_email", broken)
    response = client.post(f"{index_fi.url}new/", proposal_data())
    assert "Kiitos aloitteestasi" in response.content.decode()
    proposal = Proposal.objects.get()
    assert not mail.outbox and f"Could not queue the emails of proposal {proposal.pk}" in caplog.text
