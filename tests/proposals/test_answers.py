"""States and answers: the public answer, and one email per person in their own language."""

import datetime

import pytest
from django.core import mail

from engagement.proposals import services
from engagement.proposals.models import ProposalState
from tests.factories.proposals import FollowerFactory, ProposalFactory, SupportFactory
from tests.proposals.test_moderation import edit_data

pytestmark = pytest.mark.django_db


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_state_change_notifies_each_person_exactly_once(client, staff_user_factory, index_fi):
    client.force_login(staff_user_factory("Moderators"))
    proposal = ProposalFactory(proposer_email="ehdottaja@example.com", language="fi")
    proposal.notified_state = proposal.state
    proposal.save()
    SupportFactory(proposal=proposal, email="kannattaja@example.com", language="fi")
    SupportFactory(proposal=proposal, email="stodjare@example.com", language="sv")
    SupportFactory(proposal=proposal, email="vahvistamaton@example.com", confirmed_at=None)
    SupportFactory(proposal=proposal, email="ehdottaja@example.com")  # the proposer supports too
    FollowerFactory(proposal=proposal, email="kannattaja@example.com")  # follows and supports
    FollowerFactory(proposal=proposal, email="foljare@example.com", language="sv")
    FollowerFactory(proposal=proposal, email="ei-vahvistettu@example.com", confirmed_at=None)
    mail.outbox.clear()
    accepted = ProposalState.objects.get(slug="accepted")
    data = edit_data(
        proposal,
        state=accepted.pk,
        answer_text="Kunnanhallitus päätti rakentaa uimarannan kesäksi 2027.",
        answer_decided_by="Kunnanhallitus",
        answer_date="2026-10-12",
        answer_link="https://koivula.example/paatokset/123",
    )
    response = client.post(f"/admin/proposals/proposal/edit/{proposal.pk}/", data)
    assert response.status_code == 302
    assert recipients() == [
        "ehdottaja@example.com",
        "foljare@example.com",
        "kannattaja@example.com",
        "stodjare@example.com",
    ]
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Päätetty: hyväksytty" in by_address["kannattaja@example.com"].body
    assert "Beslutat: godkänt" in by_address["stodjare@example.com"].body
    assert "Officiellt svar" in by_address["foljare@example.com"].body
    assert "Kunnanhallitus päätti" in by_address["ehdottaja@example.com"].body
    # Saving again, or a second notification, sends nothing more.
    client.post(f"/admin/proposals/proposal/edit/{proposal.pk}/", data)
    services.notify_state_change(proposal)
    assert len(mail.outbox) == 4
    proposal.refresh_from_db()
    assert proposal.answered_at is not None


def test_answer_is_public(client, index_fi):
    proposal = ProposalFactory(
        state=ProposalState.objects.get(slug="partly-accepted"),
        answer_text="Penkit hankitaan torille.",
        answer_decided_by="Tekninen lautakunta",
        answer_date=datetime.date(2026, 9, 1),
        answer_link="https://koivula.example/paatokset/77",
    )
    html = client.get(f"{index_fi.url}{proposal.pk}/").content.decode()
    assert "Virallinen vastaus" in html
    assert "Penkit hankitaan torille." in html and "Tekninen lautakunta" in html
    assert "1.9.2026" in html and 'href="https://koivula.example/paatokset/77"' in html


def test_follow_needs_confirmation(client, index_fi):
    import re

    proposal = ProposalFactory()
    client.post(f"{index_fi.url}{proposal.pk}/follow/", {"email": "seuraaja@example.com", "captcha_0": "x", "captcha_1": "PASSED"})
    assert proposal.followers.get().confirmed_at is None
    link = re.search(r"testserver(/fi/proposals/follow/confirm/[^/\s]+/)", mail.outbox[0].body).group(1)
    client.post(link)
    assert proposal.followers.get().confirmed_at is not None


def test_follower_can_stop_following_from_the_email(client, index_fi):
    import re

    proposal = ProposalFactory(proposer_email="ehdottaja@example.com")
    proposal.notified_state = proposal.state
    proposal.save()
    FollowerFactory(proposal=proposal, email="seuraaja@example.com")
    proposal.state = ProposalState.objects.get(slug="in-preparation")
    proposal.save()
    services.notify_state_change(proposal)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "/proposals/follow/stop/" not in by_address["ehdottaja@example.com"].body
    link = re.search(r"testserver(/fi/proposals/follow/stop/[^/\s]+/)", by_address["seuraaja@example.com"].body).group(1)
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert "Et enää seuraa aloitetta" in response.content.decode()
    assert not proposal.followers.exists()
