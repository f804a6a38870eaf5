"""The one retention mechanism: each module declares what personal data it erases, and when.

A module puts its policies in `<app>/retention.py` and registers them:

    @register
    class ClosedFeedbackContactDetails(RetentionPolicy):
        name = "feedback-contact-details"
        description = "Name, email and phone of feedback closed over FEEDBACK_RETENTION_DAYS ago"

        def due(self, now):
            return Feedback.objects.filter(...)       # what is due for erasure now

        def erase(self, queryset):
            return queryset.update(name="", email="", phone="")   # returns how many

`manage.py apply_retention [--dry-run] [--only NAME] [--batch-size N]` (cron, daily) runs every policy.
It is safe to run twice: a policy's `due()` must not match what it already erased.

A city's database holds hundreds of thousands of due rows, so `apply()` never hands `erase()` all of
them: it walks the primary keys from the first due row to the last in ranges of RETENTION_BATCH_SIZE
keys and erases what is due in each range in its own transaction, with `due()` applied again inside it
(a row that stopped being due meanwhile is left alone). `erase()` therefore gets at most one batch of
rows, each batch's query reads one short range of the primary key index whatever the plan, and memory
stays bounded. (The models of the policies have integer primary keys.)

Below the mechanism, the policies of what the ground itself keeps: the email outbox, who sent a page
in (page submissions) and failed sign-in attempts.
"""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils.module_loading import autodiscover_modules

from .models import OutgoingEmail, PageSubmission

_policies = {}


class RetentionPolicy:
    name = ""
    description = ""

    def due(self, now):
        raise NotImplementedError

    def erase(self, queryset):
        raise NotImplementedError


def register(policy_class):
    _policies[policy_class.name] = policy_class()
    return policy_class


def policies():
    autodiscover_modules("retention")
    return dict(sorted(_policies.items()))


def batch_size():
    """How many rows one transaction of apply() erases (setting RETENTION_BATCH_SIZE)."""
    return settings.RETENTION_BATCH_SIZE


def apply(policy, now, size=None, progress=None):
    """Erase what `policy` finds due at `now`, in batches of at most `size` rows, each in its own
    transaction. Calls `progress(erased_so_far)` after each batch; returns how many rows were erased."""
    size = size or batch_size()
    bounds = policy.due(now).aggregate(first=Min("pk"), last=Max("pk"))
    if bounds["first"] is None:
        return 0
    erased = 0
    for start in range(bounds["first"], bounds["last"] + 1, size):
        with transaction.atomic():
            keys = list(policy.due(now).filter(pk__gte=start, pk__lt=start + size).values_list("pk", flat=True))
            if keys:
                erased += policy.erase(policy.due(now).filter(pk__in=keys))
        if keys and progress is not None:
            progress(erased)
    return erased


@register
class DeliveredEmails(RetentionPolicy):
    """The email outbox's own policy: a sent email, or one given up on, holds the recipient's address
    and the message; it is kept EMAIL_RETENTION_DAYS for answering "did you send it?", then deleted.
    Emails still waiting to be sent are never touched."""

    name = "email-outbox"
    description = "Sent and failed emails older than EMAIL_RETENTION_DAYS"

    def due(self, now):
        before = now - timedelta(days=settings.EMAIL_RETENTION_DAYS)
        return OutgoingEmail.objects.filter(
            Q(status=OutgoingEmail.Status.SENT, sent_at__lt=before)
            | Q(status=OutgoingEmail.Status.FAILED, created_at__lt=before)
        )

    def erase(self, queryset):
        # Only the keys are loaded: delete() loads the rows for the delete signals, and the bodies are big.
        count, _deleted = queryset.only("pk").delete()
        return count


@register
class DecidedSubmissionSubmitters(RetentionPolicy):
    """Who sent an association entry or an event in (engagement/moderation.py), once decided."""

    name = "page-submission-submitters"
    description = "Name, email, message and the content sent of page submissions decided over PAGE_SUBMISSION_RETENTION_DAYS ago"

    def due(self, now):
        cutoff = now - timedelta(days=settings.PAGE_SUBMISSION_RETENTION_DAYS)
        return PageSubmission.objects.filter(decided_at__lt=cutoff).exclude(submitter_email="")

    def erase(self, queryset):
        return queryset.update(submitter_name="", submitter_email="", message="", content={})


@register
class FailedSignInAttempts(RetentionPolicy):
    """Failed sign-in attempts (django-axes): the username, address and browser of a failed sign-in are
    needed only for the lockout; they are erased SIGN_IN_ATTEMPT_RETENTION_DAYS after the last attempt.
    Successful sign-ins are not logged by axes at all (AXES_DISABLE_ACCESS_LOG), nor are failures
    beyond these counters (AXES_ENABLE_ACCESS_FAILURE_LOG is off)."""

    name = "sign-in-attempts"
    description = "Failed sign-in attempts older than SIGN_IN_ATTEMPT_RETENTION_DAYS"

    def due(self, now):
        return AccessAttempt.objects.filter(
            attempt_time__lt=now - timedelta(days=settings.SIGN_IN_ATTEMPT_RETENTION_DAYS)
        )

    def erase(self, queryset):
        count, _deleted = queryset.delete()
        return count
