"""The same feedback form posted several times at once (double click, flaky network) is stored once."""


import pytest
from django.db import connection

from engagement.feedback.models import Feedback
from engagement.models import OutgoingEmail
from home.models import HomePage
from tests.concurrent import post_at_once
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
    statuses, errors = post_at_once(page.url, lambda: data, jobs)
    assert not errors
    assert statuses == [200] * jobs
    assert Feedback.objects.count() == 1
    assert OutgoingEmail.objects.filter(template="feedback/emails/receipt").count() == 1
