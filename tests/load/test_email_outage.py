"""Email server down: feedback sent while the SMTP server is down is all stored, and every email goes out
exactly once when the server is back, through the task worker that kept running (`db_worker`), with
the cron job (`send_pending_emails`) running too."""

import threading
import time
from collections import Counter

import pytest

from engagement.feedback.models import Feedback
from engagement.models import OutgoingEmail
from tests.load.servers import Client, manage, wait_until
from tests.smtp_sink import SMTPSink, free_port

pytestmark = pytest.mark.load

NOTIFY = "kirjaamo@koivula.example"
SUBMISSIONS = 30  # two of three leave an email: a receipt to them, and a notification of each one

SETUP = f"""
import json
from wagtail.models import Locale
from home.models import HomePage
from tests.factories.feedback import FeedbackPageFactory, FeedbackTopicFactory

locale = Locale.objects.get(language_code="fi")
page = FeedbackPageFactory(parent=HomePage.objects.get(locale=locale))
topic = FeedbackTopicFactory(locale=locale, notify_email="{NOTIFY}")
print(json.dumps({{"url": page.url, "topic": topic.pk}}))
"""


def submit_feedback(base, url, topic, number):
    fields = {"topic": topic, "message": f"Katuvalo {number} on rikki.", "place": "Koivulan tori"}
    if number % 3:
        fields["email"] = f"asukas{number}@example.com"
    return Client(base).submit(url, fields)


def body(message):
    part = message.get_body(preferencelist=("plain",))
    return part.get_content().replace("\r\n", "\n").strip()


def test_feedback_sent_while_smtp_is_down_is_kept_and_all_emails_go_out_once_when_it_is_back(load_site):
    setup = load_site.script(SETUP)
    smtp = SMTPSink(free_port())  # not started: its port refuses connections, like a mail server that is down
    env = load_site.env(
        TASKS_BACKEND="django_tasks_db.DatabaseBackend", EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}", EMAIL_TIMEOUT=5,
        EMAIL_RETRY_SECONDS=1,
    )
    server = load_site.gunicorn(env)
    worker = load_site.worker(env)

    responses = {}
    lock = threading.Lock()

    def send(numbers):
        for number in numbers:
            response = submit_feedback(server.base, setup["url"], setup["topic"], number)
            with lock:
                responses[number] = response

    threads = [threading.Thread(target=send, args=(range(start, SUBMISSIONS, 5),)) for start in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    bad = {number: response for number, response in responses.items() if response.status != 200}
    assert len(responses) == SUBMISSIONS and not bad, f"{bad}\n{load_site.logs()}"

    # Every feedback is stored, with its emails in the outbox.
    messages = {row[0] for row in load_site.query(f"SELECT message FROM {Feedback._meta.db_table}")}
    assert messages == {f"Katuvalo {number} on rikki." for number in range(SUBMISSIONS)}
    with_email = [number for number in range(SUBMISSIONS) if number % 3]
    expected = len(with_email) + SUBMISSIONS
    outbox = OutgoingEmail._meta.db_table

    # The worker tries each email while the server is down; each attempt fails and is kept for a retry.
    def all_tried():
        return load_site.query(f"SELECT count(*) FROM {outbox} WHERE attempts >= 1")[0][0] == expected

    wait_until(all_tried, 60, message="the worker to try every email")
    statuses = dict(load_site.query(f"SELECT status, count(*) FROM {outbox} GROUP BY status"))
    assert statuses == {OutgoingEmail.Status.PENDING: expected}
    assert worker.alive(), load_site.logs()

    # The server is back: the same worker sends everything on its next retry, without anyone's help.
    smtp.start()
    try:
        started = time.monotonic()

        def all_sent():
            return load_site.query(f"SELECT count(*) FROM {outbox} WHERE status = 'sent'")[0][0] == expected

        wait_until(all_sent, 90, message="every email to be sent")
        print(f"{expected} emails went out {time.monotonic() - started:.1f} s after the SMTP server came back")
        # The cron job and the worker's remaining retries find nothing more to send.
        manage(env, "send_pending_emails")
        time.sleep(3)
    finally:
        smtp.stop()

    assert len(smtp.messages) == expected
    sent = Counter((tuple(item["to"]), body(item["message"])) for item in smtp.messages)
    rows = load_site.query(f'SELECT "to", body_text FROM {outbox}')
    assert sent == Counter((tuple(to), text.replace("\r\n", "\n").strip()) for to, text in rows)
    # One receipt to each resident who left an email, with their own tracking link; one notification each.
    tokens = dict(load_site.query(f"SELECT email, token::text FROM {Feedback._meta.db_table} WHERE email <> ''"))
    receipts = {item["to"][0]: body(item["message"]) for item in smtp.messages if item["to"] != [NOTIFY]}
    assert sorted(receipts) == sorted(f"asukas{number}@example.com" for number in with_email)
    assert all(tokens[address] in text for address, text in receipts.items())
    assert sum(item["to"] == [NOTIFY] for item in smtp.messages) == SUBMISSIONS
