"""Retention of the privacy log: who searched, exported or erased whose (hashed) address is kept
PRIVACY_LOG_RETENTION_DAYS to answer for the use of the tools, then deleted with its lines in
Wagtail's audit log."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from engagement.retention import RetentionPolicy, register

from .models import PrivacyLogEntry


@register
class PrivacyLog(RetentionPolicy):
    name = "privacy-log"
    description = "Privacy log entries (and their audit log lines) older than PRIVACY_LOG_RETENTION_DAYS"

    def due(self, now):
        return PrivacyLogEntry.objects.filter(created_at__lt=now - timedelta(days=settings.PRIVACY_LOG_RETENTION_DAYS))

    def erase(self, queryset):
        ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(PrivacyLogEntry), object_id__in=ids
        ).delete()
        count, _deleted = PrivacyLogEntry.objects.filter(pk__in=ids).delete()
        return count
