"""The email outbox: templated emails in the person's language, with plain text and HTML, through the
task queue; a failing SMTP server loses nothing and the email goes out on retry."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from engagement.delivery import send_due_emails
from engagement.emails import send_templated_email
from engagement.models import OutgoingEmail
from tests.smtp_sink import SMTPSink, free_port

pytestmark = pytest.mark.django_db

TEMPLATE = "engagement/emails/test_message"


@pytest.fixture(autouse=True)
def _test_templates(tmp_path, settings):
    """A small email template, in a folder that only these tests use."""
    folder = tmp_path / "templates" / "engagement" / "emails"
    folder.mkdir(parents=True)
    (folder / "test_message_subject.txt").write_text("{% load i18n %}{% trans 'Search' %}: {{ name }}\n")
    (folder / "test_message.txt").write_text("{% load i18n %}{% trans 'Search' %} <{{ name }}>\n")
    (folder / "test_message.html").write_text(
        '{% extends "engagement/emails/base.html" %}{% block content %}<p>{{ name }}</p>{% endblock %}'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]


@pytest.mark.parametrize(("language", "word"), [("fi", "Haku"), ("sv", "Sök")])
def test_email_is_rendered_in_the_given_language_with_text_and_html(language, word):
    send_templated_email(to=["a@example.com"], template=TEMPLATE, context={"name": "<b>Aino</b>"}, language=language)
    message = mail.outbox[-1]
    assert message.subject == f"{word}: <b>Aino</b>"
    assert word in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'lang="{language}"' in html
    assert "&lt;b&gt;Aino&lt;/b&gt;" in html  # escaped in HTML
    assert message.extra_headers["Content-Language"] == language
    stored = OutgoingEmail.objects.get()
    assert stored.status == OutgoingEmail.Status.SENT
    assert stored.sent_at is not None


def test_no_recipients_sends_nothing():
    assert send_templated_email(to=["", None], template=TEMPLATE, context={"name": "x"}, language="fi") is None
    assert OutgoingEmail.objects.count() == 0


def test_attachments_are_kept():
    send_templated_email(
        to=["a@example.com"],
        template=TEMPLATE,
        context={"name": "x"},
        language="fi",
        attachments=[("event.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    )
    filename, content, mimetype = mail.outbox[-1].attachments[0]
    assert (filename, mimetype) == ("event.ics", "text/calendar")
    assert "BEGIN:VCALENDAR" in (content.decode() if isinstance(content, bytes) else content)


def test_failing_smtp_server_loses_nothing_and_the_email_goes_out_on_retry(settings):
    """A real SMTP connection: first to a closed port (the server is down), then to a running server."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

    email = send_templated_email(to=["resident@example.com"], template=TEMPLATE, context={"name": "Aino"}, language="sv")
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1
    assert email.last_error
    assert email.next_attempt_at > email.created_at

    # Not due yet: nothing is tried.
    assert send_due_emails() == 0

    sink = SMTPSink(port).start()
    try:
        OutgoingEmail.objects.update(next_attempt_at=email.created_at)
        call_command("send_pending_emails")
        email.refresh_from_db()
        assert email.status == OutgoingEmail.Status.SENT
        assert len(sink.messages) == 1
        received = sink.messages[0]
        assert received["to"] == ["resident@example.com"]
        assert received["message"]["Subject"] == "Sök: Aino"
        # Sent once: running the retry again sends nothing more.
        call_command("send_pending_emails")
        assert len(sink.messages) == 1
    finally:
        sink.stop()


@override_settings(EMAIL_MAX_ATTEMPTS=2, EMAIL_BACKEND="tests.foundation.test_email_outbox.BrokenBackend")
def test_email_is_marked_failed_after_the_last_attempt():
    email = send_templated_email(to=["a@example.com"], template=TEMPLATE, context={"name": "x"}, language="fi")
    OutgoingEmail.objects.update(next_attempt_at=email.created_at)
    send_due_emails()
    email.refresh_from_db()
    assert email.attempts == 2
    assert email.status == OutgoingEmail.Status.FAILED
    assert "refused" in email.last_error


def test_backoff_grows_and_is_capped():
    waits = [OutgoingEmail.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 10, 50)]
    assert waits == [1, 2, 4, 360, 360]


def test_backoff_starts_from_email_retry_seconds(settings):
    settings.EMAIL_RETRY_SECONDS = 5
    assert [OutgoingEmail.backoff(n).total_seconds() for n in (1, 2, 3, 20)] == [5, 10, 20, 6 * 3600]


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    EMAIL_BACKEND="tests.foundation.test_email_outbox.BrokenBackend",
)
def test_a_failed_delivery_task_queues_its_retry_for_when_it_is_due():
    """The worker retries by itself: without this, an email that failed once waited for the cron job."""
    from django_tasks_db.models import DBTaskResult

    from engagement.tasks import deliver_email

    email = send_templated_email(to=["a@example.com"], template=TEMPLATE, context={"name": "x"}, language="fi")
    assert DBTaskResult.objects.count() == 1  # queued, not run
    assert deliver_email.call(email.pk) == "failed"
    email.refresh_from_db()
    retry = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert DBTaskResult.objects.count() == 2
    assert retry.run_after == email.next_attempt_at
    assert retry.args_kwargs["args"] == [email.pk]


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("Connection refused by the test")


def test_retention_deletes_old_sent_and_failed_emails_never_waiting_ones(settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.EMAIL_RETENTION_DAYS = 90
    long_ago = timezone.now() - timedelta(days=91)
    recently = timezone.now() - timedelta(days=89)

    def email(status, when, subject):
        row = OutgoingEmail.objects.create(to=["a@example.com"], subject=subject, body_text="x", language="fi",
                                           template=TEMPLATE, status=status)
        OutgoingEmail.objects.filter(pk=row.pk).update(created_at=when, sent_at=when if status == "sent" else None)

    email(OutgoingEmail.Status.SENT, long_ago, "old sent")
    email(OutgoingEmail.Status.FAILED, long_ago, "old failed")
    email(OutgoingEmail.Status.PENDING, long_ago, "old waiting")
    email(OutgoingEmail.Status.SENT, recently, "recent sent")
    call_command("apply_retention", "--dry-run")
    assert OutgoingEmail.objects.count() == 4
    call_command("apply_retention", "--only", "email-outbox")
    call_command("apply_retention", "--only", "email-outbox")  # safe to run twice
    assert set(OutgoingEmail.objects.values_list("subject", flat=True)) == {"old waiting", "recent sent"}
