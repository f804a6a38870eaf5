"""The machine's shared PostgreSQL and Redis are left as they were by a test run (issue 14).

The tests start private servers for their fault and load tests and never restart, stop or flush the
machine's own. `make test` checks that: before the suite it notes when the shared PostgreSQL server
started and puts a mark key into Redis db 5; after it, the server must have the same start time and
the mark must still be there (a FLUSHDB or FLUSHALL, or a restart of a Redis that keeps nothing, takes
it away). The mark is then deleted.

    python scripts/shared_servers.py mark  STATE_FILE     # before the suite
    python scripts/shared_servers.py check STATE_FILE     # after it: exit 1 and say why when touched

A server that is not running is left out (say so, and pass): the test command also runs where none is.
"""

import json
import sys
import uuid
from pathlib import Path

import psycopg
import redis

POSTGRES = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
REDIS = {"host": "127.0.0.1", "port": 6379, "db": 5, "socket_timeout": 3, "socket_connect_timeout": 3}
MARK_SECONDS = 4 * 3600  # the mark goes by itself should a run be killed before its check


def postgres_started():
    try:
        with psycopg.connect(POSTGRES) as connection:
            return str(connection.execute("SELECT pg_postmaster_start_time()").fetchone()[0])
    except psycopg.OperationalError:
        return None


def mark(state_file):
    state = {"postgres_started": postgres_started(), "redis_mark": None}
    key = f"kumppanuus:test-run-mark:{uuid.uuid4().hex}"
    try:
        redis.Redis(**REDIS).set(key, "left by make test; deleted when the run ends", ex=MARK_SECONDS)
        state["redis_mark"] = key
    except redis.RedisError:
        pass
    Path(state_file).write_text(json.dumps(state))
    if state["postgres_started"] is None:
        print("== no PostgreSQL at 127.0.0.1:5432: its start time is not checked")
    if state["redis_mark"] is None:
        print("== no Redis at 127.0.0.1:6379: db 5 is not checked")


def check(state_file):
    state = json.loads(Path(state_file).read_text())
    problems = []
    if state["postgres_started"] is not None:
        now = postgres_started()
        if now != state["postgres_started"]:
            problems.append(f"the machine's PostgreSQL was restarted or stopped during the run "
                            f"(started {state['postgres_started']}, now {now})")
    if state["redis_mark"] is not None:
        try:
            client = redis.Redis(**REDIS)
            if not client.delete(state["redis_mark"]):
                problems.append("the machine's Redis lost the keys of db 5 during the run (flushed or restarted)")
        except redis.RedisError as error:
            problems.append(f"the machine's Redis stopped answering during the run ({error})")
    for problem in problems:
        print(f"== {problem}")
    if not problems:
        print("== the machine's PostgreSQL and Redis were left as they were (start time, db 5)")
    return 1 if problems else 0


if __name__ == "__main__":
    command, state_file = sys.argv[1:3]
    sys.exit(mark(state_file) if command == "mark" else check(state_file))
