"""Proposals and residents' initiatives (Kuntalaki 23 §): themes, states, proposals, supports and
followers. The index page that lists them, takes new ones and shows each at its own URL is in pages.py."""

import uuid
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from engagement.emails import absolute_url
from kumppanuus.text import request_language

LANGUAGE_CHOICES = [("fi", _("Finnish")), ("sv", _("Swedish"))]
# Kuntalaki 23 §: an initiative of 2 % of the residents entitled to vote is taken up by the council
# within six months.
THRESHOLD_PERCENT = 2
COUNCIL_DEADLINE_MONTHS = 6

STATE_RECEIVED = "received"
STATE_PUBLISHED = "published"


class ProposalTheme(TranslatableMixin, models.Model):
    """A theme residents choose for their proposal (e.g. traffic, culture). Translated with wagtail-localize."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, help_text=_("Used in filter links; the same in both languages."))

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("proposal theme")
        verbose_name_plural = _("proposal themes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProposalState(models.Model):
    """A step of a proposal's life. Staff can add and rename states; the defaults come from a migration."""

    slug = models.SlugField(_("identifier"), max_length=50, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_public = models.BooleanField(_("shown on the site"), default=True)
    is_decision = models.BooleanField(
        _("is a decision"), default=False, help_text=_("Proposals in this state have an official answer.")
    )
    is_closed = models.BooleanField(
        _("closes the proposal"), default=False, help_text=_("Supporters' data is erased a while after closing.")
    )

    panels = [
        FieldPanel("slug"),
        FieldPanel("name_fi"),
        FieldPanel("name_sv"),
        FieldPanel("sort_order"),
        FieldPanel("is_public"),
        FieldPanel("is_decision"),
        FieldPanel("is_closed"),
    ]

    class Meta:
        verbose_name = _("proposal state")
        verbose_name_plural = _("proposal states")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name()

    def name(self, language=None):
        language = request_language(language)
        return self.name_sv if language == "sv" else self.name_fi

    @classmethod
    def get(cls, slug):
        return cls.objects.get(slug=slug)


class ProposalQuerySet(models.QuerySet):
    def published(self):
        return self.filter(moderation=Proposal.Moderation.PUBLISHED, state__is_public=True)

    def with_support_count(self):
        """`support_total`: confirmed, not withdrawn supports. A subquery per proposal, not a join with
        GROUP BY: a page of ten proposals then counts the supports of those ten only (PostgreSQL
        computes it after ORDER BY … LIMIT), not of every proposal (a city has a million supports)."""
        counted = (
            Support.objects.filter(proposal=OuterRef("pk"), confirmed_at__isnull=False, withdrawn_at__isnull=True)
            .order_by()
            .values("proposal")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(support_total=Coalesce(Subquery(counted), 0))


class Proposal(models.Model):
    """A proposal or residents' initiative. Its text is shown in the language it was written in."""

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        MERGED = "merged", _("Merged into another proposal")

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=500)
    text = models.TextField(_("full text"), max_length=10000)
    theme = models.ForeignKey(
        ProposalTheme, verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language written in"), max_length=2, choices=LANGUAGE_CHOICES, default="fi")
    proposer_name = models.CharField(_("proposer's name"), max_length=150)
    show_name = models.BooleanField(_("name may be shown"), default=False)
    proposer_email = models.EmailField(_("proposer's email"), help_text=_("Never shown on the site."))
    association = models.ForeignKey(
        "home.AssociationPage",
        verbose_name=_("on behalf of association"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.ForeignKey(ProposalState, verbose_name=_("state"), on_delete=models.PROTECT, related_name="+")
    moderation = models.CharField(
        _("moderation"), max_length=12, choices=Moderation.choices, default=Moderation.PENDING
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    moderator_note = models.CharField(
        _("moderator's note"),
        max_length=300,
        blank=True,
        help_text=_("Shown with the proposal when a moderator has edited it, e.g. 'Typos corrected'."),
    )
    edited_by_moderator_at = models.DateTimeField(_("edited by a moderator"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    private_token = models.UUIDField(_("private link key"), default=uuid.uuid4, unique=True, editable=False)
    answer_text = models.TextField(_("official answer in Finnish"), blank=True)
    answer_text_sv = models.TextField(
        _("official answer in Swedish"), blank=True,
        help_text=_("Swedish-speaking people get this one; without it, the Finnish answer, marked as such."),
    )
    answer_decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    answer_date = models.DateField(_("date of decision"), null=True, blank=True)
    answer_link = models.URLField(_("link to the decision"), blank=True)
    measures = models.TextField(_("measures taken"), blank=True, help_text=_("For the annual report to the council."))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    notified_state = models.ForeignKey(
        ProposalState, verbose_name=_("state people were last told of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    threshold_reached_at = models.DateTimeField(_("initiative threshold reached"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    supporters_erased_at = models.DateTimeField(
        _("supporters' personal data erased"), null=True, blank=True, editable=False
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["moderation", "-published_at"]),
            models.Index(fields=["created_at"], name="proposals_created"),  # the annual report's year; the admin list
            models.Index(Upper("proposer_email"), name="proposal_email_upper"),  # the privacy tools, any case
            models.Index(fields=["closed_at"], name="proposal_closed_at"),  # retention of supporters
        ]
        permissions = [("export_proposal", _("Can export proposals and the annual report"))]

    def __str__(self):
        return self.title

    @property
    def is_pending(self):
        return self.moderation == self.Moderation.PENDING

    @property
    def is_open(self):
        """Published and not closed: it can be followed (to hear when a decision is carried out)."""
        return self.moderation == self.Moderation.PUBLISHED and self.closed_at is None

    @property
    def takes_supports(self):
        """Open and not yet decided: once decided, supports no longer change anything."""
        return self.is_open and not self.state.is_decision

    @property
    def public_name(self):
        return self.proposer_name if self.show_name else ""

    def confirmed_supports(self):
        return self.supports.filter(confirmed_at__isnull=False, withdrawn_at__isnull=True)

    def support_count(self):
        if hasattr(self, "support_total"):
            return self.support_total
        return self.confirmed_supports().count()

    @property
    def council_deadline(self):
        if self.threshold_reached_at:
            return (self.threshold_reached_at + relativedelta(months=COUNCIL_DEADLINE_MONTHS)).date()
        return None

    def answer_in(self, language=None):
        """The official answer for a reader of `language` (default: the active one): a LocalizedAnswer
        with its text and the language it is written in, the other language's text when this one has
        none (its `is_other_language` says so, for marking it), or None without an answer."""
        language = request_language(language)
        texts = {"fi": self.answer_text, "sv": self.answer_text_sv}
        if texts.get(language):
            return LocalizedAnswer(texts[language], language, False)
        for other, text in texts.items():
            if text:
                return LocalizedAnswer(text, other, True)
        return None

    def localized_answer(self):
        """For templates, rendered in the reader's language: `answer_in` of the active language."""
        return self.answer_in()

    def private_url(self):
        with translation.override(self.language):
            return absolute_url(reverse("proposals:private", args=[self.private_token]))


@dataclass(frozen=True)
class LocalizedAnswer:
    text: str
    language: str
    is_other_language: bool


def threshold_for(entitled_voters):
    """Supports needed for a residents' initiative: 2 % of those entitled to vote, rounded up. 0: none."""
    if not entitled_voters:
        return 0
    return -(-entitled_voters * THRESHOLD_PERCENT // 100)


class Support(models.Model):
    """One person's support of a proposal. It counts only once confirmed through the emailed link."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="supports")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="fi")
    created_at = models.DateTimeField(_("given"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # Changes whenever a confirmation link is used or a new one is sent: each link works once.
    confirm_nonce = models.UUIDField(default=uuid.uuid4, editable=False)
    # For the withdrawal link.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        ordering = ["-created_at"]
        permissions = [("export_support", _("Can export supports"))]
        indexes = [
            # Counting a proposal's supports (with_support_count) reads this index only: one initiative
            # of a city has tens of thousands.
            models.Index(
                fields=["proposal"], name="proposals_support_counted",
                condition=Q(confirmed_at__isnull=False, withdrawn_at__isnull=True),
            ),
            models.Index(fields=["-created_at"], name="proposals_support_recent"),  # the admin list, newest first
            models.Index(Upper("email"), name="support_email_upper"),  # the privacy tools, any case
        ]
        constraints = [
            # Erased supports keep counting in statistics but have no email any more.
            models.UniqueConstraint(
                fields=["proposal", "email"], condition=~Q(email=""), name="proposals_one_support_per_email"
            )
        ]

    def __str__(self):
        return f"{self.name} – {self.proposal}"

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def counts(self):
        return self.confirmed_at is not None and self.withdrawn_at is None


class Follower(models.Model):
    """Someone who wants an email when the proposal's state changes or it is answered."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="fi")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirm_nonce = models.UUIDField(default=uuid.uuid4, editable=False)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "email"], condition=~Q(email=""), name="proposals_one_follower_per_email"
            )
        ]
        indexes = [models.Index(Upper("email"), name="follower_email_upper")]  # the privacy tools, any case

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)
