"""Retention of the content side's personal data: who sent an association entry (or an event) in."""

from datetime import timedelta

from django.conf import settings

from engagement.models import PageSubmission
from engagement.retention import RetentionPolicy, register


@register
class DecidedSubmissionSubmitters(RetentionPolicy):
    name = "page-submission-submitters"
    description = "Name, email, message and the content sent of page submissions decided over PAGE_SUBMISSION_RETENTION_DAYS ago"

    def due(self, now):
        cutoff = now - timedelta(days=settings.PAGE_SUBMISSION_RETENTION_DAYS)
        return PageSubmission.objects.filter(decided_at__lt=cutoff).exclude(submitter_email="")

    def erase(self, queryset):
        return queryset.update(submitter_name="", submitter_email="", message="", content={})
