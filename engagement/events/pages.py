"""The page types of events: the event listing (with the association's event submission form) and the
event page (with its sign-up form). Wagtail pages are the views of their URLs; their sub-routes are
`@path`s of `PublicFormRoutes`, linked with `reverse_subpage`. Loaded with the models by
`EventsConfig.import_models()`."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from engagement.moderation import (
    form_content,
    submission_to_correct,
    submit_new_page,
    submit_page_for_moderation,
)
from engagement.ratelimit import client_address, is_over_limit
from engagement.views import PublicFormRoutes
from home.caching import locale_id_for
from home.models.contacts import SERVICE_LANGUAGES, language_names
from home.models.pages import BasePage
from home.models.routing import SpecificChildRouteMixin
from kumppanuus.filters import page_number, paginated, rows_of_page
from kumppanuus.text import request_language

from . import services
from .caching import cached, confirmed_people, names
from .feeds import event_rows, json_ld_script
from .filters import EventFilterSet
from .forms import EventSubmissionForm, SignUpForm
from .models import (
    ACCESSIBILITY_CHOICES,
    LENGTH_WITHOUT_END,
    AccessibilityListField,
    EventCategory,
    EventPageManager,
    EventStatus,
    LanguagesListField,
    SignUp,
    SignupState,
)
from .submissions import fill_event, other_texts_note

PER_PAGE = 12





class EventIndexPage(PublicFormRoutes, SpecificChildRouteMixin, BasePage):
    """The listing of upcoming events, with filters, the archive of past events (`?past=1`), and the form
    an association submits its event with (the sub-route `submit/`). Its own routes come first (the
    routable page's), then an event in one query with what its page shows (SpecificChildRouteMixin)."""

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1
    child_model = "events.EventPage"
    child_select_related = ("locale", "contact")

    class Meta:
        verbose_name = _("events page")
        verbose_name_plural = _("events pages")

    @property
    def submit_url(self):
        return self.url + self.reverse_subpage("submit")

    @path("")
    def listing(self, request):
        past = request.GET.get("past") == "1"
        filters = EventFilterSet(request.GET, queryset=EventPage.objects.none())
        selected = filters.selected()
        locale_id = self.locale_id
        number = page_number(request.GET.get("page"))

        def compute():
            events = filters.filter_queryset(EventPage.objects.published().in_locale(locale_id).descendant_of(self))
            events = events.past().order_by("-start", "pk") if past else events.upcoming().order_by("start", "pk")
            data = rows_of_page(events, number, PER_PAGE, lambda page: event_rows(page, locale_id))
            # The cards are rendered with the rows, once per change: most of the page's template work.
            data["cards"] = "".join(
                render_to_string("events/includes/event_card.html", {"event": row}) for row in data["rows"]
            )
            return data

        # repr: a name searched for may hold any character, so no separator could keep the keys apart.
        key = repr(("list", self.pk, get_language(), past, sorted(selected.items()), number))
        # Upcoming/past moves with the clock: cache for a few minutes only. One page at a time.
        data = cached(key, compute, timeout=300)
        rows = {name: value for name, value in data.items() if name != "cards"}
        lookup = names(locale_id)
        return self.render(
            request,
            context_overrides={
                "items": paginated(rows, number, PER_PAGE),
                "cards": mark_safe(data["cards"]),  # noqa: S308 - rendered (and escaped) by its template
                "past": past,
                "selected": selected,
                "categories": lookup["categories"],
                "organiser_name": selected["organiser_name"] or organiser_title(lookup, selected["organiser"]),
                "months": upcoming_months(),
                "language_choices": SERVICE_LANGUAGES,
                "filtered": any(selected.values()),
                "feed_language": request_language(),
            },
        )

    @path("submit/", name="submit")
    def submit(self, request):
        """An association sends its event to moderation; `?submission=<token>` sends a corrected version
        of one the moderators asked changes to, filled in from what was sent."""
        token = request.POST.get("correction") or request.GET.get("submission") or ""
        correcting = None
        if token:
            correcting = submission_to_correct(token, "event")
            if correcting is None or correcting.page is None:
                raise Http404
        language_of_site = request_language()

        def on_valid(form):
            data = form.cleaned_data
            language = language_of_site if data["language"] == "both" else data["language"]
            index = EventIndexPage.objects.live().filter(locale_id=locale_id_for(language)).first()
            if index is None:
                raise Http404
            content = {**form_content(form), "_language": language}

            def create():
                common = {
                    "kind": "event", "submitter_name": data["submitter_name"],
                    "submitter_email": data["submitter_email"], "language": language_of_site,
                    "message": other_texts_note(data), "content": content, "replaces": correcting,
                }
                if correcting is None:  # the task worker makes the draft (new_event_page)
                    return submit_new_page(index, title=data["title"], **common)
                page = correcting.page.specific.get_latest_revision_as_object()
                fill_event(page, content, index.locale)
                return submit_page_for_moderation(page, **common)

            submission, _created = form.store_once(create)
            return TemplateResponse(request, "events/submit_event_done.html", {"submission": submission})

        return self.serve_public_form(
            request, form_class=EventSubmissionForm, template="events/submit_event.html",
            context={"correcting": correcting}, on_valid=on_valid, scope="event-submission",
            form_kwargs={"initial": {**correcting.content, "correction": correcting.token}} if correcting else {},
        )


def organiser_title(lookup, key):
    """The name of the association with this key (a link from its page filters by it), for the filter's
    text field: sent again, the form filters by that name. "" for none or `municipality`."""
    if not key or key == "municipality":
        return ""
    return next((organiser["title"] for organiser in lookup["organisers_by_id"].values() if organiser["key"] == key), "")


def upcoming_months(count=6):
    """("YYYY-MM", first day) of this month and the next ones, for the listing's month filter."""
    today = timezone.localdate()
    months = []
    year, month = today.year, today.month
    for _index in range(count):
        months.append((f"{year}-{month:02d}", date(year, month, 1)))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return months


class EventPage(PublicFormRoutes, BasePage):
    """One event or meeting. `intro` is its summary. Its sign-up form is the sub-route `signup/`."""

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

    objects = EventPageManager()

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
        # The listing, its archive and the feeds go through events in order of their start.
        indexes = [models.Index(fields=["start"], name="events_eventpage_start")]

    ICAL_FIELDS = ("title", "intro", "start", "end", "status", "place_name", "address", "online_url")

    def save(self, *args, **kwargs):
        if self.pk:
            old = type(self).objects.filter(pk=self.pk).values(*self.ICAL_FIELDS).first()
            if old and any(old[name] != getattr(self, name) for name in self.ICAL_FIELDS):
                self.ical_sequence += 1
        return super().save(*args, **kwargs)

    # --- the rules of an event: its templates, feeds, calendars and sign-up use these -------------

    @property
    def ends_at(self):
        """The end, or LENGTH_WITHOUT_END after the start when the event has none."""
        return self.end or self.start + LENGTH_WITHOUT_END

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def is_online(self):
        """It can be followed online: it has an online link, or it moved online."""
        return bool(self.online_url) or self.status == EventStatus.MOVED_ONLINE

    @property
    def language_names(self):
        return language_names(self.languages)

    @property
    def accessibility_names(self):
        choices = dict(ACCESSIBILITY_CHOICES)
        return [choices[code] for code in self.accessibility or () if code in choices]

    @property
    def questions(self):
        return [block.value for block in self.extra_questions if block.block_type == "question"]

    @property
    def signup_closes_at(self):
        return self.signup_closes or self.start

    def signup_state(self, now=None):
        """A SignupState: whether the form takes sign-ups now."""
        now = now or timezone.now()
        if not self.signup_enabled:
            return SignupState.NONE
        if self.is_cancelled or now >= self.signup_closes_at:
            return SignupState.CLOSED
        if self.signup_opens and now < self.signup_opens:
            return SignupState.NOT_OPEN
        return SignupState.OPEN

    def places_left(self):
        """Free places (cached), or None when the event has no capacity or no sign-up."""
        if self.capacity is None or not self.signup_enabled:
            return None
        return max(self.capacity - confirmed_people(self.translation_key), 0)

    @cached_property
    def _names(self):
        """The cached names of this page's language, read once for the page, its JSON-LD and the API."""
        return names(self.locale_id)

    def localized_organiser(self):
        """{"title", "url"} of the organising association in this page's language, or None."""
        if self.organiser_id is None:
            return None
        return self._names["organisers_by_id"].get(self.organiser_id)

    def localized_category(self):
        if self.category_id is None:
            return None
        return self._names["categories_by_id"].get(self.category_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organiser"] = self.localized_organiser()
        context["category"] = self.localized_category()
        context["signup_state"] = self.signup_state()
        context["places_left"] = self.places_left()
        return context

    # --- serving ------------------------------------------------------------------------------------

    @property
    def signup_url(self):
        return self.url + self.reverse_subpage("signup")

    @path("")
    def event(self, request):
        return self.render(request, context_overrides={"json_ld": json_ld_script(self, request)})

    @path("signup/", name="signup")
    def signup(self, request):
        """The sign-up form on its own URL (…/signup/): the event page stays cacheable and cheap."""
        extra = {"retention_days": settings.SIGNUP_RETENTION_DAYS}
        if self.signup_state() != SignupState.OPEN or getattr(request, "is_preview", False):
            return self.render(request, template="events/signup_form.html", context_overrides=extra)

        def result(outcome, **more):
            # The result names the event only: not the event page's context again (its organiser and
            # category names, state and places), which the form's response computed already.
            context = {"page": self, "self": self, **extra, **more, "result": outcome}
            return TemplateResponse(request, "events/signup_result.html", context)

        def on_valid(form):
            # However many addresses one client has, it makes only a few sign-ups for one event.
            if is_over_limit(f"event-signups:{self.translation_key}", client_address(request),
                             settings.SIGNUP_CLIENT_RATE_LIMIT):
                return result("too_many")
            try:
                signup, _created = form.store_once(
                    lambda: services.sign_up(
                        self,
                        name=form.cleaned_data["name"],
                        email=form.cleaned_data["email"],
                        people=form.people,
                        answers=form.answers,
                        language=request_language(),
                    )
                )
            except services.AlreadySignedUp as error:
                services.send_signup_email_kept(error.signup, services.receipt_template(error.signup), receipt=True)
                return result("already")
            except services.SignUpRefused as error:
                return result(error.reason)
            if signup.awaits_email_confirmation:
                return result("confirm_email", signup=signup, confirm_hours=self.signup_confirm_hours)
            if signup.status == SignUp.Status.WAITING:
                return result("waiting", signup=signup, position=signup.queued_at_position or signup.waiting_position)
            return result("confirmed", signup=signup)

        return self.serve_public_form(
            request,
            form_class=SignUpForm,
            template="events/signup_form.html",
            context=extra,
            on_valid=on_valid,
            scope=f"event:{self.translation_key}",
            form_kwargs={"event": self},
        )
