"""A new entry's draft page is made by the task worker, not in the request (issue 15: a Wagtail page,
its revision, log entries and workflow under a directory of thousands cost tens of milliseconds). The
request stores the submission and the tasks (its page, its receipt) in one transaction; the worker (or the
`make_submitted_pages` cron job, its safety net) makes the draft once."""

import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from engagement.events.submissions import cancel_submission
from engagement.models import OutgoingEmail, PageSubmission
from engagement.moderation import make_page, make_submitted_page, send_receipt
from home.models import AssociationPage

from .test_association_form import directory, form_url, valid_data  # noqa: F401 - `directory` is a fixture

pytestmark = pytest.mark.django_db


def test_the_request_stores_the_submission_and_queues_its_page(client, directory, queued):  # noqa: F811
    index, _index_sv, category = directory
    response = client.post(form_url("fi"), valid_data())
    assert response.status_code == 200 and "Kiitos" in response.content.decode()
    submission = PageSubmission.objects.get(kind="association")
    assert submission.page is None and submission.parent_id == index.pk and submission.is_waiting_for_its_page
    assert submission.title == "Niittylän kyläyhdistys ry"
    assert not AssociationPage.objects.filter(title="Niittylän kyläyhdistys ry").exists()
    assert not OutgoingEmail.objects.exists()  # the receipt too is the worker's
    [task] = DBTaskResult.objects.filter(task_path=make_submitted_page.module_path)
    assert task.args_kwargs["args"] == [submission.pk]
    [receipt_task] = DBTaskResult.objects.filter(task_path=send_receipt.module_path)
    assert receipt_task.args_kwargs["args"] == [submission.pk]
    assert client.get(submission.get_status_url()).status_code == 200  # the status link works at once

    assert send_receipt.call(submission.pk) is True  # the worker
    receipt = OutgoingEmail.objects.get(to=["maija@example.org"])
    assert receipt.language == "fi" and submission.get_status_url() in receipt.body_text

    assert make_submitted_page.call(submission.pk) == "made"  # the worker
    submission.refresh_from_db()
    page = submission.page.specific
    assert isinstance(page, AssociationPage) and not page.live and page.get_parent().pk == index.pk
    assert page.workflow_in_progress and submission.workflow_state.status == "in_progress"
    assert submission.revision_id == page.latest_revision_id and not submission.is_waiting_for_its_page
    latest = page.get_latest_revision_as_object()
    assert latest.languages == ["fi", "sv"] and list(latest.categories.all()) == [category]
    assert (
        "Toimimme koko kylän hyväksi." in str(latest.body)
        and latest.website == "https://niittyla.example.org"
    )
    assert make_page(submission.pk) == "skipped"  # a second worker, or cron: made once only
    assert AssociationPage.objects.filter(title="Niittylän kyläyhdistys ry").count() == 1


def test_swedish_entry_is_made_under_the_swedish_directory(client, directory, queued):  # noqa: F811
    _index, index_sv, _category = directory
    client.post(form_url("sv"), valid_data(name="Ängsby byaförening rf", categories=[]))
    submission = PageSubmission.objects.get(kind="association")
    make_page(submission.pk)
    page = AssociationPage.objects.get(title="Ängsby byaförening rf")
    assert page.get_parent().pk == index_sv.pk and page.locale.language_code == "sv"


def test_cron_makes_the_pages_the_worker_left_and_skips_what_is_gone(client, directory, queued):  # noqa: F811
    for number in range(3):
        client.post(form_url("fi"), valid_data(name=f"Yhdistys {number}", submission_token=str(uuid.uuid4())))
    first, erased, cancelled = PageSubmission.objects.order_by("pk")
    PageSubmission.objects.filter(pk=erased.pk).update(content={})  # erased on the submitter's request
    PageSubmission.objects.filter(pk=cancelled.pk).update(status=PageSubmission.Status.CANCELLED)
    call_command("make_submitted_pages")
    assert not AssociationPage.objects.exists()  # only what has waited a minute: the worker may be on it
    PageSubmission.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    call_command("make_submitted_pages")
    assert list(AssociationPage.objects.values_list("title", flat=True)) == ["Yhdistys 0"]
    assert PageSubmission.objects.get(pk=first.pk).page.title == "Yhdistys 0"
    assert PageSubmission.objects.get(pk=erased.pk).page is None


def test_a_queue_that_fails_loses_no_submission(client, directory, monkeypatch):  # noqa: F811
    def broken(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr("engagement.moderation.make_submitted_page", SimpleNamespace(enqueue=broken))
    response = client.post(form_url("fi"), valid_data())
    assert response.status_code == 200
    submission = PageSubmission.objects.get(kind="association")
    assert submission.is_waiting_for_its_page and len(mail.outbox) == 1
    assert make_page(submission.pk) == "made"


def test_cancelled_before_its_page_is_made_stays_without_one(client, directory, queued):  # noqa: F811
    client.post(form_url("fi"), valid_data())
    submission = cancel_submission(PageSubmission.objects.get(kind="association"))
    assert submission.status == PageSubmission.Status.CANCELLED
    assert make_page(submission.pk) == "skipped" and not AssociationPage.objects.exists()


def test_a_receipt_that_fails_loses_no_submission(client, directory, monkeypatch, caplog):  # noqa: F811
    def broken(**kwargs):
        raise RuntimeError("the outbox is broken")

    monkeypatch.setattr("engagement.moderation.send_templated_email", broken)
    assert client.post(form_url("fi"), valid_data()).status_code == 200
    submission = PageSubmission.objects.get(kind="association")
    assert f"Could not queue the receipt of submission {submission.pk}" in caplog.text
    assert submission.page is not None and not OutgoingEmail.objects.exists()  # the page made all the same
