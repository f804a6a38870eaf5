"""apply_retention at a city's scale: each policy erases in batches, each in its own transaction, and
`erase()` never gets more than one batch of rows (bounded memory), yet everything due is erased once."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from engagement import retention
from engagement.events.models import SignUp
from engagement.feedback.models import Feedback, FeedbackEvent
from engagement.models import OutgoingEmail
from engagement.proposals.models import Support
from tests.factories.events import EventIndexPageFactory, EventPageFactory, SignUpFactory
from tests.factories.feedback import FeedbackFactory, FeedbackTopicFactory
from tests.factories.proposals import ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch_sizes(monkeypatch):
    """The number of rows each erase() of a policy was given, by policy name."""
    sizes = {}
    for name, policy in retention.policies().items():
        def spy(queryset, name=name, erase=policy.erase):
            sizes.setdefault(name, []).append(queryset.count())
            return erase(queryset)

        monkeypatch.setattr(policy, "erase", spy)
    return sizes


def old_emails(count, days=400):
    when = timezone.now() - timedelta(days=days)
    rows = [
        OutgoingEmail.objects.create(to=[f"a{i}@example.com"], subject=f"old {i}", body_text="x", language="fi",
                                     template="t", status=OutgoingEmail.Status.SENT)
        for i in range(count)
    ]
    OutgoingEmail.objects.filter(pk__in=[row.pk for row in rows]).update(created_at=when, sent_at=when)
    return rows


def test_more_rows_than_one_batch_are_all_erased_one_batch_at_a_time(settings, batch_sizes):
    settings.EMAIL_RETENTION_DAYS = 90
    settings.RETENTION_BATCH_SIZE = 3
    old_emails(7)
    waiting = OutgoingEmail.objects.create(to=["b@example.com"], subject="waiting", body_text="x", language="fi",
                                           template="t")
    out = io.StringIO()
    call_command("apply_retention", "--only", "email-outbox", stdout=out)
    assert batch_sizes["email-outbox"] == [3, 3, 1]
    assert "email-outbox: 7 erased" in out.getvalue()
    assert list(OutgoingEmail.objects.values_list("pk", flat=True)) == [waiting.pk]
    call_command("apply_retention", "--only", "email-outbox", stdout=out)  # safe to run twice
    assert batch_sizes["email-outbox"] == [3, 3, 1]


def test_the_batch_size_option_overrides_the_setting_and_must_be_positive(settings, batch_sizes):
    settings.EMAIL_RETENTION_DAYS = 90
    old_emails(5)
    call_command("apply_retention", "--only", "email-outbox", "--batch-size", "2", stdout=io.StringIO())
    assert batch_sizes["email-outbox"] == [2, 2, 1]
    with pytest.raises(CommandError):
        call_command("apply_retention", "--batch-size", "0")


def test_signups_erased_in_batches_keep_a_unique_placeholder_each(home_fi, settings, batch_sizes):
    settings.SIGNUP_RETENTION_DAYS = 30
    now = timezone.now()
    index = EventIndexPageFactory(parent=home_fi)
    old = EventPageFactory(parent=index, start=now - timedelta(days=40))
    upcoming = EventPageFactory(parent=index, start=now + timedelta(days=5))
    signups = [SignUpFactory(event=old, email=f"osallistuja{i}@example.com", phone="040 1") for i in range(5)]
    kept = SignUpFactory(event=upcoming, email="tuleva@example.com")
    call_command("apply_retention", "--only", "event-signup-personal-data", "--batch-size", "2", stdout=io.StringIO())
    assert batch_sizes["event-signup-personal-data"] == [2, 2, 1]
    erased = SignUp.objects.filter(pk__in=[s.pk for s in signups])
    assert sorted(erased.values_list("email", flat=True)) == sorted(f"erased-{s.pk}@invalid" for s in signups)
    assert {(name, phone, tuple(answers)) for name, phone, answers in erased.values_list("name", "phone", "answers")} == {("", "", ())}
    assert erased.filter(erased_at__isnull=False, answers_erased_at__isnull=False).count() == 5
    kept.refresh_from_db()
    assert kept.email == "tuleva@example.com" and kept.erased_at is None


def test_feedback_and_supports_over_several_batches(settings, batch_sizes):
    settings.FEEDBACK_RETENTION_DAYS = 30
    settings.PROPOSAL_SUPPORTER_RETENTION_DAYS = 30
    now = timezone.now()
    topic = FeedbackTopicFactory()
    old = [
        FeedbackFactory(topic=topic, status=Feedback.Status.CLOSED, closed_at=now - timedelta(days=31 + i))
        for i in range(5)
    ]
    for item in old:
        FeedbackEvent.objects.create(feedback=item, kind=FeedbackEvent.Kind.NOTE, text="Soitettu 040 123")
    recent = FeedbackFactory(topic=topic, status=Feedback.Status.CLOSED, closed_at=now - timedelta(days=3))
    closed = ProposalFactory(closed_at=now - timedelta(days=31))
    SupportFactory.create_batch(5, proposal=closed)
    call_command(
        "apply_retention", "--only", "feedback-contact-details", "--only", "proposal-supporters",
        "--batch-size", "2", stdout=io.StringIO(),
    )
    assert batch_sizes["feedback-contact-details"] == [2, 2, 1]
    assert batch_sizes["proposal-supporters"] == [2, 2, 1]
    assert set(Feedback.objects.filter(pk__in=[f.pk for f in old]).values_list("name", "email", "phone")) == {("", "", "")}
    assert set(FeedbackEvent.objects.filter(kind=FeedbackEvent.Kind.NOTE).values_list("text", flat=True)) == {""}
    recent.refresh_from_db()
    assert recent.email
    assert set(Support.objects.filter(proposal=closed).values_list("name", "email")) == {("", "")}
    assert closed.support_count() == 5  # the supports keep counting


def test_a_row_that_stops_being_due_between_batches_is_left_alone(settings):
    settings.FEEDBACK_RETENTION_DAYS = 30
    now = timezone.now()
    topic = FeedbackTopicFactory()
    items = [
        FeedbackFactory(topic=topic, status=Feedback.Status.CLOSED, closed_at=now - timedelta(days=40))
        for _ in range(4)
    ]
    reports = []

    def reopen_the_last(erased):
        reports.append(erased)
        Feedback.objects.filter(pk=items[-1].pk).update(status=Feedback.Status.RECEIVED)

    policy = retention.policies()["feedback-contact-details"]
    assert retention.apply(policy, now, size=2, progress=reopen_the_last) == 3
    assert reports == [2, 3]
    assert list(Feedback.objects.exclude(email="").values_list("pk", flat=True)) == [items[-1].pk]
