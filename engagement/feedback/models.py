"""Feedback: topics that route it to the responsible people, the feedback itself with its timeline,
and the API keys of Open311 clients. The public feedback page is in pages.py."""

import secrets
import statistics
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from engagement.emails import absolute_url
from home.caching import locale_id_for

ACCESSIBILITY_REPLY_DAYS = 14  # Laki digitaalisten palvelujen tarjoamisesta 306/2019
LANGUAGE_CHOICES = [("fi", _("Finnish")), ("sv", _("Swedish"))]
MESSAGE_MAX_LENGTH = 4000
# Granted to Feedback handlers (migration 0003): the people who may read feedback decide where it goes.
ROUTING_PERMISSION = "feedback.change_topic_routing"


class FeedbackTopic(TranslatableMixin, index.Indexed, models.Model):
    """What feedback is about, and who answers it. `code` is the Open311 service_code (same in both languages)."""

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    code = models.SlugField(_("code"), max_length=60, help_text=_("Short identifier used by the Open311 API."))
    contact_people = models.ManyToManyField(
        "home.ContactPerson", verbose_name=_("responsible contact people"), blank=True, related_name="feedback_topics"
    )
    handler_group = models.ForeignKey(
        "auth.Group", verbose_name=_("handler group"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notify_email = models.EmailField(_("address to notify"), blank=True)
    reply_days = models.PositiveSmallIntegerField(_("promised reply time in days"), default=14)
    is_accessibility = models.BooleanField(
        _("accessibility feedback"), default=False, help_text=_("The law requires an answer within 14 days.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("code"),
        # Who is told of new feedback: only people who may read feedback themselves may change it, so
        # that nobody routes residents' messages to an address of their own.
        FieldPanel("contact_people", permission=ROUTING_PERMISSION),
        FieldPanel("handler_group", permission=ROUTING_PERMISSION),
        FieldPanel("notify_email", permission=ROUTING_PERMISSION),
        FieldPanel("reply_days"),
        FieldPanel("is_accessibility"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.FilterField("locale_id")]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("code"),
        # Routing: not overridable in a translation, where the routing permission is not asked.
        SynchronizedField("handler_group", overridable=False),
        SynchronizedField("notify_email", overridable=False),
        SynchronizedField("reply_days"),
        SynchronizedField("is_accessibility"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("feedback topic")
        verbose_name_plural = _("feedback topics")
        ordering = ["sort_order", "name"]
        permissions = [("change_topic_routing", _("Can change who is notified of a topic's feedback"))]

    def __str__(self):
        return self.name

    @property
    def promised_days(self):
        if self.is_accessibility:
            return min(self.reply_days, ACCESSIBILITY_REPLY_DAYS)
        return self.reply_days

    def localized_for(self, language):
        locale_id = locale_id_for(language)
        if locale_id is None or locale_id == self.locale_id:
            return self
        return self.get_translation_or_none(locale_id) or self


class FeedbackQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Feedback.OPEN_STATUSES)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())

    def published(self):
        return self.filter(publish_consent=True, answer_published=True).exclude(public_answer="")



class Feedback(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        PHONE = "phone", _("Phone")
        LETTER = "letter", _("Letter")
        WALK_IN = "walk_in", _("Walk-in")
        SOCIAL_MEDIA = "social_media", _("Social media")
        API = "api", _("Open311 API")

    OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)

    topic = models.ForeignKey(FeedbackTopic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="feedback")
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    place = models.CharField(_("place"), max_length=200, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    wants_reply = models.BooleanField(_("wants a reply"), default=False)
    publish_consent = models.BooleanField(_("may be published"), default=False)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="fi")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_feedback",
    )
    token = models.UUIDField(_("tracking token"), default=uuid.uuid4, unique=True, editable=False)
    public_answer = models.TextField(_("answer"), blank=True, max_length=8000)
    answer_published = models.BooleanField(_("answer published"), default=False)
    closing_reason = models.TextField(_("closing reason"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        indexes = [
            # The inbox, newest first, filtered by status or topic (a city gets 40,000 a year).
            models.Index(fields=["status", "-created_at"], name="feedback_status_recent"),
            models.Index(fields=["topic", "-created_at"], name="feedback_topic_recent"),
            # Open311 requests.json: published answers in a date window, newest first.
            models.Index(
                fields=["-created_at"], name="feedback_published_recent",
                condition=Q(publish_consent=True, answer_published=True) & ~Q(public_answer=""),
            ),
            models.Index(Upper("email"), name="feedback_email_upper"),  # the privacy tools, any case
            models.Index(fields=["status", "closed_at"], name="feedback_status_closed_at"),  # retention
        ]
        permissions = [
            ("view_personal_data", _("Can see and export the personal data of feedback")),
            ("export_feedback", _("Can export feedback")),
        ]

    def __str__(self):
        text = " ".join(self.message.split())
        return f"#{self.pk} {text[:60]}{'…' if len(text) > 60 else ''}"

    def save(self, *args, **kwargs):
        if self.due_at is None and self.topic_id:
            self.due_at = self.created_at + timedelta(days=self.topic.promised_days)
        super().save(*args, **kwargs)

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()

    def tracking_path(self):
        with override(self.language):
            return reverse("feedback:track", args=[self.token])

    def tracking_url(self):
        return absolute_url(self.tracking_path())


class FeedbackEvent(models.Model):
    """One line of a feedback's timeline. Notes are internal: never shown to the resident or the public."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        NOTE = "note", _("Internal note")
        ANSWER = "answer", _("Answered")
        CLOSED = "closed", _("Closed")

    PUBLIC_KINDS = (Kind.RECEIVED, Kind.STATUS, Kind.ANSWER, Kind.CLOSED)

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Feedback.Status.choices, blank=True)
    text = models.TextField(_("text"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feedback event")
        verbose_name_plural = _("feedback events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_public(self):
        return self.kind in self.PUBLIC_KINDS


def _new_key():
    return secrets.token_urlsafe(32)


class Open311ApiKey(models.Model):
    """A key staff give to an Open311 client; required to POST service requests."""

    name = models.CharField(_("client"), max_length=150)
    key = models.CharField(_("key"), max_length=64, unique=True, default=_new_key, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self):
        return self.name


def reply_time_medians(now=None):
    """{topic translation_key: median days from receipt to answer over the last 12 months}."""
    now = now or timezone.now()
    rows = Feedback.objects.filter(answered_at__gte=now - timedelta(days=365)).values_list(
        "topic__translation_key", "created_at", "answered_at"
    )
    days = {}
    for key, created, answered in rows:
        days.setdefault(key, []).append(max(0, (answered - created).total_seconds() / 86400))
    return {key: round(statistics.median(values), 1) for key, values in days.items()}
