"""The submitter's side of an association's event: what the form's content makes of the page (in one
language or both), and, after sending it, asking the moderators for changes or cancelling it (withdraw
it from review, or take a published event off the site). Reached through the private link in the
submission emails; the token is the only key, as for the status page."""

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.models import Locale

from engagement.emails import absolute_url, send_staff_email
from engagement.forms import TypedTextMixin
from engagement.links import days_after_decision, expired_link_response, has_expired
from engagement.models import PageSubmission
from engagement.ratelimit import is_rate_limited, rate_limited_response
from home.caching import active_locale_id
from home.groups import MODERATORS
from home.models import AssociationPage

from .models import EventCategory


def _texts(content, other):
    suffix = "_other" if other else ""
    return {
        "title": content.get(f"title{suffix}") or "",
        "intro": content.get(f"summary{suffix}") or "",
        "description": "".join(
            f"<p>{escape(line)}</p>" for line in (content.get(f"description{suffix}") or "").splitlines() if line.strip()
        ),
    }


def _in_locale(obj, locale):
    """The translation of a page or snippet in `locale`, or the object itself when it has none."""
    if obj is None:
        return None
    return obj.get_translation_or_none(locale) or obj


def fill_event(page, content, locale, other=False):
    """Put a submission's content on `page` (not saved): the texts of its language (`other`: the
    other language's), the association and category as their translations in `locale`."""
    page.title, page.intro, page.description = (
        _texts(content, other)["title"], _texts(content, other)["intro"], _texts(content, other)["description"]
    )
    page.start = _aware(content["start"])
    page.end = _aware(content.get("end"))
    page.place_name = content.get("place_name") or ""
    page.address = content.get("address") or ""
    page.online_url = content.get("online_url") or ""
    page.organiser = _in_locale(AssociationPage.objects.filter(pk=content.get("association")).first(), locale)
    page.category = _in_locale(EventCategory.objects.filter(pk=content.get("category")).first(), locale)
    page.languages = ["fi", "sv"] if content.get("language") == "both" else [content.get("language") or locale.language_code]


def new_event_page(submission):
    """The draft of a new event, from what was sent (engagement.moderation.make_page), in the language of
    the events page it goes under. The page type sits above this module: found by name."""
    page = apps.get_model("events", "EventPage")(live=False)
    fill_event(page, submission.content, submission.parent.locale)
    return page


def _aware(value):
    if not value:
        return None
    parsed = parse_datetime(value)
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def other_texts_note(data):
    """The other language's texts in the note to moderators, so that they review them too."""
    message = data.get("message", "")
    if data.get("language") != "both":
        return message
    lines = [
        f"{_('Title')}: {data['title_other']}",
        f"{_('Summary')}: {data['summary_other']}",
    ]
    if data.get("description_other"):
        lines.append(f"{_('Description')}: {data['description_other']}")
    note = _("Published in the other language at approval:")
    return "\n\n".join(part for part in [message, note + "\n" + "\n".join(lines)] if part).strip()


def publish_translation(submission, page):
    """After approval of an event given in both languages: the event in the other language, with the
    texts given in it and the organiser and category in that language."""
    content = submission.content
    if content.get("language") != "both":
        return None
    locale = Locale.objects.exclude(pk=page.locale_id).filter(language_code__in=["fi", "sv"]).first()
    if locale is None or page.get_translation_or_none(locale) is not None:
        return None
    if page.get_parent().get_translation_or_none(locale) is None:
        return None
    translated = page.copy_for_translation(locale)
    fill_event(translated, content, locale, other=content.get("_language") == page.locale.language_code)
    translated.save_revision(log_action=True).publish()
    return translated


def correction_url(submission):
    """The submission form of the events page in the active language, filled in from `submission`."""
    query = "?" + urlencode({"submission": submission.token})
    index = submission.page.get_parent().specific if submission.page is not None else None
    if index is not None:
        index = index.get_translation_or_none(active_locale_id()) or index
    if index is None or not index.live or index.url is None:
        return reverse("events:submit") + query  # the old address, which finds the events page
    return index.submit_url + query


class ChangeRequestForm(TypedTextMixin, forms.Form):
    message = forms.CharField(
        label=gettext_lazy("What should be changed?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        help_text=gettext_lazy("For example a new time or place. The moderators update the event and reply by email."),
    )


def moderator_emails():
    users = get_user_model().objects.filter(groups__name=MODERATORS, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _notify_moderators(submission, what, message=""):
    page = submission.page
    admin_url = ""
    if page is not None:
        admin_url = absolute_url(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    send_staff_email(
        to=moderator_emails(),
        template="events/emails/submission_update",
        context={"submission": submission, "what": what, "message": message, "admin_url": admin_url},
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
    submission = PageSubmission.objects.filter(token=token, kind=PageSubmission.Kind.EVENT).select_related("page").first()
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
