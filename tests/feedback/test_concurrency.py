"""The same feedback form posted several times at once (double click, flaky network) is stored once."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from engagement.feedback.models import Feedback
from engagement.models import OutgoingEmail
from home.models import HomePage
from tests.factories.feedback import FeedbackPageFactory, FeedbackTopicFactory

from .conftest import form_data


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_posts_of_one_form_store_one_feedback(settings):
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL (DATABASE_URL=postgres://…).")
    settings.PUBLIC_FORM_RATE_LIMIT = "100/m"
    page = FeedbackPageFactory(parent=HomePage.objects.get(locale__language_code="fi"))
    topic = FeedbackTopicFactory(name="Kadut", code="streets-race")
    data = form_data(topic)
    jobs = 5
    barrier = threading.Barrier(jobs)
    statuses, errors = [], []

    def submit():
        try:
            barrier.wait(timeout=30)
            statuses.append(Client().post(page.url, data).status_code)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert statuses == [200] * jobs
    assert Feedback.objects.count() == 1
    assert OutgoingEmail.objects.filter(template="feedback/emails/receipt").count() == 1
