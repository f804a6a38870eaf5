"""Many people signing up at the same moment on PostgreSQL never get more places than there are."""

import threading

import pytest
from django.db import connection, connections

from engagement.events import services
from engagement.events.models import SignUp
from engagement.events.pages import EventPage
from tests.events.conftest import translate
from tests.factories.events import EventIndexPageFactory, EventPageFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_sign_ups_never_exceed_capacity(home_fi, locale_sv):
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL (DATABASE_URL=postgres://…).")
    index = EventIndexPageFactory(parent=home_fi)
    event = EventPageFactory(parent=index, signup_enabled=True, capacity=5, waiting_list=True, max_companions=1)
    translate(index, locale_sv, title="Evenemang", slug="evenemang")
    event_sv = translate(event, locale_sv, title="Möte", slug="mote")
    pages = [event, event_sv]
    jobs = list(range(16))
    barrier = threading.Barrier(len(jobs))
    errors = []

    def sign_up(number):
        try:
            page = EventPage.objects.get(pk=pages[number % 2].pk)
            barrier.wait(timeout=30)
            services.sign_up(
                page, name=f"Person {number}", email=f"p{number}@example.com", people=1 + number % 2,
                language=page.locale.language_code,
            )
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(number,)) for number in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert SignUp.objects.count() == 16
    confirmed = SignUp.objects.confirmed_people(event.translation_key)
    assert 0 < confirmed <= 5
    assert SignUp.objects.filter(status="waiting").count() >= 11 - 5
    # Both languages shared one counter.
    assert set(SignUp.objects.values_list("event_key", flat=True)) == {event.translation_key}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_double_sign_up_with_one_email_stores_one(home_fi):
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL (DATABASE_URL=postgres://…).")
    index = EventIndexPageFactory(parent=home_fi)
    event = EventPageFactory(parent=index, signup_enabled=True, capacity=5)
    barrier = threading.Barrier(6)
    outcomes = []

    def sign_up():
        try:
            barrier.wait(timeout=30)
            services.sign_up(EventPage.objects.get(pk=event.pk), name="Liisa", email="liisa@example.com")
            outcomes.append("created")
        except services.AlreadySignedUp:
            outcomes.append("already")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["already"] * 5 + ["created"]
    assert SignUp.objects.count() == 1
