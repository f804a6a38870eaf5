"""Signing up: capacity shared by both languages, the waiting list, promotion, double sign-up, closed
sign-up, bad input, emails in Finnish and Swedish with valid .ics files, reminders."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from engagement.events import services
from engagement.events.models import SignUp
from engagement.models import OutgoingEmail
from tests.events.conftest import translate
from tests.factories.events import EventPageFactory

pytestmark = pytest.mark.django_db

CAPTCHA = {"captcha_0": "x", "captcha_1": "PASSED"}


def post(client, page, email="liisa@example.com", name="Liisa Laine", **extra):
    return client.post(page.signup_url, {"name": name, "email": email, **CAPTCHA, **extra})


def cancel_path(message):
    return re.search(r"https?://testserver(/\w\w/events/cancel/[0-9a-f-]+/)", message.body).group(1)


def ics_of(message):
    [attachment] = [a for a in message.attachments if a[0].endswith(".ics")]
    return Calendar.from_ical(attachment[1])


@pytest.fixture
def event(index_fi):
    return EventPageFactory(parent=index_fi, with_signup=True, capacity=2, title="Kyläilta Koivulassa")


@pytest.fixture
def event_sv(event, locale_sv, index_sv):
    return translate(event, locale_sv, title="Byakväll i Björkby", slug="byakvall")


def test_sign_up_confirms_and_emails_in_finnish(client, event):
    response = post(client, event)
    assert response.status_code == 200
    assert "Olet ilmoittautunut" in response.content.decode()
    signup = SignUp.objects.get()
    assert signup.status == SignUp.Status.CONFIRMED
    assert signup.event_key == event.translation_key
    [message] = mail.outbox
    assert message.to == ["liisa@example.com"]
    assert "Kyläilta Koivulassa" in message.subject
    assert "Ilmoittautuminen vahvistettu" in message.subject
    assert cancel_path(message).startswith("/fi/")
    assert message.alternatives and "<html" in message.alternatives[0][0]
    cal = ics_of(message)
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Kyläilta Koivulassa"
    assert vevent.decoded("DTSTART") == event.start.replace(microsecond=0)
    assert str(vevent["UID"]) == f"event-{event.translation_key}@kumppanuus"


def test_swedish_sign_up_shares_capacity_and_emails_in_swedish(client, event, event_sv):
    post(client, event, email="a@example.com")
    post(client, event_sv, email="b@example.com", name="Britt Berg")
    response = post(client, event_sv, email="c@example.com", name="Carl Ek")
    assert "reservlista" in response.content.decode().lower()
    statuses = list(SignUp.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "waiting"]
    sv_confirm, sv_wait = mail.outbox[1], mail.outbox[2]
    assert "Anmälan bekräftad" in sv_confirm.subject
    assert "Byakväll i Björkby" in sv_confirm.subject
    assert cancel_path(sv_confirm).startswith("/sv/")
    assert str(ics_of(sv_confirm).walk("VEVENT")[0]["SUMMARY"]) == "Byakväll i Björkby"
    assert "reservlista" in sv_wait.subject.lower()
    assert not [a for a in sv_wait.attachments if a[0].endswith(".ics")]
    # The place in the queue, in the text and the HTML part alike.
    assert "Du är nummer 1 i kön." in sv_wait.body and "Du är nummer 1 i kön." in sv_wait.alternatives[0][0]


def test_cancel_promotes_the_first_on_the_waiting_list(client, event):
    for email in ("a@example.com", "b@example.com", "c@example.com", "d@example.com"):
        post(client, event, email=email)
    assert SignUp.objects.filter(status="waiting").count() == 2
    waiting_emails = {message.to[0]: message for message in mail.outbox if "jonotuslistalla" in message.subject}
    assert "Olet jonossa sijalla 1." in waiting_emails["c@example.com"].body
    assert "Olet jonossa sijalla 2." in waiting_emails["d@example.com"].body
    assert "Olet jonossa sijalla 2." in waiting_emails["d@example.com"].alternatives[0][0]
    first_confirm = mail.outbox[0]
    mail.outbox.clear()
    path = cancel_path(first_confirm)
    assert client.get(path).status_code == 200
    assert SignUp.objects.get(email="a@example.com").status == "confirmed"  # GET changes nothing
    response = client.post(path)
    assert "peruttu" in response.content.decode()
    assert SignUp.objects.get(email="a@example.com").status == "cancelled"
    assert SignUp.objects.get(email="c@example.com").status == "confirmed"
    assert SignUp.objects.get(email="d@example.com").status == "waiting"
    promoted = [m for m in mail.outbox if m.to == ["c@example.com"]]
    assert len(promoted) == 1 and "Sait paikan" in promoted[0].subject
    assert ics_of(promoted[0]).walk("VEVENT")
    client.post(path)  # cancelling twice promotes nobody else
    assert SignUp.objects.get(email="d@example.com").status == "waiting"


def test_waiting_position_follows_the_queue_order_with_one_count(event, django_assert_num_queries):
    """A place in the queue is first come, first served; someone staff moved to the waiting list queues
    from then (waiting_since). It is counted in one query, however long the list (not listed)."""
    from tests.factories.events import SignUpFactory

    start = timezone.now() - timedelta(days=1)
    waiting = [
        SignUpFactory(event=event, status="waiting", created_at=start + timedelta(minutes=minutes))
        for minutes in (0, 0, 10, 20)  # the first two at the same moment: the earlier row goes first
    ]
    moved = SignUpFactory(event=event, status="waiting", created_at=start - timedelta(days=1),
                          waiting_since=start + timedelta(minutes=15))
    SignUpFactory(event=event, status="confirmed", created_at=start)
    with django_assert_num_queries(1):
        assert waiting[1].waiting_position == 2
    assert [signup.waiting_position for signup in waiting] == [1, 2, 3, 5]
    assert moved.waiting_position == 4
    assert SignUp.objects.filter(status="confirmed").get().waiting_position is None
    assert [row.pk for row in SignUp.objects.waiting_queue(event.translation_key)] == [
        waiting[0].pk, waiting[1].pk, waiting[2].pk, moved.pk, waiting[3].pk]


def test_the_answer_to_a_waiting_sign_up_shows_its_place_counted_under_the_lock(client, event, monkeypatch):
    """The sign-up counted those waiting before it while it held the event's lock: the answer shows that
    place without counting the queue again (one query less on a full event's busiest path)."""
    for email in ("a@example.com", "b@example.com", "c@example.com"):
        post(client, event, email=email)
    counted = []
    original = SignUp.waiting_position
    monkeypatch.setattr(SignUp, "waiting_position", property(lambda signup: counted.append(signup.pk) or original.fget(signup)))
    response = post(client, event, email="d@example.com")
    assert "Olet jonossa sijalla 2." in response.content.decode()
    made = SignUp.objects.get(email="d@example.com")
    # Counted for the email only (its own task on the row it reads: the plain and the HTML part), not
    # for the answer.
    assert made.status == "waiting" and counted == [made.pk, made.pk]
    assert made.waiting_position == 2  # what the count says too


def test_a_sign_up_reads_the_events_sign_ups_once_under_the_lock(event):
    """The places taken, the waiting list and the address's earlier sign-ups come from one query while
    the event is locked: every other sign-up to the event waits for it."""
    services.sign_up(event, name="Aino", email="aino@example.com")
    services.sign_up(event, name="Bertta", email="bertta@example.com")
    with CaptureQueriesContext(connection) as queries:
        signup = services.sign_up(event, name="Cecilia", email="cecilia@example.com")
    sql = [query["sql"] for query in queries.captured_queries]
    decided = sql[:next(n for n, text in enumerate(sql) if text.startswith('INSERT INTO "events_signup"'))]
    reads = [text for text in decided if text.startswith("SELECT") and 'FROM "events_signup"' in text]
    assert signup.status == "waiting" and signup.queued_at_position == 1
    assert len(reads) == 1


def test_an_address_that_cancelled_signs_up_again_and_its_active_sign_up_is_the_answer(event, settings):
    settings.SIGNUP_MAX_PER_EMAIL = 3
    services.cancel(services.sign_up(event, name="Liisa", email="liisa@example.com"), notify=False)
    again = services.sign_up(event, name="Liisa", email="Liisa@Example.com")
    with pytest.raises(services.AlreadySignedUp) as already:
        services.sign_up(event, name="Liisa", email="LIISA@example.com")
    assert already.value.signup == again and again.status == "confirmed"


def test_signing_up_twice_with_the_same_email(client, event):
    post(client, event, email="liisa@example.com")
    response = post(client, event, email="LIISA@example.com")
    assert "Olet jo ilmoittautunut" in response.content.decode()
    assert SignUp.objects.count() == 1
    assert len(mail.outbox) == 2  # the confirmation is sent again, nothing else


def test_double_submission_of_one_form_stores_once(client, event):
    data = {"name": "Liisa", "email": "liisa@example.com", "submission_token": "2b1f3c1e-7a0e-4d43-9c3e-1f0a5b0e9a10"}
    post(client, event, **data)
    post(client, event, **data)
    assert SignUp.objects.count() == 1


def test_a_token_copied_from_another_events_form_stores_a_sign_up_of_its_own(client, event, index_fi):
    # Before, the second event's form answered with the first event's sign-up (and a feedback's token
    # on a sign-up form gave a 500): a receipt is keyed by the token within its form and address.
    other = EventPageFactory(parent=index_fi, signup_enabled=True, capacity=10)
    data = {"name": "Liisa", "email": "liisa@example.com", "submission_token": "2b1f3c1e-7a0e-4d43-9c3e-1f0a5b0e9a11"}
    post(client, other, **data)
    response = post(client, event, **data)
    assert response.status_code == 200
    assert SignUp.objects.filter(event=event).count() == 1
    assert SignUp.objects.filter(event=other).count() == 1


def test_full_without_waiting_list_refuses(client, index_fi):
    event = EventPageFactory(parent=index_fi, signup_enabled=True, capacity=1, waiting_list=False)
    post(client, event, email="a@example.com")
    response = post(client, event, email="b@example.com")
    assert "Tapahtuma on täynnä" in response.content.decode()
    assert SignUp.objects.count() == 1


def test_not_yet_open_and_closed(client, index_fi):
    later = EventPageFactory(parent=index_fi, signup_enabled=True, signup_opens=timezone.now() + timedelta(days=1))
    html = client.get(later.signup_url).content.decode()
    assert "Ilmoittautuminen alkaa" in html
    assert 'name="email"' not in html
    post(client, later)
    closed = EventPageFactory(parent=index_fi, signup_enabled=True, signup_closes=timezone.now() - timedelta(hours=1))
    html = client.get(closed.signup_url).content.decode()
    assert "Ilmoittautuminen on päättynyt" in html
    post(client, closed)
    assert SignUp.objects.count() == 0
    with pytest.raises(services.SignUpRefused):
        services.sign_up(closed, name="X", email="x@example.com")


def test_bad_input_keeps_what_was_typed(client, event):
    response = post(client, event, email="not-an-email", name="Liisa Laine")
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html
    assert 'value="Liisa Laine"' in html
    response = post(client, event, name="x" * 151)
    assert "error-summary" in response.content.decode()
    assert SignUp.objects.count() == 0


def test_companions_count_towards_capacity_and_questions(client, index_fi):
    event = EventPageFactory(
        parent=index_fi, signup_enabled=True, capacity=3, max_companions=2,
        extra_questions=[("question", "Ruokavalio")],
    )
    html = client.get(event.signup_url).content.decode()
    assert "Ruokavalio" in html and "poistetaan heti tapahtuman jälkeen" in html
    post(client, event, email="a@example.com", companions="2", question_0="Gluteeniton")
    signup = SignUp.objects.get()
    assert signup.people == 3
    assert signup.answers == [{"question": "Ruokavalio", "answer": "Gluteeniton"}]
    response = post(client, event, email="b@example.com", companions="5")
    assert "error-summary" in response.content.decode()
    post(client, event, email="c@example.com")
    assert SignUp.objects.get(email="c@example.com").status == "waiting"


def test_reminders_are_sent_once(index_fi):
    tomorrow = timezone.localtime() + timedelta(days=1)
    event = EventPageFactory(parent=index_fi, signup_enabled=True, start=tomorrow.replace(hour=18, minute=0))
    later = EventPageFactory(parent=index_fi, signup_enabled=True, start=timezone.now() + timedelta(days=5))
    services.sign_up(event, name="Liisa", email="liisa@example.com")
    services.sign_up(later, name="Liisa", email="liisa@example.com")
    mail.outbox.clear()
    call_command("send_event_reminders")
    call_command("send_event_reminders")
    assert len(mail.outbox) == 1
    assert "Muistutus" in mail.outbox[0].subject


def test_cancel_without_notifying_still_promotes_and_tells_the_promoted(event):
    """Erasure on request cancels through the service without emailing the person who asked."""
    first = services.sign_up(event, name="A", email="a@example.com")
    services.sign_up(event, name="B", email="b@example.com")
    waiting = services.sign_up(event, name="C", email="c@example.com")
    assert waiting.status == "waiting"
    mail.outbox.clear()
    promoted = services.cancel(first, notify=False)
    assert [signup.pk for signup in promoted] == [waiting.pk]
    assert SignUp.objects.get(pk=first.pk).status == "cancelled"
    assert [message.to for message in mail.outbox] == [["c@example.com"]]


def test_the_sign_up_form_is_a_named_sub_route_of_the_event(client, event):
    assert event.signup_url == event.url + "signup/" == event.url + event.reverse_subpage("signup")
    assert 'name="email"' in client.get(event.signup_url).content.decode()
    event.unpublish()
    assert client.get(event.signup_url).status_code == 404


def test_a_sign_up_is_kept_when_its_email_cannot_be_queued(client, event, monkeypatch, caplog):
    """A stored sign-up is never lost because its email failed: the receipt goes in a savepoint."""

    def broken(*args, **kwargs):
        raise RuntimeError("the outbox is broken")

    monkeypatch.setattr(services, "send_templated_email", broken)
    response = post(client, event)
    assert response.status_code in (200, 302)
    signup = SignUp.objects.get(email="liisa@example.com")
    assert signup.status == SignUp.Status.CONFIRMED
    assert "Could not queue" in caplog.text


def test_the_request_queues_the_email_and_the_worker_composes_it_in_swedish(client, event, event_sv, queued):
    """The email is composed by the task worker (queued in the sign-up's transaction), not in the request."""
    response = post(client, event_sv, email="britt@example.com", name="Britt Berg")
    assert "Du är anmäld" in response.content.decode()
    signup = SignUp.objects.get()
    assert signup.language == "sv" and not OutgoingEmail.objects.exists()
    [task] = DBTaskResult.objects.filter(task_path=services.send_signup_email_task.module_path)
    assert task.args_kwargs["args"] == [signup.pk, "confirmed", True]

    assert services.send_signup_email_task.call(signup.pk, "confirmed", True) is True  # the worker
    call_command("send_pending_emails")
    [message] = mail.outbox
    assert message.to == ["britt@example.com"] and "Byakväll i Björkby" in message.subject
    assert str(ics_of(message).walk("VEVENT")[0]["SUMMARY"]) == "Byakväll i Björkby"
    assert services.send_signup_email_task.call(signup.pk + 1000, "confirmed", True) is False  # gone: nothing


def test_signing_up_again_queues_the_confirmation_again(client, event, queued):
    post(client, event)
    response = post(client, event, email="LIISA@example.com")
    assert "Olet jo ilmoittautunut" in response.content.decode()
    tasks = DBTaskResult.objects.filter(task_path=services.send_signup_email_task.module_path)
    assert [task.args_kwargs["args"][1:] for task in tasks] == [["confirmed", True], ["confirmed", True]]
