"""engagement.moderation: a page sent in from a public form goes through Wagtail's workflow and the
submitter hears about each step in their own language."""

import pytest
from django.core import mail
from wagtail.models import Workflow

from engagement.models import PageSubmission
from engagement.moderation import submit_page_for_moderation
from tests.factories.directory import AssociationIndexPageFactory, AssociationPage


@pytest.fixture
def draft(home_fi):
    index = AssociationIndexPageFactory(parent=home_fi)
    page = AssociationPage(title="Koivulan Kyläyhdistys", slug="kylayhdistys", live=False, intro="Kylän yhdistys")
    index.add_child(instance=page)
    return page


def submit(page, language="fi"):
    return submit_page_for_moderation(
        page, kind="association", submitter_name="Aino", submitter_email="aino@example.org", language=language
    )


def test_default_workflow_exists(db):
    workflow = Workflow.objects.get(name="Moderaattorien hyväksyntä / Moderatorernas godkännande")
    assert workflow.tasks.filter(name="Moderaattorien hyväksyntä / Moderatorernas godkännande").exists()


@pytest.mark.parametrize("language,word", [("fi", "Kiitos"), ("sv", "Tack")])
def test_submission_starts_workflow_and_sends_receipt(draft, client, language, word):
    submission = submit(draft, language)
    assert submission.workflow_state.status == "in_progress"
    assert draft.workflow_in_progress
    assert len(submission.token) >= 40
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aino@example.org"]
    assert word in message.body
    assert f"http://testserver/{language}/submissions/{submission.token}/" in message.body
    response = client.get(submission.get_status_url())
    assert response.status_code == 200
    assert "Koivulan Kyläyhdistys" in response.content.decode()
    assert "aino@example.org" not in response.content.decode()


def test_status_page_unknown_token(client, db):
    assert client.get("/fi/submissions/not-a-token/").status_code == 404


@pytest.mark.parametrize("language,word", [("fi", "hyväksytty"), ("sv", "godkänts")])
def test_approval_publishes_and_emails(draft, superuser, language, word):
    submission = submit(draft, language)
    mail.outbox.clear()
    task_state = submission.workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, superuser, "approve")
    submission.refresh_from_db()
    draft.refresh_from_db()
    assert submission.status == PageSubmission.Status.APPROVED
    assert draft.live
    assert len(mail.outbox) == 1
    assert word in mail.outbox[0].subject.lower() + mail.outbox[0].body.lower()
    assert mail.outbox[0].alternatives  # HTML part


@pytest.mark.parametrize("language,word", [("fi", "Moderaattorin kommentti"), ("sv", "Moderatorns kommentar")])
def test_rejection_emails_with_comment(draft, superuser, language, word):
    submission = submit(draft, language)
    mail.outbox.clear()
    task_state = submission.workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, superuser, "reject", comment="Lisää kuvaus.")
    submission.refresh_from_db()
    draft.refresh_from_db()
    assert submission.status == PageSubmission.Status.CHANGES_REQUESTED  # Wagtail's "Request changes"
    assert submission.moderator_comment == "Lisää kuvaus."
    assert not draft.live
    assert len(mail.outbox) == 1
    assert "Lisää kuvaus." in mail.outbox[0].body
    assert word in mail.outbox[0].body


def test_a_corrected_version_supersedes_the_first(draft):
    first = submit(draft)
    second = submit_page_for_moderation(
        draft, kind="association", submitter_name="Aino", submitter_email="aino@example.org", language="fi",
        replaces=first,
    )
    first.refresh_from_db()
    assert first.status == PageSubmission.Status.SUPERSEDED
    assert first.workflow_state.status == "cancelled"
    assert second.workflow_state.status == "in_progress"


def test_another_submission_never_cancels_a_workflow_in_progress(draft):
    first = submit(draft)
    second = submit(draft)
    first.refresh_from_db()
    assert first.status == PageSubmission.Status.IN_REVIEW and first.workflow_state.status == "in_progress"
    assert second.is_queued_update and second.revision_id is None


def test_retention_erases_submitters_of_old_decisions(draft):
    from datetime import timedelta

    from django.utils import timezone

    from engagement.retention import DecidedSubmissionSubmitters

    old, recent = submit(draft), submit(draft)
    PageSubmission.objects.update(content={"contact_name": "Aino Aaltonen"})
    PageSubmission.objects.filter(pk=old.pk).update(decided_at=timezone.now() - timedelta(days=400))
    PageSubmission.objects.filter(pk=recent.pk).update(decided_at=timezone.now() - timedelta(days=10))
    policy = DecidedSubmissionSubmitters()
    assert list(policy.due(timezone.now())) == [PageSubmission.objects.get(pk=old.pk)]
    assert policy.erase(policy.due(timezone.now())) == 1
    old.refresh_from_db()
    assert old.submitter_email == "" and old.submitter_name == "" and old.content == {}
    assert policy.due(timezone.now()).count() == 0


def test_retention_of_submitters_follows_page_submission_retention_days(draft, settings):
    from datetime import timedelta

    from django.utils import timezone

    from engagement.retention import DecidedSubmissionSubmitters

    decided = submit(draft)
    PageSubmission.objects.filter(pk=decided.pk).update(decided_at=timezone.now() - timedelta(days=40))
    policy = DecidedSubmissionSubmitters()
    assert settings.PAGE_SUBMISSION_RETENTION_DAYS == 365
    assert policy.due(timezone.now()).count() == 0
    settings.PAGE_SUBMISSION_RETENTION_DAYS = 30
    assert list(policy.due(timezone.now())) == [PageSubmission.objects.get(pk=decided.pk)]
