"""Staff screens of consultations (not pages): moderating one comment (approve, reject, reply as the
municipality), the report of one consultation with the publishing of its summary, and the iCal feed of
open consultations' deadlines. Every change of state goes through services.py."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from kumppanuus.text import request_language

from . import feeds, services
from .models import Comment, SectionSummary
from .pages import ConsultationPage

MODERATE = "consultations.change_comment"
VIEW = "consultations.view_comment"
VIEW_EMAIL = "consultations.view_comment_email"
EXPORT = "consultations.export_comment"
PUBLISH_SUMMARY = "consultations.change_sectionsummary"


class RejectForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why (internal note)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Only staff see it. The comment is never shown again."),
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=gettext_lazy("Reply by the municipality"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Shown under the comment when it is published. Empty the text to remove the reply."),
    )


class Refused(Exception):
    """The user may not do this: answered with a 403 (Wagtail turns PermissionDenied into a redirect)."""


def _require(request, *permissions):
    if not any(request.user.has_perm(permission) for permission in permissions):
        raise Refused


def refused_is_403(view):
    """A refused staff screen answers 403 with a page that says so, not a redirect to the dashboard."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refused:
            return TemplateResponse(request, "consultations/admin/refused.html", {
                "page_title": _("No permission"), "header_icon": "warning",
            }, status=403)

    return wrapped


@refused_is_403
def moderate_view(request, pk):
    """One comment with its consultation, section, reports and answers; approve, reject or reply."""
    _require(request, VIEW)
    comment = get_object_or_404(
        Comment.objects.select_related("consultation", "section", "moderated_by", "replied_by"), pk=pk
    )
    action = request.POST.get("action") if request.method == "POST" else None
    reject_form = RejectForm(request.POST if action == "reject" else None)
    reply_form = ReplyForm(request.POST if action == "reply" else None, initial={"reply": comment.reply})
    if action:
        _require(request, MODERATE)
        if action == "approve":
            services.approve(comment, request.user)
            messages.success(request, _("The comment was published."))
            return redirect(_next_url(request))
        if action == "reject" and reject_form.is_valid():
            services.reject(comment, request.user, reject_form.cleaned_data["note"].strip())
            messages.success(request, _("The comment was rejected. It is not shown."))
            return redirect(_next_url(request))
        if action == "reply" and reply_form.is_valid():
            text = reply_form.cleaned_data["reply"].strip()
            services.reply(comment, request.user, text)
            messages.success(request, _("The reply was saved.") if text else _("The reply was removed."))
            return redirect("consultations_comment:edit", comment.pk)
        if action not in ("approve", "reject", "reply"):
            raise Refused
        messages.error(request, _("Please correct the errors below."))
    return TemplateResponse(request, "consultations/admin/moderate.html", {
        "comment": comment,
        "reports": comment.reports.order_by("created_at"),
        "answers": _answer_labels(comment),
        "reject_form": reject_form,
        "reply_form": reply_form,
        "can_moderate": request.user.has_perm(MODERATE),
        "show_email": request.user.has_perm(VIEW_EMAIL),
        "report_url": reverse("consultations_comment:report", args=[comment.consultation_id]),
        "index_url": reverse("consultations_comment:index"),
        "page_title": _("Comment #%(pk)s") % {"pk": comment.pk},
        "header_icon": "comment",
    })


def _next_url(request):
    """Back to the queue: the comments still waiting for a moderator."""
    return reverse("consultations_comment:index") + "?" + urlencode({"status": Comment.Status.PENDING})


def _answer_labels(comment):
    if not comment.section_id:
        return []
    labels = dict(comment.section.choices())
    return [labels.get(answer.choice, answer.choice) for answer in comment.answers.order_by("choice")]


def section_rows(page):
    """The report's table: for the whole draft and each section, the comments per language and status,
    over every language of the consultation (sections match by their translation key)."""
    rows = (
        Comment.objects.of(page).order_by()
        .values("section__translation_key", "language", "status").annotate(total=Count("pk"))
    )
    counts = {}
    for row in rows:
        counts.setdefault(row["section__translation_key"], []).append(row)

    def row_for(key, heading):
        found = counts.get(key, [])
        received = [row for row in found if row["status"] != Comment.Status.REJECTED]
        return {
            "heading": heading,
            "fi": sum(row["total"] for row in received if row["language"] == "fi"),
            "sv": sum(row["total"] for row in received if row["language"] == "sv"),
            "total": sum(row["total"] for row in received),
            "published": sum(row["total"] for row in found if row["status"] == Comment.Status.PUBLISHED),
            "pending": sum(row["total"] for row in found if row["status"] == Comment.Status.PENDING),
            "hidden": sum(row["total"] for row in found if row["status"] == Comment.Status.HIDDEN),
            "rejected": sum(row["total"] for row in found if row["status"] == Comment.Status.REJECTED),
        }

    sections = list(page.sections.all())
    table = [row_for(None, _("The whole draft"))] + [row_for(section.translation_key, section.heading) for section in sections]
    totals = {name: sum(row[name] for row in table) for name in ("fi", "sv", "total", "published", "pending", "hidden", "rejected")}
    return sections, table, totals


def _page_in_language(page, language):
    """The consultation's page in the admin user's language when it exists."""
    return ConsultationPage.objects.filter(translation_key=page.translation_key, locale__language_code=language).first() or page


@refused_is_403
def report_view(request, pk):
    """A consultation's report: comments per section and language, the question results (the numbers of
    the public chart), downloads of its comments, and the summary with its publishing."""
    _require(request, VIEW, MODERATE)
    page = get_object_or_404(ConsultationPage, pk=pk)
    page = _page_in_language(page, request_language())
    now = timezone.now()
    if request.method == "POST" and request.POST.get("action") == "publish_summary":
        _require(request, PUBLISH_SUMMARY)
        try:
            sent = services.publish_summary(page, now=now)
        except services.SummaryNotReady as error:
            if str(error) == "open":
                messages.error(request, _("The summary can be published only after the consultation has closed."))
            else:
                messages.error(request, _("Write the summary first: there is nothing to publish."))
        else:
            messages.success(request, _("The summary was published. %(count)s people were emailed.") % {"count": sent})
        return redirect("consultations_comment:report", page.pk)
    sections, table, totals = section_rows(page)
    results = page._results(sections)  # the public chart's own numbers
    summaries = list(
        SectionSummary.objects.of(page).select_related("section", "consultation__locale").order_by("consultation_id", "pk")
    )
    can_export = request.user.has_perm(EXPORT)
    index_url = reverse("consultations_comment:index")
    query = {"consultation": page.pk}
    return TemplateResponse(request, "consultations/admin/report.html", {
        "page": page,
        "table": table,
        "totals": totals,
        "questions": [(section, results[section.translation_key]) for section in sections if section.translation_key in results],
        "summaries": summaries,
        "summary_add_url": reverse("wagtailsnippets_consultations_sectionsummary:add"),
        "summary_edit_url_name": "wagtailsnippets_consultations_sectionsummary:edit",
        "can_publish": request.user.has_perm(PUBLISH_SUMMARY) and summaries and not page.is_open(now) and now >= page.opens_at,
        "unpublished": any(summary.published_at is None for summary in summaries),
        "is_open": page.is_open(now),
        "can_export": can_export,
        "csv_url": f"{index_url}?{urlencode({**query, 'export': 'csv'})}",
        "xlsx_url": f"{index_url}?{urlencode({**query, 'export': 'xlsx'})}",
        "comments_url": f"{index_url}?{urlencode(query)}",
        "pending_url": f"{index_url}?{urlencode({**query, 'status': Comment.Status.PENDING})}",
        "page_title": _("Report: %(title)s") % {"title": page.title},
        "header_icon": "doc-full",
    })


@refused_is_403
def report_index_view(request):
    """Every consultation, newest first, with a link to its report."""
    _require(request, VIEW, MODERATE)
    language = request_language()
    pages = {}
    for page in ConsultationPage.objects.select_related("locale").order_by("-closes_at", "pk"):
        if page.translation_key not in pages or page.locale.language_code == language:
            pages[page.translation_key] = page
    counts = dict(
        Comment.objects.order_by().values("consultation__translation_key").annotate(total=Count("pk"))
        .values_list("consultation__translation_key", "total")
    )
    pending = dict(
        Comment.objects.pending().order_by().values("consultation__translation_key").annotate(total=Count("pk"))
        .values_list("consultation__translation_key", "total")
    )
    rows = [
        {"page": page, "comments": counts.get(key, 0), "pending": pending.get(key, 0),
         "url": reverse("consultations_comment:report", args=[page.pk])}
        for key, page in pages.items()
    ]
    return TemplateResponse(request, "consultations/admin/report_index.html", {
        "rows": rows, "now": timezone.now(), "page_title": _("Consultation reports"), "header_icon": "doc-full",
    })


def deadlines_feed(request, language):
    """The open consultations' close times as an iCalendar feed, with the texts in `language`."""
    if language not in ("fi", "sv"):
        raise Http404
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        raise Http404
    pages = ConsultationPage.objects.live().public().open().filter(locale=locale).order_by("closes_at", "pk")
    with translation.override(language):
        content = feeds.deadlines_ics(list(pages[:500]), _("Consultations – deadlines for comments"))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="consultations.ics"'
    return response


