"""Shared fixtures: the two home pages made by the data migration, staff users, a clean cache, and for the
load and fault tests a private PostgreSQL cluster and Redis (started only when a test asks for them).

Also the harness that lets the suite run on both cores (pytest-xdist, `--dist loadfile`) in any order:

- Transactional tests (the browser and concurrency tests) end with a flush of the database, which takes
  the rows the data migrations made (locales, home pages, groups) with it. Serialized rollback puts them
  back at the start of the next transactional test only, so a plain database test that follows one on
  the same worker would find no Locale or Group. `pytest_runtest_setup` below restores them from the
  snapshot taken when the test database was made, before the first such test after a flush.
- `data_for_module` builds expensive data (a demo, the privacy world) once per test module inside a
  transaction that is rolled back after the module; each test runs in a savepoint within it
  (pytest-django's `db`), so what a test changes is undone after it, as with Django's setUpTestData.
- xdist hands out whole files, the load tests together as one unit and the demo sweeps (injection, rate
  limits: one demo built for both) as another (UNITS); they and the slowest modules go first, so that
  neither core is left to finish a long file alone at the end.
"""

import fcntl
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connections, transaction
from django.test import TransactionTestCase
from pytest_django.plugin import blocking_manager_key
from wagtail.models import Locale

from home.models import HomePage
from tests import snapshot
from tests.load import servers

# What runs first (pytest-xdist hands out whole files, `--dist loadfile`, in this order, see
# scripts/test.sh): the load and fault tests, one group on one worker (mostly waiting on pip, servers
# and restarts, so the other core goes on with the suite meanwhile), the demo sweeps on the other, then
# the modules that take a minute or more (a module-wide demo, a crawl), longest first, so that neither
# core is left to finish a long file alone at the end. A module missing here only runs later; see
# `--durations`.
SLOW_FIRST = [
    "load",
    "sweeps",
    "tests/browser/test_reflow_browser.py",
    "tests/demo/test_demo_navigation.py",
    "tests/demo/test_demo_site.py",
    # The long browser journeys (30-40 s each): early, so that the last files are short ones.
    "tests/browser/test_waiting_list_journey_browser.py",
    "tests/browser/test_journeys_browser.py",
    "tests/browser/test_association_event_journey.py",
    "tests/browser/test_consultation_browser.py",
    "tests/browser/test_directory_browser.py",
]

_snapshots = {}  # alias: the serialized rows of the freshly migrated test database
_flushed = False  # a transactional test has flushed this worker's database since its data was last restored


def _db_use(item):
    """(uses the database, transactional, restores the migrations' data itself) for a test item."""
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    transactional = "transactional_db" in names or "live_server" in names
    serialized = "django_db_serialized_rollback" in names
    if marker:
        transactional = transactional or marker.kwargs.get("transaction", False) or marker.kwargs.get("reset_sequences", False)
        serialized = serialized or marker.kwargs.get("serialized_rollback", False)
    uses_db = bool(marker) or transactional or "db" in names
    return uses_db, transactional, transactional and serialized


def _restore_migrated_data(config):
    """Put back the rows the data migrations made, from the snapshot of the test database's creation."""
    with config.stash[blocking_manager_key].unblock():
        for alias, snapshot in _snapshots.items():
            connections[alias].creation.deserialize_db_from_string(snapshot)


# Files that xdist hands to one worker together, as one unit: {unit: paths (prefixes)}. The load tests
# share a private PostgreSQL cluster, Redis and template database; the demo sweeps share one demo,
# loaded and crawled once for their package (tests/security/sweeps/conftest.py), which a second worker
# would build again (about a minute of CPU).
UNITS = {
    "load": ("tests/load/", "tests/operations/test_production_install.py"),
    "sweeps": ("tests/security/sweeps/",),
}


def _unit(path):
    """The unit of work a test file belongs to: a name from UNITS, or the file itself."""
    return next((unit for unit, paths in UNITS.items() if path.startswith(paths)), path)


def _group(item):
    return "load" if item.get_closest_marker("load") else _unit(item.nodeid.split("::")[0])


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile`, the files of each of UNITS in one unit. (xdist's `loadgroup` cannot do this
    under pytest 9: the group it appends to the test id is lost.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FilesAndLoadTests(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return _unit(nodeid.split("::")[0])

    return FilesAndLoadTests(config, log)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's ordering: the load tests and the slow modules first (stable otherwise)."""
    rank = {group: number for number, group in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(_group(item), len(rank)))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    global _flushed
    uses_db, _, restores_itself = _db_use(item)
    if _flushed and uses_db and not restores_itself:
        _restore_migrated_data(item.config)
        _flushed = False
    yield


_migrated = {}  # alias: tests/snapshot.py's copy of the freshly migrated test database (PostgreSQL)


def _fixture_teardown(self):
    """After a transactional test: on PostgreSQL, the database is put back as it was migrated (COPY,
    a fraction of a second), instead of Django's flush, which empties every table and then runs every
    app's post_migrate again (content types, permissions: 2-4 s each time here), after which the data
    migrations' rows had to be deserialized back too (see pytest_runtest_setup)."""
    global _flushed
    aliases = self._databases_names(include_mirrors=False)
    if self.reset_sequences or not all(alias in _migrated for alias in aliases):
        _flushed = True
        return _django_fixture_teardown(self)
    for alias in aliases:
        snapshot.put_back(alias, _migrated[alias])
    return None


_django_fixture_teardown = TransactionTestCase._fixture_teardown
TransactionTestCase._fixture_teardown = _fixture_teardown


# The workers of one run migrate one test database, not one each: the first worker to need a database
# migrates its own and copies it as the run's template (`test_<name>_migrated`); a worker that comes
# later gets its database as a copy of that (CREATE DATABASE … TEMPLATE, about a second; its migrate
# finds nothing to apply). Migrating takes ~20 s on a worker, and on the other worker it comes when the
# load tests are done, in the middle of the run. A lock file orders the workers; the first one drops the
# template at its end. Not for `--reuse-db` (the databases are kept) nor for a run without workers.
MIGRATED_ONCE = {}  # "lock": the open lock file while this worker makes the template; "template": its name


def _migrated_once_applies(config):
    database = connections["default"]
    return (database.vendor == "postgresql" and os.environ.get("PYTEST_XDIST_WORKER")
            and not config.getvalue("reuse_db"))


def _run_file(template, suffix):
    """The run's lock file (".lock") or its mark that the template is made (".ready")."""
    return Path(tempfile.gettempdir()) / f"{template}{suffix}"


def _locked(template):
    """The run's lock file, open and locked (closing it unlocks it)."""
    lock = open(_run_file(template, ".lock"), "w")  # noqa: SIM115 - the caller closes it
    fcntl.flock(lock, fcntl.LOCK_EX)
    return lock


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """pytest-django's per-worker database names; then this worker's database from the run's template
    when another worker made it (see MIGRATED_ONCE)."""
    if not _migrated_once_applies(request.config):
        return
    settings_dict = connections["default"].settings_dict
    template = f"test_{settings_dict['NAME']}_migrated"
    lock = _locked(template)
    if _run_file(template, ".ready").exists():
        settings_dict["TEST"]["TEMPLATE"] = template
        lock.close()
    else:
        MIGRATED_ONCE.update(lock=lock, template=template)  # this worker migrates and makes the template


def _make_template():
    """The freshly migrated database of this worker, copied as the run's template; the lock released."""
    database = connections["default"]
    template, lock = MIGRATED_ONCE["template"], MIGRATED_ONCE.pop("lock")
    try:
        connections.close_all()
        with database._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{template}"')
            cursor.execute(f'CREATE DATABASE "{template}" TEMPLATE "{database.settings_dict["NAME"]}"')
        _run_file(template, ".ready").touch()
    finally:
        lock.close()


def _drop_template():
    template = MIGRATED_ONCE["template"]
    with _locked(template):
        _run_file(template, ".ready").unlink(missing_ok=True)
        with connections["default"]._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{template}"')


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, request):
    """pytest-django's test database, and the snapshot of its migrated data kept for the restore above
    (made only when a collected test asks for serialized rollback). A database kept for the next run
    (`--reuse-db`) is left with that data, not flushed by the last transactional test."""
    if "lock" in MIGRATED_ONCE:
        with request.config.stash[blocking_manager_key].unblock():
            _make_template()
    for alias in connections:
        serialized = getattr(connections[alias], "_test_serialized_contents", None)
        if serialized:
            _snapshots[alias] = serialized
        if connections[alias].vendor == "postgresql":
            with request.config.stash[blocking_manager_key].unblock():
                _migrated[alias] = snapshot.take(alias)
    yield
    global _flushed
    if _flushed and request.config.getvalue("reuse_db"):
        _restore_migrated_data(request.config)
        _flushed = False
    if "template" in MIGRATED_ONCE:
        with request.config.stash[blocking_manager_key].unblock():
            _drop_template()


@contextmanager
def data_for_module(django_db_blocker):
    """`with data_for_module(django_db_blocker): build…; yield …` in a module-scoped fixture: the data is
    made once, in a transaction rolled back after the module. Tests that use it must also use `db` (a
    savepoint each); it cannot serve transactional tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and cached fragments must not leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def queued(settings):
    """A task queue in the database, as in production: a task waits until a worker (or the test) runs it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def locale_fi(db):
    return Locale.objects.get(language_code="fi")


@pytest.fixture
def locale_sv(db):
    return Locale.objects.get(language_code="sv")


@pytest.fixture
def home_fi(locale_fi):
    return HomePage.objects.get(locale=locale_fi)


@pytest.fixture
def home_sv(locale_sv):
    return HomePage.objects.get(locale=locale_sv)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@koivula.example", "correct horse battery")


@pytest.fixture
def staff_user_factory(django_user_model):
    """Make a staff user in the named groups: staff_user_factory("Feedback handlers")."""
    from django.contrib.auth.models import Group

    def make(*groups, username=None, email=None):
        username = username or f"staff{django_user_model.objects.count() + 1}"
        user = django_user_model.objects.create_user(
            username, email or f"{username}@koivula.example", "correct horse battery"
        )
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


@pytest.fixture(scope="session")
def postgres():
    """The run's own PostgreSQL cluster on a free port (initdb + pg_ctl), removed at the end."""
    try:
        cluster = servers.PrivatePostgres()
    except Exception as error:  # noqa: BLE001
        pytest.fail(f"The load tests start a private PostgreSQL cluster (Debian's postgresql package): {error}")
    servers.SERVER_URL = cluster.url
    yield cluster
    servers.SERVER_URL = None
    cluster.stop()


@pytest.fixture(scope="session")
def redis_server():
    """The run's own redis-server on a free port, removed at the end."""
    server = servers.PrivateRedis()
    yield server
    server.stop()
