"""Events and meetings: categories, the event listing, event pages with sign-up, and the sign-ups.

Sign-ups belong to an event's `translation_key`, not to one page, so the Finnish and Swedish versions
of an event share their capacity and their attendee list.
"""

import uuid
from datetime import datetime, time, timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models.contacts import SERVICE_LANGUAGES, language_names
from home.models.pages import BasePage

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

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, kwargs  # choices are code, not schema

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


class OneQueryViewRestrictionsMixin:
    """Wagtail checks view restrictions in two queries (resolving aliases first); this does the same in
    one, with subqueries, which keeps event pages within their query budget."""

    def get_view_restrictions(self):
        from wagtail.models import Page, PageViewRestriction

        steplen = self.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        ancestors = Page.objects.filter(path__in=paths)
        return PageViewRestriction.objects.filter(
            Q(page__in=ancestors.values("pk"))
            | Q(page__in=ancestors.filter(alias_of__isnull=False).values("alias_of_id"))
        )


class EventIndexPage(OneQueryViewRestrictionsMixin, BasePage):
    """The listing of upcoming events, with filters, and the archive of past events (routes in views)."""

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("events page")
        verbose_name_plural = _("events pages")

    def route(self, request, path_components):
        """Find the event in one query, with what its page shows (contact, image), instead of two."""
        if path_components:
            child = (
                EventPage.objects.filter(
                    path__startswith=self.path, depth=self.depth + 1, slug=path_components[0]
                )
                .select_related("contact", "image", "locale")
                .first()
            )
            if child is None:
                raise Http404
            return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        from .views import serve_event_index

        return serve_event_index(self, request)


class EventPage(OneQueryViewRestrictionsMixin, BasePage):
    """One event or meeting. `intro` is its summary."""

    description = RichTextField(
        _("description"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.SCHEDULED)
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    online_url = models.URLField(
        _("online meeting link"), blank=True, help_text=_("Shown only to people who signed up, in their emails.")
    )
    organiser = models.ForeignKey(
        "home.AssociationPage", verbose_name=_("organising association"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=_("Leave empty when the municipality organises it."),
    )
    category = models.ForeignKey(
        EventCategory, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    languages = LanguagesListField(_("languages spoken"), default=list, blank=True)
    contact = models.ForeignKey(
        "home.ContactPerson", verbose_name=_("contact person"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility = AccessibilityListField(_("venue accessibility"), default=list, blank=True)
    accessibility_notes = models.CharField(_("more about accessibility"), max_length=300, blank=True)

    signup_enabled = models.BooleanField(_("uses sign-up"), default=False)
    signup_opens = models.DateTimeField(_("sign-up opens"), null=True, blank=True)
    signup_closes = models.DateTimeField(
        _("sign-up closes"), null=True, blank=True, help_text=_("Empty: when the event starts.")
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Empty: no limit."))
    waiting_list = models.BooleanField(_("waiting list when full"), default=True)
    max_companions = models.PositiveSmallIntegerField(
        _("most people one sign-up may bring"), default=0, help_text=_("0: each person signs up alone.")
    )
    signup_confirm_hours = models.PositiveSmallIntegerField(
        _("confirm by email within (hours)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_("Empty: no confirmation. A sign-up that is not confirmed from its email in time releases its place."),
    )
    extra_questions = StreamField(
        [("question", blocks.CharBlock(label=_("Question"), max_length=200))],
        verbose_name=_("extra questions"), blank=True,
        help_text=_("For example dietary needs. Answers are deleted right after the event."),
    )
    # Bumped when what a calendar shows changes, so subscribed calendars update (RFC 5545 SEQUENCE).
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("description"),
        FieldPanel("image"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("status")], _("Time")),
        MultiFieldPanel(
            [FieldPanel("place_name"), FieldPanel("address"), FieldPanel("map_url"), FieldPanel("online_url")],
            _("Place"),
        ),
        MultiFieldPanel(
            [FieldPanel("organiser"), FieldPanel("category"), FieldPanel("languages"), FieldPanel("contact")],
            _("Organiser"),
        ),
        MultiFieldPanel([FieldPanel("accessibility"), FieldPanel("accessibility_notes")], _("Accessibility")),
        MultiFieldPanel(
            [
                FieldPanel("signup_enabled"),
                FieldRowPanel([FieldPanel("signup_opens"), FieldPanel("signup_closes")]),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("max_companions")]),
                FieldPanel("waiting_list"),
                FieldPanel("signup_confirm_hours"),
                FieldPanel("extra_questions"),
            ],
            _("Sign-up"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("place_name"),
        index.FilterField("start"),
    ]
    override_translatable_fields = [
        SynchronizedField("start"),
        SynchronizedField("end"),
        SynchronizedField("status"),
        SynchronizedField("address"),
        SynchronizedField("map_url"),
        SynchronizedField("online_url"),
        SynchronizedField("signup_opens"),
        SynchronizedField("signup_closes"),
        SynchronizedField("capacity"),
        SynchronizedField("max_companions"),
        SynchronizedField("signup_confirm_hours"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    ICAL_FIELDS = ("title", "intro", "start", "end", "status", "place_name", "address", "online_url")

    def save(self, *args, **kwargs):
        if self.pk:
            old = type(self).objects.filter(pk=self.pk).values(*self.ICAL_FIELDS).first()
            if old and any(old[name] != getattr(self, name) for name in self.ICAL_FIELDS):
                self.ical_sequence += 1
        return super().save(*args, **kwargs)

    # --- what the templates and sign-up use ----------------------------------------------------

    @property
    def ends_at(self):
        return self.end or self.start + timedelta(hours=2)

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def is_online(self):
        return self.status == EventStatus.MOVED_ONLINE or (bool(self.online_url) and not self.place_name)

    @property
    def language_names(self):
        return language_names(self.languages)

    @property
    def accessibility_names(self):
        names = dict(ACCESSIBILITY_CHOICES)
        return [names[code] for code in self.accessibility or () if code in names]

    @property
    def questions(self):
        return [block.value for block in self.extra_questions if block.block_type == "question"]

    @property
    def signup_closes_at(self):
        return self.signup_closes or self.start

    def signup_state(self, now=None):
        """'none', 'not_open', 'open', 'closed' – whether the form takes sign-ups now."""
        now = now or timezone.now()
        if not self.signup_enabled:
            return "none"
        if self.is_cancelled or now >= self.signup_closes_at:
            return "closed"
        if self.signup_opens and now < self.signup_opens:
            return "not_open"
        return "open"

    def localized_organiser(self):
        """{"title", "url"} of the organising association in this page's language, or None."""
        from .views import names

        if self.organiser_id is None:
            return None
        return names(self.locale_id)["organisers_by_id"].get(self.organiser_id)

    def localized_category(self):
        from .views import names

        if self.category_id is None:
            return None
        return names(self.locale_id)["categories_by_id"].get(self.category_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organiser"] = self.localized_organiser()
        context["category"] = self.localized_category()
        return context

    def route(self, request, path_components):
        if path_components == ["signup"]:
            if not self.live:
                raise Http404
            return RouteResult(self, kwargs={"action": "signup"})
        return super().route(request, path_components)

    @property
    def signup_url(self):
        return f"{self.url}signup/"

    def serve(self, request, *args, action=None, **kwargs):
        from .views import serve_event_page, serve_signup_form

        if action == "signup":
            return serve_signup_form(self, request)
        return serve_event_page(self, request)


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
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event_key = models.UUIDField(_("event"), db_index=True, editable=False)
    event = models.ForeignKey(
        EventPage, verbose_name=_("event page"), null=True, on_delete=models.SET_NULL, related_name="signups"
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

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "email"], condition=~Q(status="cancelled") & Q(erased_at__isnull=True),
                name="events_one_active_signup_per_email",
            )
        ]
        permissions = [("export_signup", "Can export sign-ups and email attendees")]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    @classmethod
    def confirmed_people(cls, event_key):
        total = cls.objects.filter(event_key=event_key, status=cls.Status.CONFIRMED).aggregate(n=Sum("people"))["n"]
        return total or 0

    @classmethod
    def waiting_queue(cls, event_key):
        """The waiting list of an event in the order places are offered: first come, first served."""
        return cls.objects.filter(event_key=event_key, status=cls.Status.WAITING).order_by(
            Coalesce("waiting_since", "created_at"), "pk"
        )

    @property
    def waiting_position(self):
        """This person's place in the waiting queue (1 = next), or None when not waiting."""
        if self.status != self.Status.WAITING:
            return None
        queue = list(type(self).waiting_queue(self.event_key).values_list("pk", flat=True))
        return queue.index(self.pk) + 1 if self.pk in queue else None

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


def localized_event_pages(locale=None):
    return EventPage.objects.live().public().filter(locale=locale or Locale.get_active())

