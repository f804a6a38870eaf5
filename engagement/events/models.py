"""Events' data: categories, states, the sign-ups, and every query about events and sign-ups
(`EventPage.objects.upcoming()`, `.in_locale()`, `.for_association()`, `SignUp.objects.waiting_queue()`).

The page types (the event listing and the event page) are in `pages.py`, loaded with these models by
`EventsConfig.import_models()`. Sign-ups belong to an event's `translation_key`, not to one page, so the
Finnish and Swedish versions of an event share their capacity and their attendee list.
"""

import calendar
import uuid
from datetime import datetime, time, timedelta

from django import forms
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import AssociationPage
from home.models.contacts import SERVICE_LANGUAGES

ACCESSIBILITY_CHOICES = [
    ("step_free", _("Step-free access")),
    ("induction_loop", _("Induction loop")),
    ("accessible_toilet", _("Accessible toilet")),
    ("accessible_parking", _("Accessible parking")),
    ("lift", _("Lift")),
    ("sign_language", _("Sign language interpretation")),
]


class ChoicesListField(models.JSONField):
    """A list of codes from fixed choices, edited as checkboxes (works on every database)."""

    def __init__(self, *args, field_choices=(), **kwargs):
        self.field_choices = list(field_choices)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.field_choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
        )


class LanguagesListField(ChoicesListField):
    def __init__(self, *args, **kwargs):
        kwargs.pop("field_choices", None)
        super().__init__(*args, field_choices=SERVICE_LANGUAGES, **kwargs)


class AccessibilityListField(ChoicesListField):
    def __init__(self, *args, **kwargs):
        kwargs.pop("field_choices", None)
        super().__init__(*args, field_choices=ACCESSIBILITY_CHOICES, **kwargs)


class EventCategory(TranslatableMixin, models.Model):
    """A kind of event (e.g. resident meeting, culture). Translated with wagtail-localize; the slug is shared."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, help_text=_("Used in filter links; the same in both languages."))

    panels = [FieldPanel("name"), FieldPanel("slug")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("event category")
        verbose_name_plural = _("event categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")
    MOVED_ONLINE = "moved_online", _("Moved online")


# "An event without an end lasts two hours": its end in listings, calendars, feeds and link lifetimes.
LENGTH_WITHOUT_END = timedelta(hours=2)


def month_bounds(month):
    """The start and end of a month given as "YYYY-MM" (aware datetimes); ValueError when it is not one."""
    try:
        year, number = (int(part) for part in month.split("-"))
        first = timezone.make_aware(datetime(year, number, 1))
        return first, first + timedelta(days=calendar.monthrange(year, number)[1])
    except OverflowError as error:
        raise ValueError(month) from error


class SignupState(models.TextChoices):
    """Whether an event's form takes sign-ups now (`EventPage.signup_state()`)."""

    # No labels: a state decides what the templates show, and is never shown itself.
    NONE = "none"
    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"


class EventPageQuerySet(PageQuerySet):
    """Every question about which events there are. `EventPage.objects` is built on it (in pages.py)."""

    def published(self):
        """What the public sees: live and without a view restriction."""
        return self.live().public()

    def in_locale(self, locale):
        """Events in one language (a Locale or its pk)."""
        return self.filter(locale=locale)

    def upcoming(self, now=None):
        """Not yet ended (an event without an end lasts LENGTH_WITHOUT_END)."""
        now = now or timezone.now()
        return self.filter(Q(end__gte=now) | Q(end__isnull=True, start__gte=now - LENGTH_WITHOUT_END))

    def past(self, now=None):
        """Ended: the complement of `upcoming()`."""
        now = now or timezone.now()
        return self.filter(Q(end__lt=now) | Q(end__isnull=True, start__lt=now - LENGTH_WITHOUT_END))

    def not_cancelled(self):
        return self.exclude(status=EventStatus.CANCELLED)

    def for_association(self, key):
        """Organised by the association whose page has this translation_key (in either language)."""
        return self.filter(organiser__translation_key=key)

    def organised_by_name(self, text):
        """Organised by an association whose name, in either language, contains `text` (any case).
        Matched on the association's pages of both languages: an event names its organiser's page in
        one language, and its card shows the name in the event's."""
        # Through the page table by content type: a join with the association table scans every page.
        named = Page.objects.exact_type(AssociationPage).filter(title__icontains=text)
        return self.filter(organiser__translation_key__in=named.values("translation_key"))

    def by_municipality(self):
        return self.filter(organiser__isnull=True)

    def in_category(self, slug):
        return self.filter(category__slug=slug)

    def in_month(self, month):
        """Starting in the month "YYYY-MM"; a value that is no month filters nothing."""
        try:
            first, after = month_bounds(month)
        except ValueError:
            return self
        return self.filter(start__gte=first, start__lt=after)

    def starting_on(self, day):
        """Starting on a local calendar day."""
        start, end = day_bounds(day)
        return self.filter(start__gte=start, start__lt=end)

    def speaking(self, language):
        """Where `language` is spoken. A text match on the JSON list works on every database (JSON
        containment needs PostgreSQL)."""
        return self.filter(languages__icontains=f'"{language}"')

    def with_signup(self):
        return self.filter(signup_enabled=True).not_cancelled()


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


# When a waiting sign-up joined the queue: when staff moved it there, else when it was made.
QUEUED_SINCE = Coalesce("waiting_since", "created_at")


# What an event's places are counted by: the people of its confirmed sign-ups (companions counted), and
# how many sign-ups wait.
PLACES = {
    "confirmed_people": Sum("people", filter=Q(status=SignUpStatus.CONFIRMED)),
    "waiting": Count("pk", filter=Q(status=SignUpStatus.WAITING)),
}


class SignUpQuerySet(models.QuerySet):
    def places(self, event_key):
        """{"confirmed_people": how many people the confirmed sign-ups of an event bring (companions
        counted), "waiting": how many sign-ups wait}, in one query."""
        taking_places = self.filter(event_key=event_key, status__in=[SignUpStatus.CONFIRMED, SignUpStatus.WAITING])
        counts = taking_places.aggregate(**PLACES)
        return {"confirmed_people": counts["confirmed_people"] or 0, "waiting": counts["waiting"]}

    def places_and_address(self, event_key, email):
        """`places()` and, in the same query, the sign-ups of `email` (any case, not erased) to the event:
        "of_address" all of them (cancelled ones too), "active_of_address" those not cancelled. What a
        new sign-up decides by, under the event's lock."""
        address = Q(email__iexact=email, erased_at__isnull=True)
        counts = self.filter(event_key=event_key).aggregate(
            **PLACES,
            of_address=Count("pk", filter=address),
            active_of_address=Count("pk", filter=address & ~Q(status=SignUpStatus.CANCELLED)),
        )
        return {**counts, "confirmed_people": counts["confirmed_people"] or 0}

    def confirmed_people(self, event_key):
        return self.places(event_key)["confirmed_people"]

    def waiting_queue(self, event_key):
        """The waiting list of an event in the order places are offered: first come, first served
        (QUEUED_SINCE, then the earlier row)."""
        return self.filter(event_key=event_key, status=SignUpStatus.WAITING).order_by(QUEUED_SINCE, "pk")


class EventSignupCounter(models.Model):
    """One row per event (translation_key), locked while a sign-up or cancellation decides places.

    Locking this row serialises the sign-ups of one event on PostgreSQL without locking the page.
    """

    event_key = models.UUIDField(unique=True)

    class Meta:
        verbose_name = _("sign-up counter")
        verbose_name_plural = _("sign-up counters")

    def __str__(self):
        return str(self.event_key)


class SignUp(models.Model):
    Status = SignUpStatus

    event_key = models.UUIDField(_("event"), db_index=True, editable=False)
    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("event page"), null=True, on_delete=models.SET_NULL, related_name="signups"
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    people = models.PositiveSmallIntegerField(_("people"), default=1)
    answers = models.JSONField(_("answers to extra questions"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=SERVICE_LANGUAGES[:2], default="fi")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    promoted_at = models.DateTimeField(_("moved from the waiting list"), null=True, blank=True)
    # Set when staff move a confirmed person to the waiting list: they queue from then on, not from
    # when they signed up. Empty: the queue place comes from created_at.
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # When the event asks for confirmation by email: the place is released if not confirmed by then.
    confirm_by = models.DateTimeField(_("confirm by"), null=True, blank=True, editable=False)
    email_confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True, editable=False)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    event_ends_at = models.DateTimeField(_("event ends"), null=True, editable=False)
    answers_erased_at = models.DateTimeField(_("answers erased"), null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)

    objects = SignUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        indexes = [
            # An event's sign-ups in order (the attendee page, the waiting queue) and the admin list.
            models.Index(fields=["event_key", "created_at"], name="events_signup_event_order"),
            models.Index(fields=["created_at", "id"], name="events_signup_order"),
            models.Index(Upper("email"), name="signup_email_upper"),  # the privacy tools, any case
            # Retention: what has not been erased yet, by the end of its event.
            models.Index(fields=["event_ends_at"], condition=Q(answers_erased_at__isnull=True), name="signup_answers_due"),
            models.Index(fields=["event_ends_at"], condition=Q(erased_at__isnull=True), name="signup_personal_data_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "email"], condition=~Q(status=SignUpStatus.CANCELLED) & Q(erased_at__isnull=True),
                name="events_one_active_signup_per_email",
            )
        ]
        permissions = [("export_signup", "Can export sign-ups and email attendees")]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    # Set by services.sign_up on the sign-up it makes when that waits: its place in the queue at that
    # moment, counted under the event's lock (the answer to the person shows it without counting again).
    queued_at_position = None

    @property
    def waiting_position(self):
        """This person's place in the waiting queue (1 = next), or None when not waiting."""
        if self.status != self.Status.WAITING or self.pk is None:
            return None
        # Counted, not listed: those ahead in waiting_queue's order (a waiting list can be thousands long).
        since = self.waiting_since or self.created_at
        ahead = (
            type(self).objects.waiting_queue(self.event_key)
            .annotate(since=QUEUED_SINCE)
            .filter(Q(since__lt=since) | Q(since=since, pk__lt=self.pk))
            .order_by()
            .count()
        )
        return ahead + 1

    @property
    def awaits_email_confirmation(self):
        return self.confirm_by is not None and self.email_confirmed_at is None

    def answer_pairs(self):
        return [(item.get("question", ""), item.get("answer", "")) for item in self.answers or ()]


def day_bounds(day):
    """The start and end of a local calendar day as aware datetimes."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    return start, start + timedelta(days=1)

