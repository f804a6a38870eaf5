"""Feedback's receipt and staff notification are composed by the task worker, not in the request (issue
15): the request stores the feedback and queues `send_feedback_emails` in the same transaction; where the
queue refuses, the emails are composed at once; whatever happens to them, the feedback is kept."""

from types import SimpleNamespace

import pytest
from django_tasks_db.models import DBTaskResult

from engagement.feedback import services
from engagement.feedback.models import Feedback
from engagement.models import OutgoingEmail

from .conftest import form_data

pytestmark = pytest.mark.django_db


def test_the_request_queues_the_emails_and_the_worker_composes_them_in_swedish(client, page_sv, topic_sv, queued):
    response = client.post(page_sv.url, form_data(topic_sv, email="dora@example.com"))
    assert response.status_code == 200 and "Tack" in response.content.decode()
    feedback = Feedback.objects.get()
    assert feedback.language == "sv" and not OutgoingEmail.objects.exists()  # nothing composed in the request
    [queued_task] = DBTaskResult.objects.filter(task_path=services.send_feedback_emails.module_path)
    assert queued_task.args_kwargs["args"] == [feedback.pk]

    assert services.send_feedback_emails.call(feedback.pk) is True  # the worker
    receipt = OutgoingEmail.objects.get(to=["dora@example.com"])
    assert receipt.language == "sv" and str(feedback.token) in receipt.body_text
    assert "Gator och trafik" in receipt.body_text  # the topic in the sender's language
    assert OutgoingEmail.objects.filter(template="feedback/emails/new_feedback").count() == 1


def test_a_queue_that_refuses_the_task_gets_the_emails_composed_at_once(client, page_fi, topic_fi, monkeypatch, caplog):
    def refused(*args):
        raise ConnectionError("queue down")

    task = services.send_feedback_emails
    monkeypatch.setattr(services, "send_feedback_emails", SimpleNamespace(enqueue=refused, func=task.func, name=task.name))
    assert client.post(page_fi.url, form_data(topic_fi)).status_code == 200
    feedback = Feedback.objects.get()
    assert OutgoingEmail.objects.filter(to=["aino@example.com"], template="feedback/emails/receipt").count() == 1
    assert "composing its emails now" in caplog.text and str(feedback.pk) in caplog.text


def test_feedback_is_kept_when_its_emails_fail_in_the_worker(client, page_fi, topic_fi, queued, monkeypatch, caplog):
    client.post(page_fi.url, form_data(topic_fi))
    feedback = Feedback.objects.get()

    def broken(**kwargs):
        raise RuntimeError("the outbox is broken")

    monkeypatch.setattr(services, "send_staff_email", broken)
    assert services.send_feedback_emails.call(feedback.pk) is False
    assert Feedback.objects.filter(pk=feedback.pk).exists()
    assert not OutgoingEmail.objects.exists()  # the receipt was undone with the notification: all or nothing
    assert f"Could not queue the emails of feedback {feedback.pk}" in caplog.text


def test_feedback_erased_before_the_worker_comes_gets_no_email(client, page_fi, topic_fi, queued):
    client.post(page_fi.url, form_data(topic_fi))
    feedback = Feedback.objects.get()
    feedback.delete()
    assert services.send_feedback_emails.call(feedback.pk) is False
    assert not OutgoingEmail.objects.exists()
