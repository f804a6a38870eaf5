"""Associations sending the same name at the same moment each get a draft of their own (before, the
second of two racing posts failed with a 500 on the slug or the tree position)."""

import uuid

import pytest
from django.db import connection
from wagtail.models import Page

from engagement.models import PageSubmission
from home.models import AssociationPage
from tests.concurrent import post_at_once

from .test_association_form import directory, form_url, valid_data  # noqa: F401 - `directory` is a fixture


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_new_entries_under_one_directory_each_get_a_page(settings, directory):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL (DATABASE_URL=postgres://…).")
    settings.PUBLIC_FORM_RATE_LIMIT = "100/m"
    index, _index_sv, _category = directory
    url = form_url("fi")
    jobs = 5
    statuses, errors = post_at_once(url, lambda: valid_data(submission_token=str(uuid.uuid4())), jobs)
    assert not errors
    assert statuses == [200] * jobs
    pages = AssociationPage.objects.child_of(index).filter(title="Niittylän kyläyhdistys ry")
    slugs = sorted(pages.values_list("slug", flat=True))
    assert len(slugs) == jobs == len(set(slugs))
    assert slugs[0] == "niittylän-kyläyhdistys-ry"
    assert PageSubmission.objects.filter(kind="association").count() == jobs
    assert not any(Page.find_problems())  # the tree is whole: no two pages on one path, counts right
