"""Database restart: PostgreSQL is restarted while people send feedback. The site recovers by itself
(the same gunicorn processes serve again, the same task worker sends email again), and every submission
it acknowledged is stored.

The cluster restarted is the load tests' private one (tests/load/conftest.py), never the machine's.
"""

import threading
import time

import pytest
from django.utils import translation

from engagement.feedback.models import Feedback
from engagement.models import OutgoingEmail
from tests.load.servers import Client, wait_until
from tests.load.test_email_outage import SETUP

pytestmark = pytest.mark.load

CLIENTS = 6


def test_site_recovers_from_a_database_restart_and_loses_no_acknowledged_submission(load_site):
    setup = load_site.script(SETUP)
    env = load_site.env(TASKS_BACKEND="django_tasks_db.DatabaseBackend", CONN_MAX_AGE=60)
    server = load_site.gunicorn(env)
    worker = load_site.worker(env)
    workers_before = server.worker_pids()
    outbox = OutgoingEmail._meta.db_table
    with translation.override("fi"):
        thanks = translation.gettext("Thank you for your feedback")
    outcomes = []  # (message, started, status, error, acknowledged)
    lock = threading.Lock()
    stop = threading.Event()

    def client(number):
        attempt = 0
        while not stop.is_set():
            attempt += 1
            message = f"Palaute {number}-{attempt} kesken uudelleenkäynnistyksen"
            started = time.monotonic()
            response = Client(server.base, timeout=30).submit(
                setup["url"], {"topic": setup["topic"], "message": message}
            )
            acknowledged = response.status == 200 and thanks in response.text
            with lock:
                outcomes.append((message, started, response.status, response.error, acknowledged))

    threads = [threading.Thread(target=client, args=(number,), daemon=True) for number in range(CLIENTS)]
    for thread in threads:
        thread.start()
    try:
        def acknowledged_so_far():
            with lock:
                return sum(1 for outcome in outcomes if outcome[4])

        wait_until(lambda: acknowledged_so_far() >= 3, 60, message="the first acknowledged submissions")
        # The worker is up and sending before the restart (it takes a while to start on a busy machine).
        wait_until(lambda: load_site.query(f"SELECT count(*) FROM {outbox} WHERE status = 'sent'")[0][0] > 0, 60,
                   message="the worker's first email")
        restart_began = time.monotonic()
        load_site.postgres.restart(down_seconds=3)  # long enough for every process to notice
        back = time.monotonic()
        print(f"PostgreSQL down and back in {back - restart_began:.1f} s")

        def acknowledged_after_restart():
            with lock:
                return sum(1 for _m, started, _s, _e, ack in outcomes if ack and started > back)

        deadline = time.monotonic() + 60
        while acknowledged_after_restart() < 30 and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=40)

    acknowledged = {message for message, _started, _status, _error, ack in outcomes if ack}
    before = [o for o in outcomes if o[4] and o[1] < restart_began]
    after = [o for o in outcomes if o[4] and o[1] > back]
    failed = [o for o in outcomes if not o[4]]
    print(f"{len(outcomes)} submissions: {len(before)} acknowledged before the restart, {len(after)} after, "
          f"{len(failed)} failed ({sorted({o[2] or o[3].split(':')[0] for o in failed})})")
    assert before and len(after) >= 30, load_site.logs()
    # Once PostgreSQL accepts connections again, every request succeeds (a moment's grace for requests
    # that were already waiting on the dead connection).
    late = [(round(o[1] - back, 2), o[2], o[3]) for o in failed if o[1] > back + 2]
    assert not late, late[:10]
    # A failure is a server error or a cut connection, never an answer that looks like success.
    unexpected = [o for o in failed if o[2] is not None and o[2] < 500]
    assert not unexpected, unexpected[:5]

    stored = {row[0] for row in load_site.query(f"SELECT message FROM {Feedback._meta.db_table}")}
    assert acknowledged <= stored, f"lost: {sorted(acknowledged - stored)[:10]}"
    # Nothing stored twice: each message is a new form, so at most one row each.
    count = load_site.query(f"SELECT count(*) FROM {Feedback._meta.db_table}")[0][0]
    assert count == len(stored)

    # The same gunicorn master and workers recovered by themselves.
    assert server.alive() and server.worker_pids() == workers_before, load_site.logs()
    health = Client(server.base).get("/health/")
    assert health.status == 200, health.text
    assert '"database": "ok"' in health.text

    # The task worker rode out the restart in the same process: feedback sent now is emailed by it.
    assert worker.alive(), load_site.logs()
    after_restart = [f"asukas-{number}@example.com" for number in range(3)]
    for address in after_restart:
        response = Client(server.base).submit(
            setup["url"], {"topic": setup["topic"], "message": "Kirjoitettu palvelimen paluun jälkeen", "email": address}
        )
        assert response.status == 200 and thanks in response.text, response.text[:500]

    def sent_to_all():
        rows = load_site.query(f'SELECT "to" FROM {outbox} WHERE status = %s', ("sent",))
        return all(any(address in row[0] for row in rows) for address in after_restart)

    wait_until(sent_to_all, 60, message=f"the worker to send the receipts\n{load_site.logs()}")
    assert worker.alive(), load_site.logs()
