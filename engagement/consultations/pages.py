"""The consultation pages: the index (open first, then closed, filtered by theme and stage) and the
consultation itself, with its comment, report and agree routes (docs/architecture.md: pages sit above
forms and services)."""

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import PageManager
from wagtail.query import PageQuerySet
from wagtail_localize.fields import SynchronizedField

from engagement.views import PublicFormRoutes
from home.models.pages import BasePage

from .models import ModerationMode, SectionSummary, Stage

COMMENTS_PER_SECTION = 10  # a screenful; the rest behind "show more comments" (a link, no JavaScript)
PER_PAGE = 10


class ConsultationIndexPage(BasePage):
    """Lists the consultations under it: open ones first, then upcoming, then closed."""

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["consultations.ConsultationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("consultations page")
        verbose_name_plural = _("consultations pages")



class ConsultationPageQuerySet(PageQuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self, now=None):
        return self.filter(opens_at__gt=now or timezone.now())

    def closed(self, now=None):
        return self.filter(closes_at__lte=now or timezone.now())

    def ordered_for_listing(self, now=None):
        """Open ones first (closing soonest first), then upcoming, then closed (latest first)."""
        now = now or timezone.now()
        return self.annotate(
            listing_group=models.Case(
                models.When(opens_at__lte=now, closes_at__gt=now, then=models.Value(0)),
                models.When(opens_at__gt=now, then=models.Value(1)),
                default=models.Value(2),
                output_field=models.IntegerField(),
            )
        ).order_by("listing_group", models.Case(
            models.When(closes_at__gt=now, then="closes_at"), default=None, output_field=models.DateTimeField()
        ).asc(nulls_last=True), "-closes_at", "pk")


class ConsultationPage(PublicFormRoutes, BasePage):
    """A draft put to residents: its sections, documents and timeline, the comment form while it is
    open, and the summary of what was heard once staff publish it."""

    summary = models.TextField(_("summary"), max_length=1000, help_text=_("What is being decided, in a few sentences."))
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    theme = models.ForeignKey(
        "consultations.ConsultationTheme", verbose_name=_("theme"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    moderation = models.CharField(
        _("moderation"), max_length=4, choices=ModerationMode.choices, default=ModerationMode.PRE
    )
    preparation_started = models.DateField(_("preparation started"), null=True, blank=True)
    decision_expected = models.DateField(
        _("decision expected"), null=True, blank=True, help_text=_("When the decision is expected to be made.")
    )
    decided_at = models.DateField(_("decided"), null=True, blank=True)
    decision = RichTextField(
        _("decision"), blank=True, features=["bold", "italic", "link", "ul", "document-link"],
        help_text=_("What was decided, and by whom; a link to the minutes."),
    )

    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("theme"),
                FieldPanel("moderation"),
            ],
            heading=_("Consultation"),
        ),
        InlinePanel("sections", heading=_("Sections of the draft"), label=_("Section"), min_num=1),
        InlinePanel("documents", heading=_("Documents"), label=_("Document")),
        InlinePanel("contacts", heading=_("Contact people"), label=_("Contact person")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("preparation_started"), FieldPanel("decision_expected")]),
                FieldPanel("decided_at"),
                FieldPanel("decision"),
            ],
            heading=_("Timeline"),
        ),
    ]
    override_translatable_fields = [
        SynchronizedField("opens_at"),
        SynchronizedField("closes_at"),
        SynchronizedField("moderation"),
        SynchronizedField("preparation_started"),
        SynchronizedField("decision_expected"),
        SynchronizedField("decided_at"),
    ]

    objects = PageManager.from_queryset(ConsultationPageQuerySet)()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return self.title

    # --- where the consultation stands ----------------------------------------------------------

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    @cached_property
    def summary_published_at(self):
        """When the summary was published (in any language), or None."""
        return (
            SectionSummary.objects.of(self).published().order_by("published_at")
            .values_list("published_at", flat=True).first()
        )

    def stage(self, now=None):
        now = now or timezone.now()
        if self.decided_at:
            return Stage.DECISION
        if self.summary_published_at:
            return Stage.SUMMARY
        if now < self.opens_at:
            return Stage.PREPARATION
        if now < self.closes_at:
            return Stage.OPEN
        return Stage.CLOSED

    def timeline(self, now=None):
        """[(stage, label, date or None, state)] with state "done", "current" or "coming"."""
        current = self.stage(now)
        order = list(Stage)
        dates = {
            Stage.PREPARATION: self.preparation_started,
            Stage.OPEN: self.opens_at,
            Stage.CLOSED: self.closes_at,
            Stage.SUMMARY: self.summary_published_at,
            Stage.DECISION: self.decided_at or self.decision_expected,
        }
        steps = []
        for stage in order:
            position = order.index(stage) - order.index(current)
            state = "done" if position < 0 else "current" if position == 0 else "coming"
            steps.append({"stage": stage, "label": stage.label, "date": dates[stage], "state": state})
        return steps
