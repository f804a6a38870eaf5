"""Moderation in the admin: the Moderators group, the queue, publish, reject, typo fixes, merging."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from engagement.proposals import services
from engagement.proposals.models import Follower, Proposal, Support
from tests.factories import admin_language
from tests.factories.proposals import FollowerFactory, ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client, staff_user_factory):
    user = staff_user_factory("Moderators", email="moderaattori@koivula.example")
    client.force_login(user)
    return user


def test_moderators_group_has_the_proposal_permissions():
    codenames = set(Group.objects.get(name="Moderators").permissions.values_list("codename", flat=True))
    assert {"change_proposal", "view_proposal", "view_support", "delete_support", "access_admin"} <= codenames
    staff = set(Group.objects.get(name="Communications staff").permissions.values_list("codename", flat=True))
    assert "change_proposaltheme" in staff and "change_proposal" not in staff


def test_communications_staff_cannot_see_proposals(client, staff_user_factory):
    client.force_login(staff_user_factory("Communications staff"))
    assert client.get("/admin/proposals/proposal/").status_code in (302, 403)
    assert client.get("/admin/proposals/support/").status_code in (302, 403)


def test_pending_queue_lists_pending_proposals(client, moderator):
    ProposalFactory(title="Odottava aloite", pending=True)
    ProposalFactory(title="Julkaistu aloite")
    html = client.get("/admin/proposals/proposal/", {"moderation": "pending"}).content.decode()
    assert "Odottava aloite" in html and "Julkaistu aloite" not in html


def test_new_proposal_notifies_moderators(client, moderator, home_fi):
    from tests.factories.proposals import ProposalIndexPageFactory

    index = ProposalIndexPageFactory(parent=home_fi)
    client.post(
        f"{index.url}new/",
        {"title": "Uusi", "summary": "Tiivistelmä", "text": "Teksti", "proposer_name": "Aino",
         "proposer_email": "aino@example.com", "captcha_0": "x", "captcha_1": "PASSED"},
    )
    assert any("moderaattori@koivula.example" in m.to for m in mail.outbox)


def test_publish_emails_the_proposer(client, moderator, home_fi):
    proposal = ProposalFactory(pending=True, language="sv")
    assert client.get(f"/admin/proposals/proposal/publish/{proposal.pk}/").status_code == 200
    client.post(f"/admin/proposals/proposal/publish/{proposal.pk}/")
    proposal.refresh_from_db()
    assert proposal.moderation == Proposal.Moderation.PUBLISHED and proposal.state.slug == "published"
    [message] = mail.outbox
    assert message.to == [proposal.proposer_email]
    assert "Ditt initiativ har publicerats" in message.subject


@pytest.mark.parametrize(
    ("language", "subject", "reason_label"),
    [("fi", "Aloitettasi ei julkaistu", "Syy:"), ("sv", "Ditt initiativ publicerades inte", "Orsak:")],
)
def test_reject_emails_the_reason_in_the_proposers_language(client, moderator, language, subject, reason_label):
    proposal = ProposalFactory(pending=True, language=language)
    response = client.post(f"/admin/proposals/proposal/reject/{proposal.pk}/", {"reason": "Sisältää henkilötietoja."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.moderation == Proposal.Moderation.REJECTED
    [message] = mail.outbox
    assert subject in message.subject
    assert reason_label in message.body and "Sisältää henkilötietoja." in message.body
    assert message.extra_headers["Content-Language"] == language


def test_reject_needs_a_reason(client, moderator):
    proposal = ProposalFactory(pending=True)
    response = client.post(f"/admin/proposals/proposal/reject/{proposal.pk}/", {"reason": ""})
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.is_pending and not mail.outbox


def edit_data(proposal, **changes):
    data = {
        "title": proposal.title,
        "summary": proposal.summary,
        "text": proposal.text,
        "moderator_note": proposal.moderator_note,
        "theme": "",
        "association": "",
        "language": proposal.language,
        "state": proposal.state_id,
        "answer_text": proposal.answer_text,
        "answer_decided_by": proposal.answer_decided_by,
        "answer_date": "",
        "answer_link": proposal.answer_link,
        "measures": proposal.measures,
    }
    data.update(changes)
    return data


def test_typo_fix_shows_a_moderator_note(client, moderator, home_fi):
    from tests.factories.proposals import ProposalIndexPageFactory

    index = ProposalIndexPageFactory(parent=home_fi)
    proposal = ProposalFactory(text="Kirjastoon lisää aukiolo aikoja.")
    url = f"/admin/proposals/proposal/edit/{proposal.pk}/"
    # Changing the text without saying why is refused.
    response = client.post(url, edit_data(proposal, text="Kirjastoon lisää aukioloaikoja."))
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.edited_by_moderator_at is None
    response = client.post(url, edit_data(proposal, text="Kirjastoon lisää aukioloaikoja.", moderator_note="Kirjoitusvirhe korjattu."))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.text == "Kirjastoon lisää aukioloaikoja." and proposal.edited_by_moderator_at
    html = client.get(f"{index.url}{proposal.pk}/").content.decode()
    assert "Moderaattori on muokannut" in html and "Kirjoitusvirhe korjattu." in html


def test_merge_moves_supports_without_double_counting(client, moderator):
    survivor = ProposalFactory(title="Uimahalli Koivulaan")
    duplicate = ProposalFactory(title="Uimahalli kuntaan", proposer_email="toinen@example.com")
    SupportFactory(proposal=survivor, email="sama@example.com")
    SupportFactory(proposal=duplicate, email="sama@example.com")
    SupportFactory(proposal=duplicate, email="vain-toisessa@example.com")
    SupportFactory(proposal=duplicate, email="vahvistamaton@example.com", confirmed_at=None)
    FollowerFactory(proposal=duplicate, email="seuraaja@example.com")
    response = client.post(f"/admin/proposals/proposal/merge/{duplicate.pk}/", {"survivor": survivor.pk})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.moderation == Proposal.Moderation.MERGED and duplicate.merged_into == survivor
    assert survivor.support_count() == 2
    assert Support.objects.filter(proposal=survivor).count() == 3
    assert set(Follower.objects.filter(proposal=survivor).values_list("email", flat=True)) == {
        "seuraaja@example.com",
        "toinen@example.com",
    }
    assert any("toinen@example.com" in m.to for m in mail.outbox)


def test_merging_a_proposal_whose_proposer_was_erased(client, moderator):
    survivor = ProposalFactory(title="Uimahalli Koivulaan")
    duplicate = ProposalFactory(title="Uimahalli kuntaan", proposer_name="", proposer_email="")
    mail.outbox.clear()
    services.merge(duplicate, survivor)
    assert not Follower.objects.filter(proposal=survivor, email="").exists()
    assert all("" not in message.to for message in mail.outbox)
    html = client.get(f"/admin/proposals/proposal/edit/{duplicate.pk}/").content.decode()
    assert "&lt;&gt;" not in html


def test_merged_proposal_redirects_to_the_survivor(client, home_fi):
    from tests.factories.proposals import ProposalIndexPageFactory

    index = ProposalIndexPageFactory(parent=home_fi)
    survivor = ProposalFactory()
    duplicate = ProposalFactory()
    services.merge(duplicate, survivor)
    response = client.get(f"{index.url}{duplicate.pk}/")
    assert response.status_code == 302 and response["Location"].endswith(f"/{survivor.pk}/")


def test_supports_listing_finds_a_person(client, moderator):
    SupportFactory(email="etsitty@example.com", name="Etsitty Henkilö")
    SupportFactory(email="muu@example.com")
    html = client.get("/admin/proposals/support/", {"q": "etsitty"}).content.decode()
    assert "etsitty@example.com" in html and "muu@example.com" not in html


def test_edit_page_shows_proposer_and_moderation_actions(client, moderator):
    proposal = ProposalFactory(pending=True, proposer_name="Aino Virtanen", proposer_email="aino@example.com")
    html = client.get(f"/admin/proposals/proposal/edit/{proposal.pk}/").content.decode()
    assert "aino@example.com" in html
    assert f"/admin/proposals/proposal/publish/{proposal.pk}/" in html
    assert f"/admin/proposals/proposal/reject/{proposal.pk}/" in html
    listing = client.get("/admin/proposals/proposal/").content.decode()
    assert f"/admin/proposals/proposal/merge/{proposal.pk}/" in listing


def test_admin_labels_are_translated(client, moderator):
    admin_language(moderator, "sv")
    html = client.get("/admin/proposals/proposal/").content.decode()
    assert "Initiativ" in html
