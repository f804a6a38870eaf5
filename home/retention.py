"""Retention of the content side's personal data: who sent an association entry (or an event) in."""

from datetime import timedelta

from engagement.models import PageSubmission
from engagement.retention import RetentionPolicy, register

# Long enough to answer questions about a decision, short enough not to keep a register of people.
SUBMITTER_RETENTION_DAYS = 365


@register
class DecidedSubmissionSubmitters(RetentionPolicy):
    name = "page-submission-submitters"
    description = (
        f"Name, email, message and the content sent of page submissions decided over {SUBMITTER_RETENTION_DAYS} days ago"
    )

    def due(self, now):
        return PageSubmission.objects.filter(decided_at__lt=now - timedelta(days=SUBMITTER_RETENTION_DAYS)).exclude(
            submitter_email=""
        )

    def erase(self, queryset):
        return queryset.update(submitter_name="", submitter_email="", message="", content={})
