"""tests/snapshot.py: data built once per test process comes back the same, and only from the same start."""

import pytest
from django.db import connection, transaction

from home.models import AssociationPage
from tests.factories.directory import AssociationIndexPageFactory, AssociationPageFactory
from tests.snapshot import _copies, built_once

pytestmark = pytest.mark.django_db


def rows():
    return sorted(AssociationPage.objects.values_list("pk", "title", "path", "url_path", "live"))


def test_what_was_built_comes_back_row_for_row_and_pages_can_still_be_added(home_fi):
    builds = []

    def build():
        builds.append(1)
        index = AssociationIndexPageFactory(parent=home_fi, slug="snapshot-yhdistykset")
        for n in range(3):
            AssociationPageFactory(parent=index, title=f"Kopioyhdistys {n}", slug=f"kopio-{n}")

    _copies.pop("test-snapshot", None)
    found = []
    for _attempt in range(2):
        with transaction.atomic():
            built_once("test-snapshot", build)
            found.append(rows())
            # The tree and the sequences are whole again: a new page gets a free id and path.
            index = AssociationPage.objects.get(slug="kopio-0").get_parent()
            added = AssociationPageFactory(parent=index, title="Uusi", slug="uusi")
            assert added.pk > max(pk for pk, *_rest in found[-1])
            transaction.set_rollback(True)
    assert len(found[0]) == 3 and found[0] == found[1]
    assert len(builds) == (1 if connection.vendor == "postgresql" else 2)


def test_another_starting_point_builds_again(home_fi):
    builds = []

    def build():
        builds.append(1)
        AssociationIndexPageFactory(parent=home_fi, slug="snapshot-toinen")

    _copies.pop("test-snapshot-start", None)
    with transaction.atomic():
        built_once("test-snapshot-start", build)
        transaction.set_rollback(True)
    AssociationIndexPageFactory(parent=home_fi, slug="jo-ennen")  # the database is not where it was
    built_once("test-snapshot-start", build)
    assert len(builds) == 2
    assert home_fi.get_children().filter(slug__in=["jo-ennen", "snapshot-toinen"]).count() == 2
