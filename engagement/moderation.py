"""Moderation of pages sent in from public forms, without an account (association entries, events).

    from engagement.moderation import register_submission_kind, submit_page_for_moderation

    register_submission_kind("event", template_prefix="events/emails/event_submission",
                             on_approved=make_translation, correction_url=form_url)  # in AppConfig.ready
    submission = submit_new_page(index, kind="event", title=title, submitter_name=name,  # a new page
                                 submitter_email=email, language=request.LANGUAGE_CODE,
                                 content=form_content(form))
    submission = submit_page_for_moderation(page, kind="event", ...)                 # a draft's new version

A new page (`submit_new_page`): the request stores a `PageSubmission` with the content sent and an
unguessable token, and emails the submitter a receipt with a private status link
(`submission.get_status_url()`). The draft page itself is made after the request by the task worker
(`make_submitted_page`, with the `make_submitted_pages` cron job as its safety net), in one
transaction: the kind's `new_page` hook builds it from the content, `add_submitted_page` puts it
under the parent, and `submit_page_for_moderation`'s steps save a revision and start the page's
Wagtail workflow (by default "Moderaattorien hyväksyntä / Moderatorernas godkännande"). A Wagtail
page, its revision, log entries and workflow cost tens of milliseconds under a listing with thousands
of pages; a request that only stores the submission stays cheap (issue 15).

An update of a live page (`queue_update`) touches neither the page, its revisions nor its workflows:
staff may be editing the same page. The update waits in its `PageSubmission` until a moderator applies
it (`apply_update`, from the admin), which builds on the live page, never on a draft, and refuses while
staff have unpublished changes or a workflow in progress on the page.

When a moderator approves (the page is published) or requests changes, the submitter is emailed in the
language they used; "changes requested" keeps the moderator's comment, and the status page offers the
form again, filled in with what was sent (`correction_url`). Templates: `<prefix>_received`,
`_approved`, `_rejected` (the changes request; each `_subject.txt`, `.txt`, `.html`); a missing one
falls back to the generic `engagement/emails/submission_*`. Context: submission, title, status_url,
page_url, comment, correction_url. They quote nothing the submitter typed (the address is
unconfirmed).
"""

import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.text import slugify
from django_tasks import task
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected

from .emails import absolute_url, compose_in_worker, kept, page_url, send_templated_email
from .models import PageSubmission

logger = logging.getLogger(__name__)

GENERIC_TEMPLATE_PREFIX = "engagement/emails/submission"
# Kept in their own fields, not in `content`, so that retention and erasure find them.
PERSONAL_FIELDS = ("submitter_name", "submitter_email", "message")
NOT_CONTENT = (*PERSONAL_FIELDS, "correction")
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")


@dataclass
class SubmissionKind:
    template_prefix: str
    # on_approved(submission, page): after the page went live, e.g. make its translation.
    on_approved: Callable | None = None
    # apply(page, content): put a queued update's content on `page` (the live page) without saving it.
    apply: Callable | None = None
    # correction_url(submission): the public form, filled in from the submission, to send a corrected version.
    correction_url: Callable | None = None
    # new_page(submission): a new draft page (not saved) built from `submission.content`, to go under
    # `submission.parent` (submit_new_page); `fallback_slug` when its title gives no slug.
    new_page: Callable | None = None
    fallback_slug: str = "sivu"


_kinds = {}


def register_submission_kind(kind, *, template_prefix, **hooks):
    """Declare a kind of submission, where its email templates are (`template_prefix`, e.g.
    "events/emails/event_submission"), and its hooks (see SubmissionKind). Called from the module's
    AppConfig.ready()."""
    _kinds[kind] = SubmissionKind(template_prefix=template_prefix, **hooks)


def _kind(kind):
    return _kinds.get(kind) or SubmissionKind(template_prefix=GENERIC_TEMPLATE_PREFIX)


def email_template(kind, event):
    """The template for `event` (received, approved, rejected) of `kind`, or the generic one."""
    prefix = _kind(kind).template_prefix
    try:
        get_template(f"{prefix}_{event}.txt")
        return f"{prefix}_{event}"
    except TemplateDoesNotExist:
        return f"{GENERIC_TEMPLATE_PREFIX}_{event}"


def form_content(form):
    """A public form's cleaned data as JSON for `PageSubmission.content`: pages and snippets by id, times
    as the form's own input format (so that the form can be filled in from it again)."""

    def plain(value):
        if isinstance(value, models.Model):
            return value.pk
        if isinstance(value, datetime):
            return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, (list, tuple, models.QuerySet)):
            return [plain(item) for item in value]
        return value

    return {key: plain(value) for key, value in form.cleaned_payload.items() if key not in NOT_CONTENT}


def correction_url(submission):
    """Where the submitter sends a corrected version, or "" when this submission cannot be corrected."""
    make = _kind(submission.kind).correction_url
    if not submission.can_be_corrected or make is None:
        return ""
    with translation.override(submission.language):
        return make(submission)


def submission_to_correct(token, kind):
    """The submission of `kind` whose status token is `token` and that the moderators asked changes to,
    or None. Anything that is not a token (it comes from a public form) is never looked up."""
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    return (
        PageSubmission.objects.filter(token=token, kind=kind, status=PageSubmission.Status.CHANGES_REQUESTED)
        .select_related("page")
        .first()
    )


def _notify(submission, event, comment=""):
    page = submission.page.specific if submission.page else None
    live_url = page_url(page, submission.language) if page is not None and page.live else ""
    fix_url = correction_url(submission)
    send_templated_email(
        to=[submission.submitter_email],
        template=email_template(submission.kind, event),
        # Only what is published is quoted (the live page's title), never what the submitter typed:
        # the address is unconfirmed (engagement/emails.py, "Receipts"). The status page shows the rest.
        context={
            "submission": submission,
            "title": page.title if live_url else "",
            "status_url": absolute_url(submission.get_status_url()),
            "page_url": live_url,
            "comment": comment,
            "correction_url": absolute_url(fix_url),
        },
        language=submission.language,
        receipt=event == "received",
    )


def _supersede(submission):
    """A corrected version replaces `submission`: its workflow (ours, never staff's) ends."""
    if submission is None:
        return
    state = submission.workflow_state
    if state is not None and state.status in (state.STATUS_IN_PROGRESS, state.STATUS_NEEDS_CHANGES):
        state.cancel(user=None)
    submission.status = PageSubmission.Status.SUPERSEDED
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "decided_at"])


def _create(page, *, kind, submitter_name, submitter_email, language, message, content, revision=None, state=None,
            parent=None, title=None):
    submission = PageSubmission.objects.create(
        page=page,
        parent=parent,
        revision=revision,
        workflow_state=state,
        kind=kind,
        title=(page.title if title is None else title)[:255],
        submitter_name=submitter_name,
        submitter_email=submitter_email,
        language=language,
        message=message,
        content=content or {},
        token=secrets.token_urlsafe(32),
    )
    # The receipt is composed by the task worker, queued with the submission (engagement/emails.py).
    compose_in_worker(send_receipt, submission.pk)
    return submission


@task()
def send_receipt(submission_id: int) -> bool:
    """The submitter's receipt of a submission (in a savepoint: an error is logged, the submission kept)."""
    submission = PageSubmission.objects.select_related("page").filter(pk=submission_id).first()
    if submission is None or not submission.submitter_email:
        return False
    with kept(f"the receipt of submission {submission_id}"):
        _notify(submission, "received")
        return True
    return False


@transaction.atomic
def add_submitted_page(parent, page, fallback_slug="sivu"):
    """Put a new draft `page` under `parent` with a slug no sibling has, and return it.

    The parent's row is locked until the transaction ends, so submissions to one listing at the same
    moment take their turns: each sees the slugs and the tree position (treebeard numbers a child after
    the last one) of those before it, instead of colliding on either (a 500 under concurrent posts).
    """
    with transaction.atomic():
        locked = Page.objects.select_for_update().get(pk=parent.pk)
        allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)  # as the editors' pages
        base = slugify(page.slug or page.title, allow_unicode=allow_unicode)[:70] or fallback_slug
        taken = set(locked.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        page.slug = slug
        return locked.add_child(instance=page)


def submit_page_for_moderation(
    page, *, kind, submitter_name, submitter_email, language, message="", content=None, replaces=None
):
    """Save a revision of `page`, a draft that was never published, send it to moderation and tell the
    submitter. `replaces`: the earlier submission of the same draft that this corrected version replaces.

    A page that is live, or in a workflow that is not this submitter's, is never touched: the update is
    queued instead (see `queue_update`), so that staff work on the page is not disturbed.
    """
    _supersede(replaces)
    active = page.current_workflow_state
    if page.live or page.first_published_at is not None or active is not None:
        return queue_update(
            page, kind=kind, submitter_name=submitter_name, submitter_email=submitter_email,
            language=language, message=message, content=content,
        )
    revision, state = _start_moderation(page)
    return _create(
        page, kind=kind, submitter_name=submitter_name, submitter_email=submitter_email, language=language,
        message=message, content=content, revision=revision, state=state,
    )


def _start_moderation(page):
    """Save a revision of the draft `page` and start its workflow: (revision, workflow state or None)."""
    revision = page.save_revision(log_action=True)
    workflow = page.get_workflow()
    state = None
    if workflow is not None:
        state = workflow.start(page, user=None)
    else:  # moderators publish the draft by hand
        logger.warning("No workflow for page %s; submission left as a draft revision", page.pk)
    return revision, state


@transaction.atomic
def submit_new_page(
    parent, *, kind, title, submitter_name, submitter_email, language, message="", content=None, replaces=None
):
    """A new page for `parent`, sent in from a public form: store the submission, tell the submitter, and
    queue the making of its draft (`make_submitted_page`) in the same transaction. `replaces`: the
    earlier submission this corrected version replaces."""
    _supersede(replaces)
    submission = _create(
        None, kind=kind, submitter_name=submitter_name, submitter_email=submitter_email, language=language,
        message=message, content=content, parent=parent, title=title,
    )
    try:
        result = make_submitted_page.enqueue(submission.pk)
    except Exception:  # noqa: BLE001 - the submission is the safety net: cron makes the page
        logger.exception("Could not queue the page of submission %s; make_submitted_pages (cron) will make it", submission.pk)
        return submission
    if result.is_finished:  # a queue that runs tasks at once (tests, development): the page is there
        submission.refresh_from_db()
    return submission


@task()
def make_submitted_page(submission_id: int) -> str:
    """The task: make the draft page of a new page's submission (see `make_page`)."""
    return make_page(submission_id)


@transaction.atomic
def make_page(submission_id):
    """Make the draft page of a submission waiting for it, put it under its parent, save its revision
    and start its workflow, all in one transaction; "made", or "skipped" when there is nothing to make
    (made already, cancelled, its content erased, its parent deleted). Two workers never make it twice:
    the submission's row is locked and looked at again."""
    submission = (
        PageSubmission.objects.select_for_update()
        .filter(pk=submission_id, page__isnull=True, parent__isnull=False, status=PageSubmission.Status.IN_REVIEW)
        .select_related("parent")
        .first()
    )
    kind = _kind(submission.kind) if submission is not None else None
    if submission is None or kind.new_page is None or not submission.content:
        return "skipped"
    page = kind.new_page(submission)
    add_submitted_page(submission.parent.specific, page, fallback_slug=kind.fallback_slug)
    submission.revision, submission.workflow_state = _start_moderation(page)
    submission.page = page
    submission.title = page.title[:255]
    submission.save(update_fields=["page", "revision", "workflow_state", "title"])
    return "made"


def make_waiting_pages(older_than=timedelta(minutes=1), limit=200):
    """The safety net of the task queue (cron): make the pages of submissions still waiting for theirs
    after `older_than`. Returns how many were made."""
    waiting = PageSubmission.objects.filter(
        page__isnull=True, parent__isnull=False, status=PageSubmission.Status.IN_REVIEW,
        created_at__lte=timezone.now() - older_than,
    )
    made = 0
    for submission_id in waiting.order_by("created_at").values_list("pk", flat=True)[:limit]:
        try:
            made += make_page(submission_id) == "made"
        except Exception:  # noqa: BLE001 - one broken submission must not stop the others
            logger.exception("Could not make the page of submission %s", submission_id)
    return made


@transaction.atomic
def queue_update(page, *, kind, submitter_name, submitter_email, language, message="", content=None, replaces=None):
    """Keep an update of a live page as its own submission, for a moderator to apply. Nothing about the
    page changes: no revision, no workflow started or cancelled."""
    _supersede(replaces)
    return _create(
        page, kind=kind, submitter_name=submitter_name, submitter_email=submitter_email, language=language,
        message=message, content=content,
    )


class StaffWorkInProgress(Exception):
    """The page has unpublished changes or a workflow in progress: an update is not applied over them."""


def staff_work_in_progress(page):
    return bool(page.has_unpublished_changes or page.workflow_in_progress)


def pending_updates():
    return PageSubmission.objects.filter(
        status=PageSubmission.Status.IN_REVIEW, page__isnull=False, workflow_state__isnull=True, revision__isnull=True
    )


@transaction.atomic
def apply_update(submission, user):
    """Publish a queued update: the live page with the submitted content on it, as a new revision.

    Raises StaffWorkInProgress, and changes nothing, while the page has a draft or a workflow in
    progress: the moderator applies the update after that work is published or discarded."""
    submission = PageSubmission.objects.select_for_update().get(pk=submission.pk)
    if not (submission.is_queued_update and submission.status == PageSubmission.Status.IN_REVIEW):
        raise ValueError("not a pending update")
    if not submission.content:  # erased on the submitter's request: nothing to apply
        raise ValueError("the update's content was erased")
    kind = _kind(submission.kind)
    page = type(submission.page).objects.select_for_update().get(pk=submission.page_id).specific
    if staff_work_in_progress(page):
        raise StaffWorkInProgress
    kind.apply(page, submission.content)  # the page row holds the live content, never a draft
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    submission.revision = revision
    submission.status = PageSubmission.Status.APPROVED
    submission.decided_at = timezone.now()
    submission.title = page.title[:255]
    submission.save(update_fields=["revision", "status", "decided_at", "title"])
    if kind.on_approved is not None:
        kind.on_approved(submission, page)
    _notify(submission, "approved")
    return submission


@transaction.atomic
def request_changes(submission, user, comment):
    """A moderator asks for changes to a queued update; the submitter may send a corrected version."""
    submission = PageSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != PageSubmission.Status.IN_REVIEW:
        raise ValueError("already decided")
    _changes_requested(submission, comment)
    return submission


def _changes_requested(submission, comment):
    submission.status = PageSubmission.Status.CHANGES_REQUESTED
    submission.decided_at = timezone.now()
    submission.moderator_comment = comment
    submission.save(update_fields=["status", "decided_at", "moderator_comment"])
    _notify(submission, "rejected", comment)


def _rejection_comment(state):
    task_state = state.task_states.filter(status=TaskState.STATUS_REJECTED).order_by("-finished_at").first()
    return task_state.comment if task_state else ""


def on_workflow_approved(sender, instance, **kwargs):
    for submission in PageSubmission.objects.filter(
        workflow_state=instance, status=PageSubmission.Status.IN_REVIEW
    ).select_related("page"):
        submission.status = PageSubmission.Status.APPROVED
        submission.decided_at = timezone.now()
        submission.save(update_fields=["status", "decided_at"])
        hook = _kind(submission.kind).on_approved
        if hook is not None and submission.page is not None:
            hook(submission, submission.page.specific)
        _notify(submission, "approved")


def on_workflow_rejected(sender, instance, **kwargs):
    """Wagtail's "Request changes": the submitter reads the comment and may send a corrected version."""
    comment = _rejection_comment(instance)
    for submission in PageSubmission.objects.filter(
        workflow_state=instance, status=PageSubmission.Status.IN_REVIEW
    ):
        _changes_requested(submission, comment)


def connect_signals():
    """From EngagementConfig.ready(): Wagtail's workflow decisions reach the submitters."""
    workflow_approved.connect(on_workflow_approved, sender=WorkflowState, dispatch_uid="engagement.moderation.approved")
    workflow_rejected.connect(on_workflow_rejected, sender=WorkflowState, dispatch_uid="engagement.moderation.rejected")
