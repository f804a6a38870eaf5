"""Shared fixtures: the two home pages made by the data migration, staff users, a clean cache, and for the
load and fault tests a private PostgreSQL cluster and Redis (started only when a test asks for them)."""

import pytest
from django.core.cache import cache
from wagtail.models import Locale

from home.models import HomePage
from tests.load import servers


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and cached fragments must not leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


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
