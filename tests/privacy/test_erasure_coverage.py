"""The privacy tools reach every place a person's data is kept (issue 13, finding 7): the bodies of
emails about them, Wagtail's audit log, feedback's internal notes, the page cache; and the registry
test fails when a model gains a personal-looking field the tools do not know."""

import json

import pytest
from django.db import models
from django.test.utils import isolate_apps
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from engagement.events.submissions import _notify_moderators
from engagement.feedback.models import FeedbackEvent
from engagement.feedback.services import add_note
from engagement.models import OutgoingEmail
from engagement.privacy import data, registry
from engagement.proposals import services as proposal_services
from kumppanuus.pagecache import pages
from tests.factories.proposals import ProposalIndexPageFactory

from .conftest import OTHERS, PERSON

pytestmark = pytest.mark.django_db


def test_every_personal_looking_field_is_registered_or_exempt_with_a_reason(db):
    assert registry.unregistered_fields() == []
    assert registry.unknown_entries() == []
    assert all(str(reason).strip() for reason in registry.EXEMPT_FIELDS.values())
    # The obvious ones are covered by a kind, not exempted.
    assert {"feedback.Feedback.message", "feedback.FeedbackEvent.text", "events.SignUp.name",
            "engagement.OutgoingEmail.body_text", "proposals.Proposal.proposer_name"} <= registry.registered_fields()


def test_a_new_field_or_a_forgotten_one_makes_the_registry_test_fail(monkeypatch):
    with isolate_apps("engagement.feedback"):
        class Complaint(models.Model):
            resident_name = models.CharField(max_length=100)
            contact_phone = models.CharField(max_length=40)
            handled = models.BooleanField(default=False)  # not text: not personal by its name

            class Meta:
                app_label = "feedback"

            def __str__(self):
                return self.resident_name

        monkeypatch.setattr(registry, "project_models", lambda: [Complaint])
        assert registry.unregistered_fields() == ["feedback.Complaint.contact_phone", "feedback.Complaint.resident_name"]
    monkeypatch.undo()
    signups = registry.by_key()["signups"]
    monkeypatch.setattr(signups, "fields", {"events.SignUp": ("name", "email", "answers")})
    assert registry.unregistered_fields() == ["events.SignUp.phone"]


@pytest.fixture
def traces(world, officer, staff_user_factory):
    """What staff work leaves about the person beyond the forms' own rows."""
    handler = staff_user_factory("Feedback handlers", username="kasittelija")
    staff_user_factory("Moderators", username="moderaattori", email="moderaattori@koivula.example")
    t = {}

    def note(feedback, text):
        add_note(feedback, text, by=handler)
        return FeedbackEvent.objects.filter(kind=FeedbackEvent.Kind.NOTE).latest("pk")

    t["note_own"] = note(world["feedback_fi"], "Asukkaan puhelin 040 123 4567, soittaa iltaisin.")
    t["note_other"] = note(world["feedback_others"][0], f"Sama asia kuin Aino Virtanen ({PERSON}) kertoi.")
    t["note_unrelated"] = note(world["feedback_others"][1], f"Kysy {OTHERS[0]}:lta lisää.")
    # The moderators are told of a change request, with the submitter's name and address in the text.
    _notify_moderators(world["submission_fi"], "changes", "Alkamisaika klo 18.")
    t["moderator_email"] = OutgoingEmail.objects.filter(template="events/emails/submission_update").latest("pk")
    # Staff edited the sign-up in the admin: Wagtail logged its name as the label.
    log(world["signup_future"], "wagtail.edit", user=officer)
    t["log_signup"] = ModelLogEntry.objects.filter(action="wagtail.edit").latest("pk")
    log(world["signup_waiting"], "wagtail.edit", user=officer)
    t["log_other"] = ModelLogEntry.objects.filter(action="wagtail.edit").latest("pk")
    return t


def test_find_and_export_include_notes_emails_about_the_person_and_log_entries(world, traces):
    assert "Aino Virtanen" in traces["log_signup"].label
    assert PERSON in traces["moderator_email"].body_text.lower() and "Aino Virtanen" in traces["moderator_email"].body_text
    found = data.find(PERSON)
    assert {note.pk for note in found["feedback_notes"]} == {traces["note_own"].pk, traces["note_other"].pk}
    assert traces["moderator_email"].pk in {email.pk for email in found["emails"]}
    assert traces["log_signup"].pk in {entry.pk for entry in found["audit_log"]}
    assert traces["log_other"].pk not in {entry.pk for entry in found["audit_log"]}
    export = json.dumps(data.export_data(PERSON), ensure_ascii=False)
    assert "Asukkaan puhelin 040 123 4567" in export and "Sama asia kuin" in export
    assert "Alkamisaika klo 18." in export
    assert traces["log_signup"].label in export
    assert OTHERS[0] not in json.dumps(data.export_data(PERSON)["feedback_notes"])


def test_erase_reaches_email_bodies_the_audit_log_and_notes(world, traces):
    _found, erased = data.erase(PERSON)
    assert erased["feedback_notes"] == 2 and erased["audit_log"] >= 1

    assert FeedbackEvent.objects.get(pk=traces["note_own"].pk).text == ""
    other = FeedbackEvent.objects.get(pk=traces["note_other"].pk).text
    assert "Aino Virtanen" not in other and PERSON not in other.lower() and other.startswith("Sama asia kuin")
    assert FeedbackEvent.objects.get(pk=traces["note_unrelated"].pk).text == traces["note_unrelated"].text

    email = OutgoingEmail.objects.get(pk=traces["moderator_email"].pk)
    assert email.to == ["moderaattori@koivula.example"] and email.reply_to == []
    for text in (email.subject, email.body_text, email.body_html):
        assert PERSON not in text.lower() and "Aino Virtanen" not in text
    assert "Alkamisaika klo 18." in email.body_text  # the request itself stays for the moderators

    entry = ModelLogEntry.objects.get(pk=traces["log_signup"].pk)
    assert "Aino Virtanen" not in entry.label and PERSON not in json.dumps(entry.data).lower()
    assert entry.action == "wagtail.edit" and entry.user_id == traces["log_signup"].user_id
    assert ModelLogEntry.objects.get(pk=traces["log_other"].pk).label == traces["log_other"].label

    assert sum(data.counts(data.find(PERSON)).values()) == 0  # nothing left to find, so safe to repeat


def test_an_erased_proposers_name_leaves_the_public_page_at_once(client, home_fi, django_capture_on_commit_callbacks):
    index = ProposalIndexPageFactory(parent=home_fi)
    proposal = proposal_services.publish(proposal_services.receive_proposal(
        {"title": "Penkkejä rannalle", "summary": "Lisää penkkejä.", "text": "Rannalla ei ole penkkejä.",
         "proposer_name": "Raili Koskinen", "show_name": True, "proposer_email": "raili@example.com"}, "fi"))
    url = f"{index.url}{proposal.pk}/"
    assert "Raili Koskinen" in client.get(url).content.decode()  # now in the caches
    assert "Raili Koskinen" in client.get(url).content.decode()
    pages_version = pages.version()
    with django_capture_on_commit_callbacks(execute=True):
        data.erase("raili@example.com")
    assert pages.version() > pages_version  # every cached page, too: erasing sends no signal
    response = client.get(url)
    assert "Raili Koskinen" not in response.content.decode()
    assert "Penkkejä rannalle" in response.content.decode()
