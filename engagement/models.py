"""What every public module shares in the database: the email outbox and duplicate-submission receipts."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """An email that has been decided on and must not be lost.

    It is stored in the same transaction as the submission that caused it and handed to the task
    queue; the worker sends it and, when the SMTP server fails, retries with back-off. The cron job
    `send_pending_emails` picks up anything that is due, so an email survives a worker restart too.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.JSONField(_("recipients"), default=list)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=8)
    template = models.CharField(_("template"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            # Retention (engagement.retention.DeliveredEmails): sent ones by sent_at, failed ones by created_at.
            models.Index(fields=["status", "sent_at"], name="outbox_status_sent_at"),
            models.Index(fields=["status", "created_at"], name="outbox_status_created_at"),
        ]
        # On PostgreSQL the privacy tools' search of the address in any recipient, subject or text has
        # trigram indexes of its own (migration 0009_outbox_privacy_search_indexes; none of the HTML, 0011).
        permissions = [("view_email_links", _("Can see the private links in emails"))]

    def __str__(self):
        return self.subject

    @staticmethod
    def backoff(attempts):
        """Wait 1, 2, 4 … minutes between tries (EMAIL_RETRY_SECONDS doubled), at most six hours."""
        return timedelta(seconds=min(settings.EMAIL_RETRY_SECONDS * 2 ** max(attempts - 1, 0), 6 * 3600))

    @classmethod
    def due(cls):
        return cls.objects.filter(status=cls.Status.PENDING, next_attempt_at__lte=timezone.now())

    def mark_failed_attempt(self, error):
        self.attempts += 1
        self.last_error = str(error)[:2000]
        self.next_attempt_at = timezone.now() + self.backoff(self.attempts)
        if self.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            self.status = self.Status.FAILED
        self.save(update_fields=["attempts", "last_error", "next_attempt_at", "status"])


class SubmissionReceipt(models.Model):
    """Remembers which stored object a public form's one-time token produced.

    Every public form carries a random token; submitting the same form twice (a double click, a
    reload, two tabs racing) finds the first object here instead of storing a second one.
    """

    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True)
    object_id = models.CharField(max_length=64, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("submission receipt")
        verbose_name_plural = _("submission receipts")

    def __str__(self):
        return str(self.token)


class PageSubmission(models.Model):
    """A page sent in from a public form (an association entry, an association's event) and its
    moderation: who sent it, in which language, and what the moderators decided.

    The submitter follows it through `get_status_url()`, a private link made from `token`.
    See engagement/moderation.py.
    """

    class Status(models.TextChoices):
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        # Wagtail's "Request changes": the submitter may send a corrected version.
        CHANGES_REQUESTED = "changes", _("Changes requested")
        REJECTED = "rejected", _("Not approved")
        SUPERSEDED = "superseded", _("Replaced by a newer submission")
        CANCELLED = "cancelled", _("Cancelled")

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("revision"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A new page sent in waits here, without `page`, until the task worker has made its draft under
    # `parent` (engagement.moderation.make_submitted_page).
    parent = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("parent page"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState",
        verbose_name=_("workflow"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association entry")
        EVENT = "event", _("Association's event")

    kind = models.CharField(_("kind"), max_length=40, db_index=True, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    submitter_name = models.CharField(_("submitter's name"), max_length=150)
    submitter_email = models.EmailField(_("submitter's email"))
    language = models.CharField(_("language"), max_length=8)
    message = models.TextField(_("message to the moderators"), blank=True)
    # What the form sent (without the submitter's own name, email and message), as JSON: an update of
    # a live page waits here until a moderator applies it, the texts in the other language become that
    # language's page at approval, and a corrected version starts from it.
    content = models.JSONField(_("content sent"), default=dict, blank=True)
    token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IN_REVIEW)
    moderator_comment = models.TextField(_("moderator's comment"), blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("page submission")
        verbose_name_plural = _("page submissions")
        ordering = ["-created_at"]
        # The privacy tools find a submitter by address, in any case.
        indexes = [models.Index(Upper("submitter_email"), name="pagesubmission_email_upper")]

    def __str__(self):
        return self.title

    def get_status_url(self):
        """The submitter's private status page, under the language prefix they used."""
        with translation.override(self.language):
            return reverse("engagement:submission_status", args=[self.token])

    @property
    def is_queued_update(self):
        """An update of a live page that waits here, outside the page's revisions and workflows."""
        return self.page_id is not None and self.workflow_state_id is None and self.revision_id is None

    @property
    def is_waiting_for_its_page(self):
        """A new page sent in whose draft the task worker has not made yet."""
        return self.page_id is None and self.parent_id is not None and self.status == self.Status.IN_REVIEW

    @property
    def can_be_corrected(self):
        return self.status == self.Status.CHANGES_REQUESTED
