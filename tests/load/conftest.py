"""Fixtures of the load and fault tests (`pytest -m load`): a private PostgreSQL cluster and a private Redis
for the run (a fault test may restart them; the machine's shared servers are never touched), one migrated
template database with collected static files, and per test a fresh copy of the database with the
servers on it and an empty Redis.

The private servers are the fixtures `postgres` and `redis_server` of tests/conftest.py. The database is copied from the template (CREATE DATABASE … TEMPLATE), so each test gets a migrated
database in about a second instead of migrating one (20 s).
"""

import secrets

import pytest
import redis
from django.db import connections

from tests.load import servers
from tests.smtp_sink import free_port


@pytest.fixture(scope="session")
def load_base(tmp_path_factory, postgres, redis_server):
    """A migrated template database and the collected static files, shared by every load test."""
    work = tmp_path_factory.mktemp("faults")
    template = f"faults_template_{secrets.token_hex(4)}"
    redis_url = redis_server.url()
    servers.create_database(template)
    env = servers.env_for(template, cache_url=redis_url, work=work)
    servers.manage(env, "migrate", "--no-input")
    servers.manage(env, "collectstatic", "--no-input")
    yield {"template": template, "work": work, "redis_url": redis_url, "postgres": postgres}


class LoadSite:
    """One test's site: its own database (a copy of the template) and the processes started on it."""

    def __init__(self, base, work):
        self.base = base
        self.work = work
        self.postgres = base["postgres"]
        self.database = f"faults_{secrets.token_hex(6)}"
        self.processes = []
        servers.create_database(self.database, template=base["template"])
        redis.Redis.from_url(base["redis_url"]).flushdb()  # the run's own Redis

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
    connections.close_all()
