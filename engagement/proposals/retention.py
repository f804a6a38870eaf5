"""Retention of supporters' personal data: erased PROPOSAL_SUPPORTER_RETENTION_DAYS after the proposal closes.

The support rows stay (anonymous), so the counts and the annual report do not change.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from engagement.retention import RetentionPolicy, register

from .models import Follower, Support


def _closed_before(now):
    return now - timedelta(days=settings.PROPOSAL_SUPPORTER_RETENTION_DAYS)


@register
class ClosedProposalSupporters(RetentionPolicy):
    name = "proposal-supporters"
    description = "Names and emails of supporters of proposals closed over PROPOSAL_SUPPORTER_RETENTION_DAYS ago"

    def due(self, now):
        return Support.objects.filter(
            proposal__closed_at__lt=_closed_before(now), erased_at__isnull=True
        ).exclude(Q(name="") & Q(email=""))

    def erase(self, queryset):
        return Support.objects.filter(pk__in=list(queryset.values_list("pk", flat=True))).update(
            name="", email="", erased_at=timezone.now()
        )


@register
class ClosedProposalFollowers(RetentionPolicy):
    name = "proposal-followers"
    description = "Emails of followers of proposals closed over PROPOSAL_SUPPORTER_RETENTION_DAYS ago"

    def due(self, now):
        return Follower.objects.filter(proposal__closed_at__lt=_closed_before(now))

    def erase(self, queryset):
        count, _ = Follower.objects.filter(pk__in=list(queryset.values_list("pk", flat=True))).delete()
        return count
