"""scripts/shared_servers.py: `make test` fails when the run restarted the machine's PostgreSQL or
flushed its Redis (issue 14). Run against the machine's servers, which it only reads (and its own mark
key in Redis db 5, deleted again); where one is not running, its check is left out and says so."""

import importlib.util
import json
from pathlib import Path

import pytest
import redis

spec = importlib.util.spec_from_file_location(
    "shared_servers", Path(__file__).resolve().parents[2] / "scripts" / "shared_servers.py"
)
shared_servers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(shared_servers)


@pytest.fixture
def marked(tmp_path, capsys):
    state_file = tmp_path / "shared_servers.json"
    shared_servers.mark(state_file)
    state = json.loads(state_file.read_text())
    if state["postgres_started"] is None or state["redis_mark"] is None:
        assert "is not checked" in capsys.readouterr().out  # said so, and the run goes on
    yield state_file, state
    if state["redis_mark"]:
        redis.Redis(**shared_servers.REDIS).delete(state["redis_mark"])


def test_servers_left_alone_pass_and_the_mark_is_deleted(marked, capsys):
    state_file, state = marked
    assert shared_servers.check(state_file) == 0
    assert "left as they were" in capsys.readouterr().out
    if state["redis_mark"]:
        assert not redis.Redis(**shared_servers.REDIS).exists(state["redis_mark"])


def test_a_flushed_redis_or_a_restarted_postgresql_fails_the_run(marked, capsys):
    state_file, state = marked
    if state["redis_mark"] is None and state["postgres_started"] is None:
        assert shared_servers.check(state_file) == 0
        return
    if state["redis_mark"]:
        redis.Redis(**shared_servers.REDIS).delete(state["redis_mark"])  # as FLUSHDB would
    if state["postgres_started"]:
        state_file.write_text(json.dumps({**state, "postgres_started": "2000-01-01 00:00:00+00:00"}))  # as a restart
    assert shared_servers.check(state_file) == 1
    out = capsys.readouterr().out
    assert ("lost the keys of db 5" in out) == bool(state["redis_mark"])
    assert ("PostgreSQL was restarted" in out) == bool(state["postgres_started"])
