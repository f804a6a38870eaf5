"""Consultations' data: the sections of a draft, residents' comments, reports, agreements and answers,
and the per-section summaries of what was heard and what changed. Data only: the page types are in
pages.py, every change of state in services.py.

A consultation page exists in each language (one translation key). Its sections are translated
children (same translation key in every language), so a comment points at the section row of the
language it was written in, and is shown under the matching section of every language.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

LANGUAGE_CHOICES = [("fi", _("Finnish")), ("sv", _("Swedish"))]
REPORTS_TO_HIDE = 3  # after this many reports a comment is hidden until a moderator decides
SCALE = range(1, 6)  # the 1–5 scale of a scale question


class ModerationMode(models.TextChoices):
    PRE = "pre", _("Pre-moderation: comments are shown after a moderator approves them")
    POST = "post", _("Post-moderation: comments are shown at once; moderators remove what breaks the rules")


class Stage(models.TextChoices):
    """Where a consultation stands on its timeline."""

    PREPARATION = "preparation", _("In preparation")
    OPEN = "open", _("Open for comments")
    CLOSED = "closed", _("Closed, summary being written")
    SUMMARY = "summary", _("Summary published")
    DECISION = "decision", _("Decided")


class QuestionKind(models.TextChoices):
    NONE = "", _("No question")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale 1–5")


class ConsultationTheme(TranslatableMixin, models.Model):
    """A theme consultations are filtered by (e.g. land use, services). Translated with wagtail-localize."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, help_text=_("Used in filter links; the same in both languages."))

    panels = [FieldPanel("name"), FieldPanel("slug")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("consultation theme")
        verbose_name_plural = _("consultation themes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ConsultationSection(TranslatableMixin, Orderable):
    """One section of the draft, optionally with one question. The question's kind is the same in every
    language; its options are translated, one per line, and answers store the option's number, so the
    results are shared by the languages."""

    page = ParentalKey("consultations.ConsultationPage", on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(_("heading"), max_length=200)
    text = RichTextField(_("text"), blank=True, features=["h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"])
    question = models.CharField(_("question"), max_length=300, blank=True)
    question_kind = models.CharField(
        _("kind of question"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.NONE, blank=True
    )
    options = models.TextField(
        _("options"), blank=True,
        help_text=_("Single and multiple choice: one option per line, in the same order in every language."),
    )

    panels = [
        FieldPanel("heading"),
        FieldPanel("text"),
        MultiFieldPanel([FieldPanel("question"), FieldPanel("question_kind"), FieldPanel("options")], heading=_("Question")),
    ]
    translatable_fields = [
        TranslatableField("heading"),
        TranslatableField("text"),
        TranslatableField("question"),
        SynchronizedField("question_kind"),
        TranslatableField("options"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        # Sections made in code (the demo, `page.sections = [...]`) have no sort_order: then the order they
        # were made in, the same in both languages, not whatever order PostgreSQL finds the rows in.
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.heading

    @property
    def has_question(self):
        return bool(self.question and self.question_kind)

    def choices(self):
        """[(number, label)] of the question's answers: the options, or 1–5 for a scale."""
        if self.question_kind == QuestionKind.SCALE:
            return [(value, str(value)) for value in SCALE]
        if self.question_kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            lines = [line.strip() for line in self.options.splitlines() if line.strip()]
            return list(enumerate(lines, start=1))
        return []


class ConsultationDocument(TranslatableMixin, Orderable):
    """The draft as documents (PDF) or images, with a caption in each language."""

    page = ParentalKey("consultations.ConsultationPage", on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True, help_text=_("Also the image's alternative text."))

    panels = [FieldRowPanel([FieldPanel("document"), FieldPanel("image")]), FieldPanel("caption")]
    translatable_fields = [SynchronizedField("document"), SynchronizedField("image"), TranslatableField("caption")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class ConsultationContact(Orderable):
    """A contact person responsible for the consultation (the same people in both languages)."""

    page = ParentalKey("consultations.ConsultationPage", on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(
        "home.ContactPerson", verbose_name=_("contact person"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")


class CommentQuerySet(models.QuerySet):
    def of(self, consultation):
        """The comments on a consultation in every language (its pages share a translation key)."""
        return self.filter(consultation__translation_key=consultation.translation_key)

    def public(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def with_email(self):
        return self.exclude(email="")


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden after reports")
        REJECTED = "rejected", _("Rejected")

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", verbose_name=_("consultation"), on_delete=models.CASCADE,
        related_name="comments", help_text=_("The page in the language the comment was written in."),
    )
    section = models.ForeignKey(
        ConsultationSection, verbose_name=_("section"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="comments", help_text=_("Empty: a comment on the whole draft."),
    )
    text = models.TextField(_("comment"), max_length=5000)
    nickname = models.CharField(_("nickname"), max_length=60, blank=True)
    email = models.EmailField(
        _("email"), blank=True, help_text=_("Only for telling the commenter that the summary is out; never shown.")
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="fi")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    reports_count = models.PositiveIntegerField(_("reports"), default=0)
    agree_count = models.PositiveIntegerField(_("agreements"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moderated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    moderation_note = models.TextField(_("moderation note"), blank=True, help_text=_("Internal, never shown."))
    reply = models.TextField(_("reply by the municipality"), blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    summary_sent_at = models.DateTimeField(
        _("summary sent"), null=True, blank=True, help_text=_("When the summary email went to the commenter.")
    )
    email_erased_at = models.DateTimeField(_("email erased"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["consultation", "status", "created_at"]),
            models.Index(Upper("email"), name="comment_email_upper"),  # the privacy tools, any case
        ]
        permissions = [("export_comment", "Can download comments (CSV, XLSX)")]

    def __str__(self):
        return self.text[:60]

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    @property
    def author(self):
        return self.nickname or _("Anonymous")


class CommentReport(models.Model):
    """Someone reported the comment as breaking the rules; one report per browser."""

    comment = models.ForeignKey(Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports")
    browser = models.CharField(_("browser"), max_length=64, help_text=_("A hash of the browser's token; no account."))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["comment", "browser"], name="consultations_one_report_per_browser")]

    def __str__(self):
        return f"{self.comment_id}: {self.reason[:40]}"


class CommentAgreement(models.Model):
    """'I agree' from one browser (a hash of the signed token in its cookie; no account)."""

    comment = models.ForeignKey(Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="agreements")
    browser = models.CharField(_("browser"), max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [models.UniqueConstraint(fields=["comment", "browser"], name="consultations_one_agree_per_browser")]

    def __str__(self):
        return f"{self.comment_id}"


class AnswerQuerySet(models.QuerySet):
    def results(self, consultation):
        """{section translation key: {choice: count}} over every language of the consultation."""
        rows = (
            self.filter(consultation__translation_key=consultation.translation_key)
            .values("section__translation_key", "choice")
            .annotate(count=Count("pk"))
        )
        results = {}
        for row in rows:
            results.setdefault(row["section__translation_key"], {})[row["choice"]] = row["count"]
        return results


class Answer(models.Model):
    """One chosen answer to a section's question (a multiple choice gives one row per option)."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="answers"
    )
    section = models.ForeignKey(ConsultationSection, verbose_name=_("section"), on_delete=models.CASCADE, related_name="answers")
    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )
    choice = models.PositiveSmallIntegerField(_("answer"), help_text=_("The option's number, or the value on the scale."))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="fi")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.section_id}: {self.choice}"


class SectionSummaryQuerySet(models.QuerySet):
    def of(self, consultation):
        return self.filter(consultation__translation_key=consultation.translation_key)

    def published(self):
        return self.filter(published_at__isnull=False)


class SectionSummary(models.Model):
    """What we heard and what we did, for one section (or the whole draft) in one language: written by
    staff after closing, shown once `services.publish_summary()` has published it."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", verbose_name=_("consultation"), on_delete=models.CASCADE,
        related_name="summaries", help_text=_("The consultation in the language of this summary."),
    )
    section = models.ForeignKey(
        ConsultationSection, verbose_name=_("section"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="summaries", help_text=_("Empty: the summary of the comments on the whole draft."),
    )
    themes = models.TextField(_("what we heard"), help_text=_("The main themes of the comments."))
    changes = models.TextField(_("what changed"), blank=True, help_text=_("What changed in the draft because of them."))
    cited_comments = models.ManyToManyField(
        Comment, verbose_name=_("comments it draws on"), blank=True, related_name="cited_in"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SectionSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("section summary")
        verbose_name_plural = _("section summaries")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "section"], name="consultations_one_summary_per_section"),
            models.UniqueConstraint(
                fields=["consultation"], condition=Q(section__isnull=True), name="consultations_one_general_summary"
            ),
        ]

    def __str__(self):
        return str(self.section or _("The whole draft"))
