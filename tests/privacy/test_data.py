"""Finding, exporting and erasing one person's data, directly through engagement.privacy.data (every
module's kinds, through the registry)."""

import pytest
from wagtail.models import Revision

from engagement.events.models import SignUp
from engagement.feedback.models import Feedback
from engagement.models import OutgoingEmail, PageSubmission
from engagement.privacy import data
from engagement.privacy.core import EmailKind
from engagement.privacy.registry import kinds
from engagement.proposals.models import Follower, Proposal, Support
from home.models import AssociationPage

from .conftest import OTHERS, PERSON, THIRD

pytestmark = pytest.mark.django_db

MODELS = [Feedback, Proposal, Support, Follower, SignUp, PageSubmission, AssociationPage, OutgoingEmail]


def ids(found, key):
    return {obj.pk for obj in found[key]}


def snapshot(exclude):
    """Every row of every kind, except the given {model: {pk}}, as plain values."""
    return {
        model.__name__: {
            row["id"]: row for row in model.objects.values() if row["id"] not in exclude.get(model, set())
        }
        for model in MODELS
    }


def test_finds_every_kind_in_both_languages(world):
    found = data.find("  AINO.Virtanen@EXAMPLE.com ")
    assert ids(found, "feedback") == {world["feedback_fi"].pk, world["feedback_sv"].pk}
    assert ids(found, "proposals") == {world["proposal_fi"].pk, world["proposal_sv"].pk}
    assert ids(found, "supports") == {world["support_open"].pk, world["support_closed"].pk, world["support_unconfirmed"].pk}
    assert ids(found, "follows") == {world["follower"].pk}
    assert ids(found, "signups") == {world["signup_future"].pk, world["signup_past"].pk}
    assert ids(found, "submissions") == {world["submission_sv"].pk, world["submission_fi"].pk}
    assert ids(found, "associations") == {world["association_contact"].pk, world["association_steward"].pk}
    # Receipts of feedback, proposals, supports, sign-ups and submissions, plus the two made by hand.
    assert {world["email_shared"].pk, world["email_reply_to"].pk} < ids(found, "emails")
    assert {"fi", "sv"} <= {email.language for email in found["emails"]}
    for key in ("feedback", "proposals", "supports", "submissions"):
        assert {kind.describe(obj)[2] for kind in kinds() if kind.key == key for obj in found[key]} == {"fi", "sv"}, key


def test_case_does_not_matter_and_the_match_is_exact(world):
    assert data.counts(data.find(PERSON)) == data.counts(data.find(PERSON.upper()))
    mine = data.find(PERSON)
    for email in OTHERS:
        theirs = data.find(email)
        for key in mine:
            assert not ids(mine, key) & ids(theirs, key), (email, key)
        assert theirs["feedback"] and theirs["emails"]
    assert sum(data.counts(data.find("virtanen@example.com")).values()) == 0
    assert sum(data.counts(data.find("example.com")).values()) == 0


def test_export_has_every_kind_with_times_and_languages(world):
    export = data.export_data(PERSON.upper())
    assert export["email"] == PERSON
    assert set(export) >= {kind.key for kind in kinds()} | {"counts", "generated_at"}
    assert export["counts"] == data.counts(data.find(PERSON))
    feedback = {item["language"]: item for item in export["feedback"]}
    assert feedback["fi"]["message"] == "Männistön katuvalo on rikki." and feedback["fi"]["phone"] == "040 111 2222"
    assert feedback["sv"]["topic"] == "Gatubelysning"
    assert all(item["created_at"] for key in ("feedback", "proposals", "supports", "signups", "submissions", "emails")
               for item in export[key])
    signup = next(item for item in export["signups"] if item["language"] == "sv")
    assert signup["answers"] == [{"question": "Ruokavalio", "answer": "gluteeniton"}] and signup["people"] == 2
    steward = next(item for item in export["associations"] if item["id"] == world["association_steward"].pk)
    assert steward["pending_updates"][0]["steward_email"] == PERSON.upper()  # the update waits for a moderator
    assert not any(OTHERS[0] in str(value) for value in export["feedback"])


def test_erase_erases_exactly_what_was_found(world):
    found = data.find(PERSON)
    open_count, closed_count = world["open"].support_count(), world["closed"].support_count()
    waiting = world["signup_waiting"]
    assert waiting.status == SignUp.Status.WAITING

    _found, erased = data.erase(PERSON)

    assert erased == data.counts(found)
    assert sum(data.counts(data.find(PERSON)).values()) == 0
    # Feedback: contact details gone, the message stays.
    for key in ("feedback_fi", "feedback_sv"):
        feedback = Feedback.objects.get(pk=world[key].pk)
        assert (feedback.name, feedback.email, feedback.phone) == ("", "", "") and feedback.erased_at
        assert feedback.message == world[key].message
    # Proposals: the proposer is gone, the text stays, published or not.
    for key in ("proposal_fi", "proposal_sv"):
        proposal = Proposal.objects.get(pk=world[key].pk)
        assert (proposal.proposer_name, proposal.proposer_email, proposal.show_name) == ("", "", False)
        assert proposal.text == world[key].text and proposal.moderation == world[key].moderation
    # Supports: on the open proposal withdrawn and anonymous; on the closed one still counted.
    support = Support.objects.get(pk=world["support_open"].pk)
    assert (support.name, support.email) == ("", "") and support.withdrawn_at and support.erased_at
    assert world["open"].support_count() == open_count - 1
    support = Support.objects.get(pk=world["support_closed"].pk)
    assert (support.name, support.email) == ("", "") and support.withdrawn_at is None and support.erased_at
    assert world["closed"].support_count() == closed_count
    assert not Support.objects.filter(pk=world["support_unconfirmed"].pk).exists()
    assert not Follower.objects.filter(pk=world["follower"].pk).exists()
    # Sign-ups: the place to come is given up and the waiting list moves; the past one stays counted.
    signup = SignUp.objects.get(pk=world["signup_future"].pk)
    assert signup.status == SignUp.Status.CANCELLED and signup.erased_at
    assert (signup.name, signup.phone, signup.answers) == ("", "", []) and signup.email.endswith("@invalid")
    assert SignUp.objects.get(pk=waiting.pk).status == SignUp.Status.CONFIRMED
    assert not OutgoingEmail.objects.filter(to__icontains="@invalid").exists()
    past = SignUp.objects.get(pk=world["signup_past"].pk)
    assert past.status == SignUp.Status.CONFIRMED and past.attended and past.name == "" and past.people == 1
    # Submissions: the submitter is gone, the page stays.
    for key in ("submission_sv", "submission_fi"):
        submission = PageSubmission.objects.get(pk=world[key].pk)
        assert (submission.submitter_name, submission.submitter_email, submission.message) == ("", "", "")
        assert submission.page_id == world[key].page_id
    # Associations: the public contact and the steward address, on the page and in every revision.
    contact = AssociationPage.objects.get(pk=world["association_contact"].pk)
    assert (contact.contact_name, contact.contact_email, contact.contact_phone) == ("", "", "")
    assert contact.steward_email == "hallitus@kylayhdistys.example" and contact.live
    steward = AssociationPage.objects.get(pk=world["association_steward"].pk)
    assert steward.steward_email == "vanha@example.org"
    assert PERSON not in str(PageSubmission.objects.get(pk=world["submission_sv"].pk).content).lower()
    for revision in Revision.objects.filter(object_id__in=[str(contact.pk), str(steward.pk)]):
        assert PERSON not in str(revision.content).lower()
    # Emails: only-to-the-person ones deleted; the shared one keeps the other recipient.
    shared = OutgoingEmail.objects.get(pk=world["email_shared"].pk)
    assert shared.to == [THIRD]
    assert OutgoingEmail.objects.get(pk=world["email_reply_to"].pk).reply_to == []
    assert not [email for email in OutgoingEmail.objects.all() if PERSON in [a.lower() for a in email.to]]


def test_erase_leaves_other_peoples_data_untouched(world):
    found = data.find(PERSON)
    mine = {}
    for objects in found.values():
        for obj in objects:
            mine.setdefault(obj.__class__, set()).add(obj.pk)
    # The sign-up waiting for the person's place is promoted: that change is the point.
    mine.setdefault(SignUp, set()).add(world["signup_waiting"].pk)
    before = snapshot(mine)
    other_page = world["submission_other"].page_id
    other_revisions = list(Revision.objects.filter(object_id=str(other_page)).values_list("content", flat=True))
    data.erase(PERSON)
    after = snapshot(mine)
    assert list(Revision.objects.filter(object_id=str(other_page)).values_list("content", flat=True)) == other_revisions
    assert OTHERS[0] in str(other_revisions)
    for model, rows in before.items():
        for pk, values in rows.items():
            assert after[model].get(pk) == values, (model, pk)


def test_erase_is_safe_to_repeat(world):
    _found, first = data.erase(PERSON)
    assert sum(first.values()) > 0
    _found, second = data.erase(PERSON)
    assert second == {kind.key: 0 for kind in kinds()}


def test_erase_is_atomic(world, monkeypatch):
    before = data.counts(data.find(PERSON))

    def fail(self, objects, email):
        raise RuntimeError("disk full")

    monkeypatch.setattr(EmailKind, "erase", fail)
    with pytest.raises(RuntimeError):
        data.erase(PERSON)
    assert data.counts(data.find(PERSON)) == before
    assert Feedback.objects.get(pk=world["feedback_fi"].pk).email == "Aino.Virtanen@Example.com"
