"""The submitter's side of an association's event after sending it: ask the moderators for changes, or
cancel it (withdraw it from review, or take a published event off the site). Reached through the
private link in the submission emails; the token is the only key, as for the status page."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from engagement.emails import absolute_url, send_templated_email
from engagement.links import days_after_decision, expired_link_response, has_expired
from engagement.models import PageSubmission
from engagement.ratelimit import is_rate_limited, rate_limited_response

MODERATORS = "Moderators"


class ChangeRequestForm(forms.Form):
    message = forms.CharField(
        label=_("What should be changed?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        help_text=_("For example a new time or place. The moderators update the event and reply by email."),
    )


def moderator_emails():
    users = get_user_model().objects.filter(groups__name=MODERATORS, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _notify_moderators(submission, what, message=""):
    page = submission.page
    admin_url = ""
    if page is not None:
        admin_url = absolute_url(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    send_templated_email(
        to=moderator_emails(),
        template="events/emails/submission_update",
        context={"submission": submission, "what": what, "message": message, "admin_url": admin_url},
        language=settings.LANGUAGE_CODE,
        reply_to=[submission.submitter_email],
    )


def cancel_submission(submission):
    """Withdraw an event from review, or unpublish it if it was already approved."""
    with transaction.atomic():
        submission = PageSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.status in (PageSubmission.Status.CANCELLED, PageSubmission.Status.SUPERSEDED):
            return submission
        page = submission.page.specific if submission.page else None
        state = submission.workflow_state
        if state is not None and state.status == state.STATUS_IN_PROGRESS:
            state.cancel(user=None)
        if page is not None and page.live:
            page.unpublish(user=None, log_action=True)
        submission.status = PageSubmission.Status.CANCELLED
        submission.decided_at = timezone.now()
        submission.save(update_fields=["status", "decided_at"])
        _notify_moderators(submission, "cancelled")
    return submission


CLOSED_STATUSES = (PageSubmission.Status.REJECTED, PageSubmission.Status.SUPERSEDED, PageSubmission.Status.CANCELLED)


def manage_link_expired(submission, now=None):
    """The manage link can unpublish the event: it works until the event has ended, and for a while after
    the submission was rejected, replaced or cancelled (so the submitter sees what happened)."""
    page = submission.page.specific if submission.page is not None else None
    if page is not None and has_expired(page.ends_at, now):
        return True
    if submission.status in CLOSED_STATUSES and submission.decided_at:
        return has_expired(submission.decided_at + days_after_decision(), now)
    return False


@never_cache
def manage_submission(request, token):
    if request.method == "POST" and is_rate_limited(request, "event-submission:manage"):
        return rate_limited_response(request)
    submission = PageSubmission.objects.filter(token=token, kind="event").select_related("page").first()
    if submission is None:
        raise Http404
    if manage_link_expired(submission):
        return expired_link_response(request)
    form = ChangeRequestForm()
    done = ""
    active = submission.status in (PageSubmission.Status.IN_REVIEW, PageSubmission.Status.APPROVED)
    if request.method == "POST" and active:
        if request.POST.get("action") == "cancel":
            submission = cancel_submission(submission)
            done = "cancelled"
        else:
            form = ChangeRequestForm(request.POST)
            if form.is_valid():
                _notify_moderators(submission, "changes", form.cleaned_data["message"])
                done = "changes"
                form = ChangeRequestForm()
    active = submission.status in (PageSubmission.Status.IN_REVIEW, PageSubmission.Status.APPROVED)
    return TemplateResponse(
        request,
        "events/manage_submission.html",
        {"submission": submission, "form": form, "done": done, "active": active},
    )
