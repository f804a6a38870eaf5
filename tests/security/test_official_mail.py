"""Official mail cannot carry someone's text (issue 13, finding 6).

Every public form mails the address typed in it at once, from the municipality's own sender, before
anyone has confirmed that address. Such a mail quotes nothing the visitor wrote (name, title,
message, place, answers): it links to the private tracking page, which shows the text. And only
RECEIPT_RATE_LIMIT receipts go to one address, whatever the client sending the forms.
"""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import translation
from wagtail.models import Page

from engagement.directory.services import create_association_submission
from engagement.events import services as event_services
from engagement.feedback import services as feedback_services
from engagement.models import OutgoingEmail
from engagement.moderation import _notify, submit_page_for_moderation
from engagement.proposals import services as proposal_services
from tests.factories.directory import AssociationIndexPageFactory
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.feedback import FeedbackPageFactory, FeedbackTopicFactory, translate_topic

pytestmark = pytest.mark.django_db

VICTIM = "victim@example.com"
# What a phisher would write in each free-text field; none of it may reach the victim's mailbox.
LURE = "EVIL Your account is locked: call 0700 123 456 or see http://evil.example/login"


def path_of(url):
    return urlsplit(url).path


def mails_to_victim():
    return [email for email in OutgoingEmail.objects.order_by("pk") if VICTIM in email.to]


def association_data(**overrides):
    data = {
        "name": LURE[:80], "intro": LURE, "description": LURE, "categories": [], "area": LURE[:60],
        "languages": ["fi"], "contact_name": LURE[:60], "contact_email": "", "contact_phone": "",
        "web_address": "", "meeting_place": LURE[:60], "how_to_join": LURE, "register_number": "",
        "steward_email": VICTIM, "submitter_name": LURE[:60], "submitter_email": VICTIM, "message": LURE,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_no_mail_to_a_typed_address_quotes_what_the_visitor_wrote(client, home_fi, home_sv, locale_fi, language, staff_user_factory):
    handler = staff_user_factory("Feedback handlers", username="kasittelija")
    topic = FeedbackTopicFactory(name="Kadut")
    if language == "sv":
        topic = translate_topic(topic, "Gator")
    with translation.override(language):
        feedback = feedback_services.receive_feedback(
            {"topic": topic, "message": LURE, "place": LURE[:100], "name": LURE[:100], "email": VICTIM,
             "phone": "0700 123 456"}, language)
        feedback_services.answer(feedback, "Katuvalo korjataan ensi viikolla.", by=handler)

        proposal = proposal_services.receive_proposal(
            {"title": LURE[:120], "summary": LURE, "text": LURE, "proposer_name": LURE[:100], "show_name": True,
             "proposer_email": VICTIM}, language)
        proposal_services.reject(proposal, "Aloite on jo käsittelyssä.")

        index = EventIndexPageFactory(parent=home_fi)
        event = EventPageFactory(parent=index, with_signup=True, capacity=1)
        signup = event_services.sign_up(event, name=LURE[:100], email=VICTIM, phone="0700 123 456",
                                        answers=[{"question": "Ruokavalio", "answer": LURE}], language=language)
        for template in ("promoted", "reminder", "cancelled"):
            event_services.send_signup_email(signup, template)
        event_services.email_attendees(event.translation_key, subject="Muutos", message="Tila vaihtuu.")

        draft = EventPageFactory(parent=index, title=LURE[:200], live=False)
        event_submission = submit_page_for_moderation(
            Page.objects.get(pk=draft.pk).specific, kind="event", submitter_name=LURE[:100],
            submitter_email=VICTIM, language=language, message=LURE)
        _notify(event_submission, "rejected", "Tapahtuma on jo kalenterissa.")
        directory = AssociationIndexPageFactory(parent=home_fi)
        association_submission = create_association_submission(
            association_data(), index=directory, entry=None, locale=locale_fi)

    received = mails_to_victim()
    templates = {email.template for email in received}
    assert {
        "feedback/emails/receipt", "feedback/emails/answer", "proposals/emails/receipt", "proposals/emails/rejected",
        "events/emails/confirmed", "events/emails/promoted", "events/emails/reminder", "events/emails/cancelled",
        "events/emails/message", "events/emails/event_submission_received", "engagement/emails/submission_received",
        "engagement/emails/submission_rejected",
    } <= templates
    for email in received:
        text = f"{email.subject}\n{email.body_text}\n{email.body_html}"
        assert "evil" not in text.lower() and "0700" not in text, (email.template, text)
        assert email.body_text.strip() and email.body_html.strip(), email.template  # both parts, always
        assert email.language == language, email.template  # in the language the person used
    # Staff still get the whole text: their notifications go to addresses that are not typed in a form.
    assert any(LURE in email.body_text for email in OutgoingEmail.objects.all() if VICTIM not in email.to)

    # Each receipt's link leads to the private page that shows what was sent.
    receipt = next(email for email in received if email.template == "feedback/emails/receipt")
    assert feedback.tracking_url() in receipt.body_text
    assert LURE in client.get(path_of(feedback.tracking_url())).content.decode()
    receipt = next(email for email in received if email.template == "proposals/emails/receipt")
    assert proposal.private_url() in receipt.body_text
    for submission in (event_submission, association_submission):
        status_page = client.get(submission.get_status_url()).content.decode()
        assert LURE[:60] in status_page and LURE in status_page  # the title and the message


def test_receipts_to_one_address_are_limited_whatever_the_client(client, home_fi, settings):
    settings.RECEIPT_RATE_LIMIT = "3/h"
    page = FeedbackPageFactory(parent=home_fi)
    topic = FeedbackTopicFactory(name="Kadut", code="streets")
    for number in range(5):
        address = VICTIM if number % 2 == 0 else VICTIM.upper()  # the same address, however written
        response = client.post(page.url, {
            "topic": topic.pk, "message": f"Palaute {number}", "email": address, "captcha_0": "x",
            "captcha_1": "PASSED", "submission_token": f"7b0a3c56-3a1c-4d43-9d71-3f1b7c2f1a0{number}",
        }, REMOTE_ADDR=f"203.0.113.{number + 1}")
        assert response.status_code == 200
    from engagement.feedback.models import Feedback

    assert Feedback.objects.count() == 5  # every submission is stored
    receipts = [m for m in mail.outbox if [address.lower() for address in m.to] == [VICTIM]]
    assert len(receipts) == 3
    # Staff are told of every one, and another address still gets its receipt.
    assert len([m for m in mail.outbox if m.to == ["kirjaamo@koivula.example"]]) == 5
    feedback_services.receive_feedback({"topic": topic, "message": "Toinen", "email": "toinen@example.com"}, "fi")
    assert any(m.to == ["toinen@example.com"] for m in mail.outbox)
