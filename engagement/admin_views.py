"""Moderators' side of updates queued from the public forms: see what would change on the live page,
then apply it or ask the submitter for changes (see engagement/moderation.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.components import Component

from . import moderation
from .models import PageSubmission


class ChangesForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("What should the submitter change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Sent to the submitter by email and shown on their status page."),
    )


OTHER_TEXT_LABELS = {
    "name_other": gettext_lazy("Name"),
    "title_other": gettext_lazy("Title"),
    "intro_other": gettext_lazy("Short description"),
    "summary_other": gettext_lazy("Summary"),
    "description_other": gettext_lazy("Longer description"),
    "how_to_join_other": gettext_lazy("How to join"),
}


def can_moderate(user, page):
    return page is not None and page.permissions_for_user(user).can_publish()


def proposed_changes(submission):
    """[(label, live value, proposed value)] for the fields the update would change."""
    page = submission.page.specific
    preview = type(page).objects.get(pk=page.pk)
    kind = moderation._kind(submission.kind)
    kind.apply(preview, submission.content)
    rows = []
    for field in ["title", *[f.name for f in type(page)._meta.get_fields() if getattr(f, "concrete", False)]]:
        if field in ("id", "page_ptr", "path", "depth", "numchild", "url_path", "latest_revision",
                     "draft_title", "translation_key", "locale", "live_revision", "content_type"):
            continue
        try:
            before, after = getattr(page, field), getattr(preview, field)
        except Exception:  # noqa: BLE001 - a field without a plain value
            continue
        if str(before) != str(after) and (field == "title" or field not in [row[0] for row in rows]):
            label = type(page)._meta.get_field(field).verbose_name if field != "title" else _("title")
            rows.append((field, label, before, after))
    before = sorted(str(c) for c in page.categories.all()) if hasattr(page, "categories") else []
    after = sorted(str(c) for c in preview.categories.all()) if hasattr(preview, "categories") else []
    if before != after:
        rows.append(("categories", _("categories"), ", ".join(before), ", ".join(after)))
    return [(label, before, after) for _field, label, before, after in rows]


def review_update(request, pk):
    submission = get_object_or_404(PageSubmission.objects.select_related("page"), pk=pk)
    page = submission.page.specific if submission.page else None
    if not submission.is_queued_update or not can_moderate(request.user, page):
        raise PermissionDenied
    form = ChangesForm()
    # An update whose content was erased at the submitter's request has nothing left to apply.
    pending = submission.status == PageSubmission.Status.IN_REVIEW and bool(submission.content)
    if request.method == "POST" and pending:
        if request.POST.get("action") == "apply":
            try:
                moderation.apply_update(submission, request.user)
            except moderation.StaffWorkInProgress:
                messages.error(request, _("Not applied: the page has unpublished changes or a workflow in progress."))
                return redirect("submission_update_review", pk)
            messages.success(request, _("The update was published."))
            return redirect("wagtailadmin_home")
        form = ChangesForm(request.POST)
        if form.is_valid():
            moderation.request_changes(submission, request.user, form.cleaned_data["comment"])
            messages.success(request, _("The submitter was asked for changes."))
            return redirect("wagtailadmin_home")
    return TemplateResponse(
        request,
        "engagement/admin/review_update.html",
        {
            "page_title": _("Update of %(title)s") % {"title": page.title},
            "submission": submission,
            "page": page,
            "rows": proposed_changes(submission) if pending else [],
            "other_texts": [
                (label, submission.content[key]) for key, label in OTHER_TEXT_LABELS.items() if submission.content.get(key)
            ],
            "staff_work": moderation.staff_work_in_progress(page),
            "pending": pending,
            "form": form,
        },
    )


class PendingUpdatesPanel(Component):
    """On the moderators' dashboard: updates of live pages waiting to be applied."""

    name = "pending_submission_updates"
    order = 90
    template_name = "engagement/admin/pending_updates_panel.html"

    def __init__(self, submissions):
        self.submissions = submissions

    def get_context_data(self, parent_context):
        return {
            "submissions": [
                (submission, reverse("submission_update_review", args=[submission.pk]))
                for submission in self.submissions
            ]
        }
