"""Fixtures of the load and fault tests (`pytest -m load`): one migrated template database per run,
collected static files, Redis db 5, and per test a fresh copy of the database with the servers on it.

The database is copied from the template (CREATE DATABASE … TEMPLATE), so each test gets a migrated
database in about a second instead of migrating one (20 s).
"""

import secrets
import shutil
import socket
import subprocess

import pytest
import redis
from django.db import connections

from tests.load import servers
from tests.smtp_sink import free_port

REDIS_DB = 5


def _redis_up(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
            probe.sendall(b"PING\r\n")
            return probe.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url():
    """Redis at 127.0.0.1:6379 (db 5, flushed), else a throw-away redis-server on a free port."""
    process = None
    port = 6379
    if not _redis_up(port):
        if not shutil.which("redis-server"):
            pytest.fail("The load tests need Redis: none at 127.0.0.1:6379 and no redis-server to start one.")
        port = free_port()
        process = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                    "--appendonly", "no"], stdout=subprocess.DEVNULL)
        servers.wait_until(lambda: _redis_up(port), 20, message="redis-server")
    url = f"redis://127.0.0.1:{port}/{REDIS_DB}"
    yield url
    if process:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def load_base(tmp_path_factory, redis_url):
    """A migrated template database and the collected static files, shared by every load test."""
    work = tmp_path_factory.mktemp("faults")
    template = f"faults_template_{secrets.token_hex(4)}"
    try:
        servers.create_database(template)
    except Exception as error:  # noqa: BLE001
        pytest.fail(f"The load tests need PostgreSQL with CREATE DATABASE rights ({error})")
    try:
        env = servers.env_for(template, cache_url=redis_url, work=work)
        servers.manage(env, "migrate", "--no-input")
        servers.manage(env, "collectstatic", "--no-input")
        yield {"template": template, "work": work, "redis_url": redis_url}
    finally:
        servers.drop_database(template)


class LoadSite:
    """One test's site: its own database (a copy of the template) and the processes started on it."""

    def __init__(self, base, work):
        self.base = base
        self.work = work
        self.database = f"faults_{secrets.token_hex(6)}"
        self.processes = []
        servers.create_database(self.database, template=base["template"])
        redis.Redis.from_url(base["redis_url"]).flushdb()

    def env(self, **extra):
        env = servers.env_for(self.database, cache_url=self.base["redis_url"], work=self.base["work"], **extra)
        env["MEDIA_ROOT"] = str(self.work / "media")
        return env

    def script(self, code, **extra):
        return servers.run_script(self.env(**extra), code)

    def gunicorn(self, env, workers=2, name="gunicorn"):
        server = servers.Gunicorn(env, free_port(), self.work / f"{name}.log", workers=workers)
        self.processes.append(server)
        return server

    def worker(self, env, name="worker"):
        """The task worker as in production (`manage.py db_worker`), running until the test ends."""
        process = servers.Process(
            [servers.PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"],
            env, self.work / f"{name}.log",
        )
        self.processes.append(process)
        return process

    def logs(self):
        return "\n".join(f"--- {process.log.name}\n{process.tail()}" for process in self.processes)

    def query(self, sql, params=()):
        return servers.query(self.database, sql, params)

    def close(self):
        for process in reversed(self.processes):
            process.stop()
        servers.drop_database(self.database)


@pytest.fixture
def load_site(load_base, tmp_path):
    site = LoadSite(load_base, tmp_path)
    yield site
    site.close()
    # A test may have restarted PostgreSQL: this process's own connections (if any) are dead.
    connections.close_all()
