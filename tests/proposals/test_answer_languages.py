"""The official answer is written in each language: a Swedish reader gets the Swedish answer, or the
Finnish one marked as such when there is no Swedish text (page and email); and the other way round."""

import pytest
from django.core import mail

from engagement.proposals.models import ProposalState
from tests.factories.proposals import ProposalFactory, SupportFactory
from tests.proposals.test_moderation import edit_data

pytestmark = pytest.mark.django_db

FINNISH = "Kunnanhallitus päätti rakentaa uimarannan kesäksi 2027."
SWEDISH = "Kommunstyrelsen beslutade att bygga en badstrand till sommaren 2027."


def answer_by_admin(client, moderator, proposal, **answers):
    client.force_login(moderator)
    data = edit_data(proposal, state=ProposalState.objects.get(slug="accepted").pk, **answers)
    response = client.post(f"/admin/proposals/proposal/edit/{proposal.pk}/", data)
    assert response.status_code == 302
    client.logout()
    return {message.to[0]: message for message in mail.outbox}


def published_proposal():
    proposal = ProposalFactory(proposer_email="ehdottaja@example.com", language="fi")
    proposal.notified_state = proposal.state
    proposal.save()
    SupportFactory(proposal=proposal, email="stodjare@example.com", language="sv")
    mail.outbox.clear()
    return proposal


def test_swedish_supporter_gets_the_swedish_answer(client, staff_user_factory, index_fi, index_sv):
    proposal = published_proposal()
    emails = answer_by_admin(
        client, staff_user_factory("Moderators"), proposal, answer_text=FINNISH, answer_text_sv=SWEDISH
    )
    assert SWEDISH in emails["stodjare@example.com"].body and FINNISH not in emails["stodjare@example.com"].body
    assert FINNISH in emails["ehdottaja@example.com"].body and SWEDISH not in emails["ehdottaja@example.com"].body
    assert "endast på finska" not in emails["stodjare@example.com"].body

    swedish_page = client.get(f"{index_sv.url}{proposal.pk}/").content.decode()
    assert SWEDISH in swedish_page and FINNISH not in swedish_page
    finnish_page = client.get(f"{index_fi.url}{proposal.pk}/").content.decode()
    assert FINNISH in finnish_page and SWEDISH not in finnish_page


def test_without_swedish_text_the_finnish_answer_is_marked(client, staff_user_factory, index_fi, index_sv):
    proposal = published_proposal()
    emails = answer_by_admin(client, staff_user_factory("Moderators"), proposal, answer_text=FINNISH)
    swedish_email = emails["stodjare@example.com"]
    assert FINNISH in swedish_email.body
    assert "Det officiella svaret finns endast på finska." in swedish_email.body
    html = swedish_email.alternatives[0][0]
    assert 'lang="fi"' in html and "endast på finska" in html

    swedish_page = client.get(f"{index_sv.url}{proposal.pk}/").content.decode()
    assert FINNISH in swedish_page and "Det officiella svaret finns endast på finska." in swedish_page
    assert '<div lang="fi">' in swedish_page
    finnish_page = client.get(f"{index_fi.url}{proposal.pk}/").content.decode()
    assert FINNISH in finnish_page and "vain suomeksi" not in finnish_page


def test_only_swedish_answer_is_marked_for_a_finnish_reader(client, staff_user_factory, index_fi):
    proposal = published_proposal()
    emails = answer_by_admin(client, staff_user_factory("Moderators"), proposal, answer_text_sv=SWEDISH)
    assert SWEDISH in emails["ehdottaja@example.com"].body
    assert "Virallinen vastaus on saatavilla vain ruotsiksi." in emails["ehdottaja@example.com"].body
    assert "Virallinen vastaus on saatavilla vain ruotsiksi." in client.get(f"{index_fi.url}{proposal.pk}/").content.decode()


def test_demo_answers_are_written_in_both_languages():
    from kumppanuus.demo import proposals as demo
    from kumppanuus.demo.helpers import content

    answered = [row[0] for row in demo.PROPOSALS if row[-1] is not None]
    assert answered
    for key in answered:
        for language in ("fi", "sv"):
            assert content(language, "proposals")["proposals"][key]["answer"], (key, language)
