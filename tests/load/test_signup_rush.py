"""Sign-up rush: 50 people at once make 500 sign-ups for an event with 100 places, through gunicorn on
PostgreSQL. Exactly 100 get a place, the other 400 are on the waiting list, and nobody sees a 5xx."""

import queue
import threading
import time

import pytest
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from engagement.events.models import SignUp
from engagement.events.services import send_signup_email_task
from tests.load.servers import Client

pytestmark = pytest.mark.load

CLIENTS = 50
SIGNUPS = 500
CAPACITY = 100

SETUP = f"""
import json
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Locale
from home.models import HomePage
from tests.factories.events import EventIndexPageFactory, EventPageFactory

home = HomePage.objects.get(locale=Locale.objects.get(language_code="fi"))
index = EventIndexPageFactory(parent=home)
event = EventPageFactory(parent=index, title="Kuntalaisilta", signup_enabled=True, capacity={CAPACITY},
                         waiting_list=True, max_companions=0, start=timezone.now() + timedelta(days=14))
print(json.dumps({{"signup_url": event.signup_url, "key": str(event.translation_key)}}))
"""


def headings():
    with translation.override("fi"):
        return {
            "confirmed": translation.gettext("You have signed up"),
            "waiting": translation.gettext("You are on the waiting list"),
        }


def test_sign_up_rush_fills_exactly_the_places_and_queues_the_rest(load_site):
    event = load_site.script(SETUP)
    server = load_site.gunicorn(load_site.env(TASKS_BACKEND="django_tasks_db.DatabaseBackend"), workers=4)
    workers_before = server.worker_pids()
    jobs = queue.Queue()
    for number in range(SIGNUPS):
        jobs.put(number)
    results = {}
    texts = headings()
    deadline = time.monotonic() + 240

    def client():
        while time.monotonic() < deadline:
            try:
                number = jobs.get_nowait()
            except queue.Empty:
                return
            email = f"ryntays{number}@example.com"
            response = Client(server.base, timeout=60).submit(event["signup_url"], {"name": f"Henkilö {number}", "email": email})
            page = response.text
            outcome = next((kind for kind, heading in texts.items() if heading in page), None)
            results[email] = (response.status, response.error, outcome)

    started = time.monotonic()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1, deadline - time.monotonic()))
    took = time.monotonic() - started
    print(f"{SIGNUPS} sign-ups by {CLIENTS} clients in {took:.1f} s")

    failures = {email: result for email, result in results.items() if result[0] != 200 or result[2] is None}
    assert len(results) == SIGNUPS, f"only {len(results)} of {SIGNUPS} sign-ups finished in time"
    assert not failures, f"{len(failures)} failed, e.g. {list(failures.items())[:5]}\n{load_site.logs()}"
    said = {kind: {email for email, result in results.items() if result[2] == kind} for kind in texts}
    assert len(said["confirmed"]) == CAPACITY
    assert len(said["waiting"]) == SIGNUPS - CAPACITY

    rows = dict(load_site.query(f"SELECT email, status FROM {SignUp._meta.db_table} WHERE event_key = %s",
                                (event["key"],)))
    assert len(rows) == SIGNUPS
    assert {email for email, status in rows.items() if status == SignUp.Status.CONFIRMED} == said["confirmed"]
    assert {email for email, status in rows.items() if status == SignUp.Status.WAITING} == said["waiting"]
    # Each sign-up queued the composing of its email (confirmation or waiting list) in the same transaction.
    queued = load_site.query(f"SELECT args_kwargs FROM {DBTaskResult._meta.db_table} WHERE task_path = %s",
                             (send_signup_email_task.module_path,))
    templates = [args["args"][1] for (args,) in queued]
    assert (templates.count("confirmed"), templates.count("waiting")) == (CAPACITY, SIGNUPS - CAPACITY)
    assert server.alive() and server.worker_pids() == workers_before
