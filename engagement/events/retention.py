"""What events erase: answers to extra questions right after the event, and sign-ups' personal data
SIGNUP_RETENTION_DAYS after it."""

from datetime import timedelta

from django.conf import settings
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from engagement.retention import RetentionPolicy, register

from .models import SignUp


@register
class SignUpAnswers(RetentionPolicy):
    name = "event-signup-answers"
    description = "Answers to extra questions (e.g. dietary needs) of events that have ended"

    def due(self, now):
        return SignUp.objects.filter(event_ends_at__lt=now, answers_erased_at__isnull=True)

    def erase(self, queryset):
        return queryset.update(answers=[], answers_erased_at=timezone.now())


@register
class SignUpPersonalData(RetentionPolicy):
    name = "event-signup-personal-data"
    description = "Name, email, phone and answers of sign-ups to events that ended SIGNUP_RETENTION_DAYS ago"

    def due(self, now):
        cutoff = now - timedelta(days=settings.SIGNUP_RETENTION_DAYS)
        return SignUp.objects.filter(event_ends_at__lt=cutoff, erased_at__isnull=True)

    def erase(self, queryset):
        now = timezone.now()
        # The email is blanked to a unique placeholder (erased-<pk>@invalid) so the one-sign-up-per-email
        # rule still holds; one UPDATE for the whole batch, not one per sign-up.
        return queryset.update(
            name="", email=Concat(Value("erased-"), Cast("pk", CharField()), Value("@invalid")), phone="",
            answers=[], erased_at=now, answers_erased_at=now,
        )
