"""Retention of failed sign-in attempts (django-axes): the username, address and browser of a failed
sign-in are needed only for the lockout; they are erased SIGN_IN_ATTEMPT_RETENTION_DAYS after the last
attempt. Successful sign-ins are not logged by axes at all (AXES_DISABLE_ACCESS_LOG), nor are failures
beyond these counters (AXES_ENABLE_ACCESS_FAILURE_LOG is off)."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings

from engagement.retention import RetentionPolicy, register


@register
class FailedSignInAttempts(RetentionPolicy):
    name = "sign-in-attempts"
    description = "Failed sign-in attempts older than SIGN_IN_ATTEMPT_RETENTION_DAYS"

    def due(self, now):
        return AccessAttempt.objects.filter(
            attempt_time__lt=now - timedelta(days=settings.SIGN_IN_ATTEMPT_RETENTION_DAYS)
        )

    def erase(self, queryset):
        count, _deleted = queryset.delete()
        return count
