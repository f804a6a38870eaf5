"""Shared fixtures: the two home pages made by the data migration, staff users, a clean cache."""

import pytest
from django.core.cache import cache
from wagtail.models import Locale

from home.models import HomePage


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
