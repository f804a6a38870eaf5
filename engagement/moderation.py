"""Moderation of pages sent in from public forms, without an account (association entries, events).

    from engagement.moderation import register_submission_kind, submit_page_for_moderation

    register_submission_kind("event", template_prefix="events/emails/event_submission")  # e.g. in AppConfig.ready
    page = EventPage(title=..., live=False); index.add_child(instance=page)     # a draft, or an existing page
    submission = submit_page_for_moderation(page, kind="event", submitter_name=name,
                                            submitter_email=email, language=request.LANGUAGE_CODE)

This saves a revision, starts the page's Wagtail workflow (by default "Moderaattorien hyväksyntä /
Moderatorernas godkännande"), stores a
`PageSubmission` with an unguessable token and emails the submitter a receipt with a private status link
(`submission.get_status_url()`). When a moderator approves (the page is published) or rejects it in the
admin, the submitter is emailed in the language they used. Templates: `<prefix>_received`, `_approved`,
`_rejected` (each `_subject.txt`, `.txt`, `.html`); a missing one falls back to the generic
`engagement/emails/submission_*`. Context: submission, title, status_url, page_url, comment.
"""

import logging
import secrets

from django.db import transaction
from django.dispatch import receiver
from django.http import Http404
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from wagtail.models import WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected

from .emails import absolute_url, page_url, send_templated_email
from .models import PageSubmission

logger = logging.getLogger(__name__)

GENERIC_TEMPLATE_PREFIX = "engagement/emails/submission"
_kinds = {}


def register_submission_kind(kind, template_prefix="home/emails/association"):
    """Declare a kind of submission and where its email templates are."""
    _kinds[kind] = template_prefix


def email_template(kind, event):
    """The template for `event` (received, approved, rejected) of `kind`, or the generic one."""
    prefix = _kinds.get(kind, GENERIC_TEMPLATE_PREFIX)
    try:
        get_template(f"{prefix}_{event}.txt")
        return f"{prefix}_{event}"
    except TemplateDoesNotExist:
        return f"{GENERIC_TEMPLATE_PREFIX}_{event}"


def status_url(submission):
    """The private status page, under the language prefix the submitter used."""
    with translation.override(submission.language):
        return reverse("home:submission_status", args=[submission.token])


def absolute(path):
    return absolute_url(path)


def _notify(submission, event, comment=""):
    page = submission.page.specific if submission.page else None
    live_url = page_url(page, submission.language) if page is not None and page.live else ""
    send_templated_email(
        to=[submission.submitter_email],
        template=email_template(submission.kind, event),
        context={
            "submission": submission,
            "title": submission.title,
            "name": submission.submitter_name,
            "status_url": absolute(submission.get_status_url()),
            "page_url": live_url,
            "comment": comment,
        },
        language=submission.language,
    )


@transaction.atomic
def submit_page_for_moderation(page, *, kind, submitter_name, submitter_email, language, message=""):
    """Save a revision of `page` (already in the tree), send it to moderation and tell the submitter.

    A newer submission for the same page replaces one still in review: its workflow is cancelled.
    """
    revision = page.save_revision(log_action=True)
    active = page.current_workflow_state
    if active is not None:
        active.cancel(user=None)
        PageSubmission.objects.filter(workflow_state=active, status=PageSubmission.Status.IN_REVIEW).update(
            status=PageSubmission.Status.SUPERSEDED, decided_at=timezone.now()
        )
    workflow = page.get_workflow()
    state = None
    if workflow is not None:
        state = workflow.start(page, user=None)
    else:  # moderators publish the draft by hand
        logger.warning("No workflow for page %s; submission left as a draft revision", page.pk)
    submission = PageSubmission.objects.create(
        page=page,
        revision=revision,
        workflow_state=state,
        kind=kind,
        title=page.title[:255],
        submitter_name=submitter_name,
        submitter_email=submitter_email,
        language=language,
        message=message,
        token=secrets.token_urlsafe(32),
    )
    _notify(submission, "received")
    return submission


def _rejection_comment(state):
    task_state = state.task_states.filter(status="rejected").order_by("-finished_at").first()
    return task_state.comment if task_state else ""


@receiver(workflow_approved, sender=WorkflowState, dispatch_uid="engagement.moderation.approved")
def on_workflow_approved(sender, instance, **kwargs):
    for submission in PageSubmission.objects.filter(
        workflow_state=instance, status=PageSubmission.Status.IN_REVIEW
    ):
        submission.status = PageSubmission.Status.APPROVED
        submission.decided_at = timezone.now()
        submission.save(update_fields=["status", "decided_at"])
        _notify(submission, "approved")


@receiver(workflow_rejected, sender=WorkflowState, dispatch_uid="engagement.moderation.rejected")
def on_workflow_rejected(sender, instance, **kwargs):
    comment = _rejection_comment(instance)
    for submission in PageSubmission.objects.filter(
        workflow_state=instance, status=PageSubmission.Status.IN_REVIEW
    ):
        submission.status = PageSubmission.Status.REJECTED
        submission.decided_at = timezone.now()
        submission.moderator_comment = comment
        submission.save(update_fields=["status", "decided_at", "moderator_comment"])
        _notify(submission, "rejected", comment)


@never_cache
def submission_status(request, token):
    """The submitter's private view of their submission, by token; nothing personal is shown."""
    submission = PageSubmission.objects.filter(token=token).select_related("page").first()
    if submission is None:
        raise Http404
    page = submission.page.specific if submission.page else None
    return TemplateResponse(
        request,
        "engagement/submission_status.html",
        {"submission": submission, "page_url": page.url if page is not None and page.live else ""},
    )
