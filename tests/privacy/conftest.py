"""One resident's data in every kind, in Finnish and Swedish, beside look-alike addresses of others."""

import copy
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from wagtail.models import Page

from engagement.directory.services import create_association_submission
from engagement.events import services as event_services
from engagement.feedback.services import receive_feedback
from engagement.models import OutgoingEmail, PageSubmission
from engagement.moderation import submit_page_for_moderation
from engagement.proposals import services as proposal_services
from home.models import HomePage
from tests.conftest import data_for_module
from tests.factories.directory import AssociationIndexPageFactory, AssociationPageFactory
from tests.factories.events import EventIndexPageFactory, EventPageFactory, SignUpFactory
from tests.factories.feedback import FeedbackTopicFactory, translate_topic
from tests.factories.proposals import FollowerFactory, ProposalFactory, SupportFactory

PERSON = "aino.virtanen@example.com"
# Each contains, or is contained in, the person's address: a substring match would wrongly find them.
OTHERS = ["x.aino.virtanen@example.com", "aino.virtanen@example.co"]
THIRD = "kirjaamo@koivula.example"


def association_data(**overrides):
    data = {
        "name": "Niittylän kyläyhdistys ry", "intro": "Kylätalo ja talkoot.", "description": "",
        "categories": [], "area": "Niittylä", "languages": ["fi"], "contact_name": "", "contact_email": "",
        "contact_phone": "", "web_address": "", "meeting_place": "", "how_to_join": "", "register_number": "",
        "steward_email": "hallitus@example.org", "submitter_name": "Maija Mäkelä",
        "submitter_email": "maija@example.org", "message": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer(staff_user_factory):
    return staff_user_factory("Privacy officers", username="tietosuoja")


@pytest.fixture(scope="module")
def _world_for_module(django_db_setup, django_db_blocker):
    """The world, made once per test module (see tests/conftest.py: data_for_module)."""
    with data_for_module(django_db_blocker):
        from wagtail.models import Locale

        locale_fi = Locale.objects.get(language_code="fi")
        yield build_world(HomePage.objects.get(locale=locale_fi), locale_fi)


@pytest.fixture
def world(_world_for_module, db, home_fi, home_sv, locale_fi, locale_sv):
    """Everything the site can store about PERSON (mixed case where the form keeps the case), and the
    same kinds of data for OTHERS.

    Made once per module by build_world(); each test gets its own copy of the objects (as Django's
    setUpTestData does), and its changes to the database are rolled back after it."""
    return copy.deepcopy(_world_for_module)


def build_world(home_fi, locale_fi):
    """The world: one plain function, so that a fixture of any scope can build it once (the Swedish home
    page and locale must exist too)."""
    now = timezone.now()
    w = {}

    # Feedback, in both languages.
    topic = FeedbackTopicFactory(name="Katuvalot")
    topic_sv = translate_topic(topic, "Gatubelysning")
    w["feedback_fi"] = receive_feedback(
        {"topic": topic, "message": "Männistön katuvalo on rikki.", "name": "Aino Virtanen",
         "email": "Aino.Virtanen@Example.com", "phone": "040 111 2222", "wants_reply": True}, "fi")
    w["feedback_sv"] = receive_feedback(
        {"topic": topic_sv, "message": "Gatlampan vid torget är trasig.", "name": "Aino Virtanen",
         "email": PERSON.upper(), "phone": ""}, "sv")
    w["feedback_others"] = [
        receive_feedback({"topic": topic, "message": "Toinen palaute.", "name": "Muu Ihminen", "email": email,
                          "phone": "050 1"}, "fi")
        for email in OTHERS
    ]

    # Proposals: one published (Finnish), one waiting for moderation (Swedish).
    w["proposal_fi"] = proposal_services.publish(proposal_services.receive_proposal(
        {"title": "Penkkejä torille", "summary": "Lisää penkkejä.", "text": "Torilla ei ole tarpeeksi penkkejä.",
         "proposer_name": "Aino Virtanen", "show_name": True, "proposer_email": "Aino.Virtanen@example.com"}, "fi"))
    w["proposal_sv"] = proposal_services.receive_proposal(
        {"title": "Fler bänkar", "summary": "Bänkar vid stranden.", "text": "Det finns inga bänkar vid stranden.",
         "proposer_name": "Aino Virtanen", "proposer_email": PERSON}, "sv")
    w["proposal_other"] = ProposalFactory(proposer_email=OTHERS[0], proposer_name="Muu Ihminen", show_name=True)

    # Supports: on a proposal that still takes supports, on a closed one, and one never confirmed.
    w["open"] = ProposalFactory()
    w["closed"] = ProposalFactory(closed_at=now - timedelta(days=3))
    w["support_open"] = SupportFactory(proposal=w["open"], email=PERSON, name="Aino Virtanen", language="fi")
    w["support_closed"] = SupportFactory(proposal=w["closed"], email=PERSON, name="Aino Virtanen", language="sv")
    w["support_unconfirmed"] = proposal_services.request_support(w["proposal_other"], "Aino V.", "Aino.Virtanen@example.com", "sv")
    w["supports_others"] = [
        SupportFactory(proposal=w["open"], email=OTHERS[0]),
        SupportFactory(proposal=w["closed"], email=OTHERS[1]),
    ]
    w["follower"] = FollowerFactory(proposal=w["open"], email=PERSON, language="sv")
    w["follower_other"] = FollowerFactory(proposal=w["open"], email=OTHERS[1])

    # Sign-ups: the person takes the last places of an event to come, another waits; a past event too.
    index = EventIndexPageFactory(parent=home_fi)
    w["event"] = EventPageFactory(parent=index, with_signup=True, capacity=3, max_companions=2)
    w["signup_future"] = event_services.sign_up(
        w["event"], name="Aino Virtanen", email="Aino.Virtanen@example.com", people=2, phone="040 111 2222",
        answers=[{"question": "Ruokavalio", "answer": "gluteeniton"}], language="sv")
    w["signup_before"] = event_services.sign_up(w["event"], name="Eka Ihminen", email="eka@example.com", language="fi")
    w["signup_waiting"] = event_services.sign_up(w["event"], name="Muu Ihminen", email=OTHERS[0], people=1, language="fi")
    past = EventPageFactory(parent=index, start=now - timedelta(days=10), end=now - timedelta(days=10) + timedelta(hours=2))
    w["signup_past"] = SignUpFactory(event=past, email=PERSON, name="Aino Virtanen", language="fi", attended=True)
    w["signup_past_other"] = SignUpFactory(event=past, email=OTHERS[1], attended=True)

    # Association entries: the person is one entry's public contact, and is named steward of another in
    # an update still in moderation (so far only in its submission), sent in Swedish.
    directory = AssociationIndexPageFactory(parent=home_fi)
    w["association_contact"] = AssociationPageFactory(
        parent=directory, contact_name="Aino Virtanen", contact_email="Aino.Virtanen@example.com",
        contact_phone="040 111 2222", steward_email="hallitus@kylayhdistys.example")
    w["association_contact"].save_revision().publish()
    w["association_steward"] = AssociationPageFactory(parent=directory, steward_email="vanha@example.org")
    w["association_steward"].save_revision().publish()
    with translation.override("sv"):
        w["submission_sv"] = create_association_submission(
            association_data(name=w["association_steward"].title, steward_email=PERSON.upper(),
                             submitter_name="Aino Virtanen", submitter_email="Aino.Virtanen@example.com",
                             message="Ny styrelse."),
            index=directory, entry=w["association_steward"], locale=locale_fi)
    w["submission_other"] = create_association_submission(
        association_data(name="Toinen yhdistys", contact_email=OTHERS[0], steward_email=OTHERS[1],
                         submitter_email=OTHERS[0]),
        index=directory, entry=None, locale=locale_fi)
    # An association's event, sent in Finnish.
    draft = EventPageFactory(parent=index, title="Kylän kesäjuhla", live=False)
    w["submission_fi"] = submit_page_for_moderation(
        Page.objects.get(pk=draft.pk).specific, kind="event", submitter_name="Aino Virtanen",
        submitter_email=PERSON, language="fi", message="Tervetuloa!")

    # Emails beyond those the steps above queued: one to the person and someone else, one that only
    # has the person as the reply-to address.
    w["email_shared"] = OutgoingEmail.objects.create(
        to=[f"Aino Virtanen <{PERSON}>", THIRD], subject="Yhteinen viesti", body_text="Hei", language="fi", template="t")
    w["email_reply_to"] = OutgoingEmail.objects.create(
        to=[THIRD], reply_to=["Aino.Virtanen@example.com"], subject="Muutospyyntö", body_text="Hei", language="fi",
        template="t")
    assert PageSubmission.objects.count() == 3
    return w
