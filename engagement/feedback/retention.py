"""Retention of feedback: the name, email and phone on closed feedback, and the internal notes on it
(staff write down phone numbers and names there), are erased after FEEDBACK_RETENTION_DAYS; the text
and the answers stay for statistics."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from engagement.retention import RetentionPolicy, register

from .models import Feedback, FeedbackEvent


@register
class ClosedFeedbackContactDetails(RetentionPolicy):
    name = "feedback-contact-details"
    description = "Name, email, phone and internal notes of feedback closed over FEEDBACK_RETENTION_DAYS ago"

    def due(self, now):
        return Feedback.objects.filter(
            status=Feedback.Status.CLOSED,
            closed_at__lt=now - timedelta(days=settings.FEEDBACK_RETENTION_DAYS),
        ).exclude(Q(name="") & Q(email="") & Q(phone=""))

    def erase(self, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        FeedbackEvent.objects.filter(feedback_id__in=ids, kind=FeedbackEvent.Kind.NOTE).update(text="")
        return Feedback.objects.filter(pk__in=ids).update(name="", email="", phone="", erased_at=timezone.now())
