"""Every change of state of a consultation's comments, each in a transaction: comment, report, agree,
moderate (approve, reject, reply), publish the summary (with its emails), erase an email.

Staff screens, the API and the privacy tools call these; nothing else changes a comment's status.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from engagement.emails import page_url, send_templated_email

from .caching import bump
from .models import (
    REPORTS_TO_HIDE,
    Answer,
    Comment,
    CommentAgreement,
    CommentReport,
    ModerationMode,
    QuestionKind,
    SectionSummary,
)


class ConsultationClosed(Exception):
    """The consultation does not take comments now."""


class SummaryNotReady(Exception):
    """The summary cannot be published: the consultation is still open, or nothing is written."""


def browser_hash(token):
    """The stored form of a browser's token (from its signed cookie): a keyed hash, so the token itself
    is never stored and a stored value cannot be turned back into a cookie."""
    return salted_hmac("consultations.browser", str(token), algorithm="sha256").hexdigest()[:64]


def _answers(consultation, section, choices, language, comment=None):
    if section is None or not section.has_question or not choices:
        return []
    valid = {number for number, _label in section.choices()}
    chosen = [int(choice) for choice in choices if int(choice) in valid]
    if section.question_kind != QuestionKind.MULTIPLE:
        chosen = chosen[:1]
    return Answer.objects.bulk_create(
        Answer(consultation=consultation, section=section, comment=comment, choice=choice, language=language)
        for choice in dict.fromkeys(chosen)
    )


@transaction.atomic
def submit_comment(consultation, *, text, language, section=None, nickname="", email="", choices=(), now=None):
    """Store a resident's comment (and their answer to the section's question). Pre-moderation: pending
    until a moderator approves it; post-moderation: published at once. An answer without a comment is
    stored too, and returns None."""
    if not consultation.is_open(now):
        raise ConsultationClosed
    comment = None
    if text:
        status = Comment.Status.PUBLISHED if consultation.moderation == ModerationMode.POST else Comment.Status.PENDING
        comment = Comment.objects.create(
            consultation=consultation, section=section, text=text, nickname=nickname, email=email,
            language=language, status=status,
        )
    _answers(consultation, section, choices, language, comment)
    return comment


@transaction.atomic
def report(comment, browser, reason=""):
    """One report per browser; at REPORTS_TO_HIDE reports a published comment is hidden until a
    moderator decides. Returns True when this report was new."""
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, browser=browser, reason=reason[:500])
    except IntegrityError:
        return False
    Comment.objects.filter(pk=comment.pk).update(reports_count=F("reports_count") + 1)
    Comment.objects.filter(
        pk=comment.pk, status=Comment.Status.PUBLISHED, reports_count__gte=REPORTS_TO_HIDE
    ).update(status=Comment.Status.HIDDEN)
    bump(comment.consultation_id)
    comment.refresh_from_db(fields=["reports_count", "status"])
    return True


@transaction.atomic
def agree(comment, browser):
    """'I agree', once per browser, only with a published comment. Returns True when it counted."""
    if comment.status != Comment.Status.PUBLISHED:
        return False
    try:
        with transaction.atomic():
            CommentAgreement.objects.create(comment=comment, browser=browser)
    except IntegrityError:
        return False
    Comment.objects.filter(pk=comment.pk).update(agree_count=F("agree_count") + 1)
    bump(comment.consultation_id)
    comment.refresh_from_db(fields=["agree_count"])
    return True


def _moderate(comment, user, status, note=""):
    comment.status = status
    comment.moderated_at = timezone.now()
    comment.moderated_by = user
    if note:
        comment.moderation_note = note
    comment.save(update_fields=["status", "moderated_at", "moderated_by", "moderation_note"])
    return comment


@transaction.atomic
def approve(comment, user):
    """Publish a pending comment, or restore one hidden after reports (its reports are then settled:
    the count starts again, so three new reports hide it again)."""
    if comment.status == Comment.Status.HIDDEN:
        comment.reports.all().delete()
        comment.reports_count = 0
        comment.save(update_fields=["reports_count"])
    return _moderate(comment, user, Comment.Status.PUBLISHED)


@transaction.atomic
def reject(comment, user, note=""):
    """Never shown again (it stays for the record and the report)."""
    return _moderate(comment, user, Comment.Status.REJECTED, note)


@transaction.atomic
def reply(comment, user, text):
    """The municipality's public reply under a comment."""
    comment.reply = text
    comment.replied_at = timezone.now() if text else None
    comment.replied_by = user if text else None
    comment.save(update_fields=["reply", "replied_at", "replied_by"])
    return comment


@transaction.atomic
def publish_summary(consultation, now=None):
    """Publish the written section summaries of every language of the consultation, and email everyone
    who left an address, once, in the language they commented in, with a link to the page in that
    language. Returns the number of emails queued."""
    now = now or timezone.now()
    if consultation.is_open(now) or now < consultation.opens_at:
        raise SummaryNotReady("open")
    summaries = SectionSummary.objects.of(consultation)
    if not summaries.exists():
        raise SummaryNotReady("empty")
    summaries.filter(published_at__isnull=True).update(published_at=now)
    pages = {page.locale.language_code[:2]: page for page in consultation.get_translations(inclusive=True).live().specific()}
    recipients = {}
    for comment in Comment.objects.of(consultation).with_email().filter(summary_sent_at__isnull=True).order_by("created_at"):
        recipients.setdefault(comment.email.strip().lower(), (comment.email, comment.language))
    sent = 0
    for address, language in recipients.values():
        page = pages.get(language) or consultation
        send_templated_email(
            to=[address],
            template="consultations/emails/summary",
            context={"consultation": page, "url": page_url(page, language), "summaries": _summaries_of(page)},
            language=language,
        )
        sent += 1
    Comment.objects.of(consultation).with_email().filter(summary_sent_at__isnull=True).update(summary_sent_at=now)
    bump(consultation.pk)
    return sent


def _summaries_of(page):
    """The published summaries of one language's page, in the order of its sections (the whole draft first)."""
    summaries = SectionSummary.objects.filter(consultation=page).published().select_related("section")
    return sorted(summaries, key=lambda summary: (summary.section_id is not None, getattr(summary.section, "sort_order", 0) or 0))


def erase_emails(comments, now=None):
    """Blank the email of the given comments (retention and the privacy tools). Returns how many."""
    return comments.exclude(email="").update(email="", email_erased_at=now or timezone.now())


@transaction.atomic
def erase_comments(comments, now=None):
    """The privacy tools' erasure: the comments leave the page for good (rejected), and their text,
    nickname, email and reply are emptied; answers to questions stay in the results, anonymous."""
    now = now or timezone.now()
    transaction.on_commit(bump)
    return Comment.objects.filter(pk__in=[comment.pk for comment in comments]).update(
        text="", nickname="", email="", reply="", moderation_note="", status=Comment.Status.REJECTED,
        email_erased_at=now,
    )
