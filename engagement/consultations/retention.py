"""Retention of commenters' emails: an address is kept until the summary email has gone to it, plus
CONSULTATION_EMAIL_RETENTION_DAYS (30); if no summary is ever sent, until the consultation has been
closed for CONSULTATION_EMAIL_MAX_DAYS (365). The comment itself is public and stays."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from engagement.retention import RetentionPolicy, register

from .models import Comment
from .services import erase_emails


def email_days():
    return getattr(settings, "CONSULTATION_EMAIL_RETENTION_DAYS", 30)


def max_days():
    return getattr(settings, "CONSULTATION_EMAIL_MAX_DAYS", 365)


@register
class CommenterEmails(RetentionPolicy):
    name = "consultation-commenter-emails"
    description = (
        "Emails of commenters CONSULTATION_EMAIL_RETENTION_DAYS after the summary was sent to them (or "
        "CONSULTATION_EMAIL_MAX_DAYS after closing when no summary was sent)"
    )

    def due(self, now):
        return Comment.objects.exclude(email="").filter(
            Q(summary_sent_at__lt=now - timedelta(days=email_days()))
            | Q(summary_sent_at__isnull=True, consultation__closes_at__lt=now - timedelta(days=max_days()))
        )

    def erase(self, queryset):
        return erase_emails(Comment.objects.filter(pk__in=list(queryset.values_list("pk", flat=True))))
