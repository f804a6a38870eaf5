"""Event places cannot be used up with throwaway addresses (issue 13, finding 15): an event may ask for
confirmation by email within N hours, and unconfirmed sign-ups release their place to the waiting list;
one address and one client make only a few sign-ups for one event."""

import io
import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone
from wagtail_localize.fields import SynchronizedField

from engagement.events import services
from engagement.events.models import SignUp
from engagement.events.pages import EventPage
from tests.events.conftest import translate
from tests.factories.events import EventIndexPageFactory, EventPageFactory, SignUpFactory

pytestmark = pytest.mark.django_db

CAPTCHA = {"captcha_0": "x", "captcha_1": "PASSED"}


def post(client, page, email="liisa@example.com", name="Liisa Laine"):
    return client.post(page.signup_url, {"name": name, "email": email, **CAPTCHA})


def confirm_path(message):
    return re.search(r"https?://testserver(/\w\w/events/confirm/[0-9a-f-]+/)", message.body).group(1)


@pytest.fixture
def event(index_fi):
    return EventPageFactory(
        parent=index_fi, with_signup=True, capacity=1, signup_confirm_hours=2, title="Kyläilta Koivulassa"
    )


def test_sign_up_asks_to_confirm_and_holds_the_place(client, event):
    form = client.get(event.signup_url).content.decode()
    assert "vahvista ilmoittautumisesi sillä 2 tunnin kuluessa" in form
    response = post(client, event)
    html = response.content.decode()
    assert "Vahvista ilmoittautumisesi sähköpostista" in html and "2 tunnin kuluessa" in html
    signup = SignUp.objects.get()
    assert signup.status == SignUp.Status.CONFIRMED and signup.awaits_email_confirmation
    assert signup.confirm_by == pytest.approx(signup.created_at + timedelta(hours=2), abs=timedelta(seconds=5))
    assert SignUp.objects.confirmed_people(event.translation_key) == 1  # the place is held meanwhile
    [message] = mail.outbox
    assert "Vahvista ilmoittautumisesi" in message.subject
    assert not [a for a in message.attachments if a[0].endswith(".ics")]  # details only once confirmed
    # The next person goes to the waiting list.
    post(Client(), event, email="pekka@example.com", name="Pekka")
    assert SignUp.objects.get(email="pekka@example.com").status == SignUp.Status.WAITING


def test_the_link_confirms_on_post_and_sends_the_details(client, event):
    post(client, event)
    [message] = mail.outbox
    path = confirm_path(message)
    page = client.get(path)
    assert page.status_code == 200 and "Vahvista ilmoittautumiseni" in page.content.decode()
    assert SignUp.objects.get().awaits_email_confirmation  # a GET (a mail scanner) confirms nothing
    mail.outbox.clear()
    done = client.post(path)
    assert "paikkasi säilyy" in done.content.decode()
    signup = SignUp.objects.get()
    assert signup.email_confirmed_at is not None and not signup.awaits_email_confirmation
    [details] = mail.outbox
    assert [a for a in details.attachments if a[0].endswith(".ics")]
    # A confirmed sign-up keeps its place after the deadline.
    assert services.release_unconfirmed(timezone.now() + timedelta(hours=3)) == 0


def test_swedish_sign_up_gets_a_swedish_request(client, event, locale_sv, index_sv):
    event_sv = translate(event, locale_sv, title="Byakväll i Björkby", slug="byakvall")
    assert event_sv.signup_confirm_hours == 2  # synchronised, not translated
    response = post(client, event_sv, email="lisa@example.com")
    assert "Bekräfta din anmälan från din e-post" in response.content.decode()
    [message] = mail.outbox
    assert "Bekräfta din anmälan" in message.subject and confirm_path(message).startswith("/sv/")


def test_the_option_is_synchronised_between_languages():
    synced = {field.field_name for field in EventPage.override_translatable_fields if isinstance(field, SynchronizedField)}
    assert "signup_confirm_hours" in synced


def test_unconfirmed_sign_ups_release_their_place_to_the_waiting_list(event):
    now = timezone.now()
    unconfirmed = services.sign_up(event, name="Roskaposti", email="roska@example.com", now=now)
    waiting = services.sign_up(event, name="Pekka", email="pekka@example.com", now=now)
    services.confirm_email(waiting, now=now + timedelta(minutes=5))
    assert waiting.status == SignUp.Status.WAITING
    assert services.release_unconfirmed(now + timedelta(hours=1)) == 0  # not yet
    mail.outbox.clear()
    output = io.StringIO()
    call_command("release_unconfirmed_signups", stdout=output)  # the cron job: nothing is due yet
    assert "Released 0" in output.getvalue()
    released = services.release_unconfirmed(now + timedelta(hours=2, minutes=1))
    assert released == 1
    unconfirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert unconfirmed.status == SignUp.Status.CANCELLED
    assert waiting.status == SignUp.Status.CONFIRMED and waiting.promoted_at is not None
    assert [m.to for m in mail.outbox] == [["pekka@example.com"]]  # the promotion
    assert services.release_unconfirmed(now + timedelta(hours=3)) == 0  # safe to run twice


def test_unconfirmed_waiting_ones_are_released_first_and_never_promoted(event):
    now = timezone.now()
    services.sign_up(event, name="A", email="a@example.com", now=now)
    throwaway = services.sign_up(event, name="B", email="b@example.com", now=now)
    real = services.sign_up(event, name="C", email="c@example.com", now=now)
    services.confirm_email(real, now=now)
    assert services.release_unconfirmed(now + timedelta(hours=3)) == 2
    throwaway.refresh_from_db()
    real.refresh_from_db()
    assert throwaway.status == SignUp.Status.CANCELLED and throwaway.promoted_at is None
    assert real.status == SignUp.Status.CONFIRMED


def test_the_confirm_link_expires_at_the_deadline(client, event):
    signup = services.sign_up(event, name="Myöhäinen", email="myohainen@example.com",
                              now=timezone.now() - timedelta(hours=3))
    path = confirm_path(mail.outbox[0])
    response = client.post(path)
    assert response.status_code == 410 and "Linkki ei ole enää voimassa" in response.content.decode()
    signup.refresh_from_db()
    assert signup.awaits_email_confirmation
    assert services.confirm_email(signup)[0] == "expired"


def test_events_without_the_option_need_no_confirmation(client, index_fi):
    event = EventPageFactory(parent=index_fi, with_signup=True)
    post(client, event)
    signup = SignUp.objects.get()
    assert signup.confirm_by is None and not signup.awaits_email_confirmation
    assert "Ilmoittautuminen vahvistettu" in mail.outbox[0].subject
    assert services.release_unconfirmed(timezone.now() + timedelta(days=30)) == 0


def test_reminders_skip_unconfirmed_sign_ups(index_fi):
    now = timezone.now()
    event = EventPageFactory(parent=index_fi, with_signup=True, signup_confirm_hours=48,
                             start=now + timedelta(days=1))
    SignUpFactory(event=event, email="vahvistamaton@example.com", confirm_by=now + timedelta(hours=10))
    SignUpFactory(event=event, email="vahvistettu@example.com", confirm_by=now + timedelta(hours=10),
                  email_confirmed_at=now)
    mail.outbox.clear()
    services.send_reminders(now)
    assert [m.to for m in mail.outbox] == [["vahvistettu@example.com"]]


# --- Caps per address and per client ------------------------------------------------------------------


def test_one_address_cannot_cycle_sign_ups(index_fi, settings):
    settings.SIGNUP_MAX_PER_EMAIL = 2
    event = EventPageFactory(parent=index_fi, with_signup=True, capacity=5)
    for _round in range(2):
        services.cancel(services.sign_up(event, name="Kierrättäjä", email="kierto@example.com"))
    with pytest.raises(services.SignUpRefused) as refused:
        services.sign_up(event, name="Kierrättäjä", email="KIERTO@example.com")
    assert refused.value.reason == "too_many"
    # Another event is not affected.
    other = EventPageFactory(parent=index_fi, with_signup=True, capacity=5)
    assert services.sign_up(other, name="Kierrättäjä", email="kierto@example.com").pk


def test_one_client_makes_only_a_few_sign_ups_for_one_event(index_fi, settings):
    settings.SIGNUP_CLIENT_RATE_LIMIT = "2/d"
    event = EventPageFactory(parent=index_fi, with_signup=True, capacity=50)
    hoarder = Client(REMOTE_ADDR="198.51.100.7")
    for number in range(2):
        assert "Olet ilmoittautunut" in post(hoarder, event, email=f"heitto{number}@example.com").content.decode()
    refused = post(hoarder, event, email="heitto9@example.com")
    assert "Ei enempää ilmoittautumisia" in refused.content.decode()
    assert SignUp.objects.count() == 2
    # Someone else still signs up, and the same client for another event too.
    assert "Olet ilmoittautunut" in post(Client(REMOTE_ADDR="192.0.2.4"), event, email="aito@example.com").content.decode()
    other = EventPageFactory(parent=index_fi, with_signup=True, capacity=50)
    assert "Olet ilmoittautunut" in post(hoarder, other, email="heitto9@example.com").content.decode()


# --- Concurrency (PostgreSQL) ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_overlapping_release_runs_and_confirmations_never_exceed_capacity(home_fi):
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL (DATABASE_URL=postgres://…).")
    index = EventIndexPageFactory(parent=home_fi)
    event = EventPageFactory(parent=index, signup_enabled=True, capacity=3, waiting_list=True, signup_confirm_hours=1)
    start = timezone.now() - timedelta(hours=2)
    for number in range(3):  # hold every place, never confirmed
        services.sign_up(event, name=f"Roska {number}", email=f"roska{number}@example.com", now=start)
    waiting = [
        services.sign_up(event, name=f"Jono {number}", email=f"jono{number}@example.com", now=timezone.now())
        for number in range(5)
    ]
    jobs = ["release"] * 4 + [("confirm", signup.pk) for signup in waiting]
    barrier = threading.Barrier(len(jobs))
    released, errors = [], []

    def run(job):
        try:
            barrier.wait(timeout=30)
            if job == "release":
                released.append(services.release_unconfirmed())
            else:
                services.confirm_email(SignUp.objects.get(pk=job[1]))
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sum(released) == 3  # each throwaway released once, whichever run did it
    assert SignUp.objects.filter(email__startswith="roska", status=SignUp.Status.CANCELLED).count() == 3
    assert SignUp.objects.confirmed_people(event.translation_key) == 3
    assert SignUp.objects.filter(email__startswith="jono", email_confirmed_at__isnull=False).count() == 5
    promoted = SignUp.objects.filter(status=SignUp.Status.CONFIRMED).order_by("created_at", "pk")
    assert [signup.email for signup in promoted] == ["jono0@example.com", "jono1@example.com", "jono2@example.com"]


def test_organisers_see_who_has_not_confirmed_yet(client, event, staff_user_factory):
    services.sign_up(event, name="Vahvistamaton", email="vahvistamaton@example.com")
    client.force_login(staff_user_factory("Event organisers"))
    html = client.get(f"/admin/events/{event.pk}/attendees/").content.decode()
    assert "Vahvistamaton" in html
    assert "Sähköpostia ei ole vielä vahvistettu" in html or "Email not confirmed yet" in html
