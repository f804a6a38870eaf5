"""Every email, of every kind, links to the public base address only (WAGTAILADMIN_BASE_URL), comes from
the municipality's name in the reader's language, and reaches staff in their own admin language.

The emails are made by the real flows (proposals, supports, follows, feedback, sign-ups, event and
association submissions, the yearly confirmation), so every link builder is exercised, while the
Wagtail Site still says `localhost`."""

import re
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from wagtail.models import Site

from engagement.consultations import services as consultations
from engagement.consultations.models import SectionSummary
from engagement.delivery import build_message, municipality_name, sender
from engagement.directory import services as directory
from engagement.emails import staff_languages
from engagement.events import services as events
from engagement.feedback import services as feedback_services
from engagement.models import OutgoingEmail
from engagement.moderation import submit_page_for_moderation
from engagement.proposals import services as proposals
from engagement.proposals.models import ProposalState
from home.models import AssociationPage, SiteSettings
from tests.events.test_moderation_and_admin import submission_data
from tests.factories import admin_language
from tests.factories.consultations import make_comment, make_consultation, make_index
from tests.factories.directory import AssociationIndexPageFactory, AssociationPageFactory
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.feedback import FeedbackTopicFactory
from tests.factories.proposals import ProposalIndexPageFactory

BASE = "https://kunta.example"
URL = re.compile(r"""https?://[^\s"'<>)]+""")


def email_template_kinds():
    """Every email template of the project (its `_subject.txt` names the kind)."""
    root = Path(settings.BASE_DIR)
    kinds = set()
    for path in root.glob("*/**/templates/**/emails/*_subject.txt"):
        if ".venv" in path.parts:
            continue
        kinds.add(str(path).split("/templates/", 1)[1].removesuffix("_subject.txt"))
    return kinds


def approve(submission, user):
    task_state = submission.workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user, "approve")


def reject(submission, user):
    task_state = submission.workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user, "reject", comment="Tarkista osoite.")


@pytest.fixture
def staff(staff_user_factory):
    moderator_sv = staff_user_factory("Moderators", email="moderator.sv@koivula.example")
    admin_language(moderator_sv, "sv")
    moderator_fi = staff_user_factory("Moderators", email="moderator.fi@koivula.example")
    return {"sv": moderator_sv, "fi": moderator_fi}


@pytest.mark.django_db(transaction=False)
def test_every_email_kind_links_to_the_public_address_only(client, settings, home_fi, home_sv, staff, superuser):
    settings.WAGTAILADMIN_BASE_URL = BASE
    settings.DEFAULT_FROM_EMAIL = "Koivulan kunta <noreply@koivula.example>"
    site = Site.objects.get(is_default_site=True)
    assert site.hostname == "localhost"
    site_settings = SiteSettings.for_site(site)
    site_settings.entitled_voters = 50  # 2 %: one support reaches the threshold
    site_settings.save()

    # Proposals: receipt, moderators, published, rejected, merged, supports, follows, threshold, answer.
    ProposalIndexPageFactory(parent=home_fi)
    data = {"title": "Penkkejä torille", "summary": "Lisää penkkejä.", "text": "Torille penkkejä.",
            "proposer_name": "Aino", "proposer_email": "aino@example.com"}
    proposal = proposals.publish(proposals.receive_proposal(data, "sv"))
    proposals.reject(proposals.receive_proposal({**data, "title": "Hylätty"}, "fi"), "Ei kunnan asia.")
    duplicate = proposals.publish(proposals.receive_proposal({**data, "title": "Sama"}, "fi"))
    proposals.merge(duplicate, proposal)
    support = proposals.request_support(proposal, "Bertil", "bertil@example.com", "sv")
    token = re.search(r"/confirm/([^/\s]+)/", mail.outbox[-1].body)
    assert token, mail.outbox[-1].body
    proposals.confirm_support(token.group(1))
    proposals.request_support(proposal, "Bertil", "bertil@example.com", "sv")
    proposals.request_follow(proposal, "cecilia@example.com", "sv")
    proposal.state = ProposalState.objects.get(slug="accepted")
    proposal.answer_text = "Penkit hankitaan."
    proposal.save()
    proposals.notify_state_change(proposal)
    assert support.pk

    # Feedback: receipt, the handlers' notification, the answer.
    topic = FeedbackTopicFactory(notify_email="moderator.sv@koivula.example")
    received = feedback_services.receive_feedback(
        {"topic": topic, "message": "Katuvalo rikki.", "email": "dora@example.com", "wants_reply": True}, "sv"
    )
    feedback_services.answer(received, "Korjattu.", superuser)

    # Sign-ups: confirmed, waiting, cancelled, promoted, reminder, message. The reminder goes for events
    # of tomorrow's local date (not "within a day": at 01:00 in Helsinki, now + 20 h is still today).
    tomorrow_at_noon = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time(12)))
    index = EventIndexPageFactory(parent=home_fi)
    event = EventPageFactory(parent=index, signup_enabled=True, capacity=1, waiting_list=True,
                             start=tomorrow_at_noon)
    event.save_revision().publish()
    first = events.sign_up(event, name="Eero", email="eero@example.com", language="sv")
    events.sign_up(event, name="Fanny", email="fanny@example.com", language="sv")
    events.cancel(first)
    events.send_reminders()
    events.email_attendees(event.translation_key, subject="Tervetuloa", message="Tervetuloa!")
    # An event that asks to confirm the address first: the confirm email.
    confirming = EventPageFactory(parent=index, signup_enabled=True, capacity=5, signup_confirm_hours=24,
                                  start=timezone.now() + timedelta(days=3))
    confirming.save_revision().publish()
    events.sign_up(confirming, name="Gun", email="gun@example.com", language="fi")

    # An association's event: received, approved, the moderators' note of a change request.
    association = AssociationPageFactory(parent=AssociationIndexPageFactory(parent=home_fi), title="Martat")
    association.save_revision().publish()
    client.post(index.submit_url, submission_data(association))
    from engagement.models import PageSubmission

    event_submission = PageSubmission.objects.get(kind="event")
    approve(event_submission, superuser)
    manage = re.search(r"https://kunta\.example(/\w\w/events/submissions/[^/\s]+/)", mail.outbox[-1].body).group(1)
    client.post(manage, {"action": "changes", "message": "Uusi aika"})

    # An association entry: received, approved (the page link), rejected.
    entries = association.get_parent()
    for title, decide in (("Kyläyhdistys", approve), ("Hylätty yhdistys", reject)):
        draft = AssociationPage(title=title, slug=title.lower().replace(" ", "-"), live=False,
                                steward_email="hoitaja@example.org")
        entries.add_child(instance=draft)
        decide(
            submit_page_for_moderation(draft, kind="association", submitter_name="Aino",
                                       submitter_email="aino@example.org", language="sv"),
            superuser,
        )

    # The yearly "is this still current?" question.
    directory.send_confirmation_requests(now=timezone.now() + timedelta(days=800))

    # A consultation's summary, to a commenter who left an address.
    consultation_fi, _consultation_sv = make_consultation(make_index(home_fi)[0], opens=-20, closes=-1)
    section = consultation_fi.sections.all()[1]
    commented = make_comment(consultation_fi, section, text="Väylä kouluun", email="greta@example.com", language="sv")
    SectionSummary.objects.create(
        consultation=consultation_fi, section=section, themes="Väylää toivottiin.", changes="Väylä lisättiin.",
    ).cited_comments.set([commented])
    consultations.publish_summary(consultation_fi)

    emails = list(OutgoingEmail.objects.all())
    missing = email_template_kinds() - {email.template for email in emails}
    assert not missing, f"email kinds this test does not make: {sorted(missing)}"
    for email in emails:
        urls = URL.findall(email.body_text) + URL.findall(email.body_html)
        wrong = [url for url in urls if not url.startswith(BASE + "/")]
        assert not wrong, (email.template, wrong)
    approved = [email for email in emails if email.template == "engagement/emails/submission_approved"]
    assert approved and f"{BASE}/fi/yhdistykset/" in approved[0].body_text  # not http://localhost/


@pytest.mark.django_db
def test_swedish_email_comes_from_the_swedish_name(settings, home_fi):
    settings.DEFAULT_FROM_EMAIL = "Koivulan kunta <noreply@koivula.example>"
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.municipality_name_sv = "Björkby kommun"
    site_settings.save()
    assert sender("sv") == "Björkby kommun <noreply@koivula.example>"
    assert sender("fi") == "Koivulan kunta <noreply@koivula.example>"

    email = OutgoingEmail(to=["a@example.com"], subject="Hej", body_text="Hej", language="sv", template="x")
    assert build_message(email).from_email == "Björkby kommun <noreply@koivula.example>"
    email.language = "fi"
    assert build_message(email).from_email == "Koivulan kunta <noreply@koivula.example>"


@pytest.mark.django_db
def test_swedish_receipt_is_sent_from_the_swedish_name_with_its_header(settings, home_fi):
    settings.DEFAULT_FROM_EMAIL = "Koivulan kunta <noreply@koivula.example>"
    topic = FeedbackTopicFactory(notify_email="")
    feedback_services.receive_feedback({"topic": topic, "message": "Hej", "email": "e@example.com"}, "sv")
    receipt = next(message for message in mail.outbox if message.to == ["e@example.com"])
    assert receipt.from_email == "Björkby kommun <noreply@koivula.example>"
    assert "Björkby kommun" in receipt.alternatives[0][0]


@pytest.mark.django_db
def test_moderators_are_told_in_their_own_admin_language(home_fi, staff):
    ProposalIndexPageFactory(parent=home_fi)
    proposals.receive_proposal(
        {"title": "Penkkejä", "summary": "Lisää.", "text": "Penkkejä.", "proposer_name": "A",
         "proposer_email": "a@example.com"},
        "fi",
    )
    notes = {message.to[0]: message for message in mail.outbox if message.to[0].startswith("moderator")}
    assert set(notes) == {"moderator.sv@koivula.example", "moderator.fi@koivula.example"}
    swedish, finnish = notes["moderator.sv@koivula.example"], notes["moderator.fi@koivula.example"]
    assert swedish.extra_headers["Content-Language"] == "sv"
    assert finnish.extra_headers["Content-Language"] == "fi"
    assert swedish.subject != finnish.subject
    assert swedish.to == ["moderator.sv@koivula.example"]  # one email per language


@pytest.mark.django_db
def test_staff_languages_of_many_addresses_take_one_query(staff, django_assert_num_queries):
    addresses = ["Moderator.SV@koivula.example", "moderator.fi@koivula.example", "nobody@koivula.example"]
    with django_assert_num_queries(1):
        languages = staff_languages(addresses)
    assert languages == {"Moderator.SV@koivula.example": "sv", "moderator.fi@koivula.example": "fi",
                         "nobody@koivula.example": settings.LANGUAGE_CODE}


@pytest.mark.django_db
def test_the_municipality_name_is_read_once_and_again_after_the_settings_change(home_fi, django_assert_num_queries):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.municipality_name_sv = "Björkby kommun"
    site_settings.save()
    assert municipality_name("sv") == "Björkby kommun"
    with django_assert_num_queries(0):  # every email asks for it: from the cache
        assert municipality_name("sv") == "Björkby kommun"
    site_settings.municipality_name_sv = ""
    site_settings.save()
    assert municipality_name("sv") == site_settings.municipality_name_fi  # the Finnish name stands in
