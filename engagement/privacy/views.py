"""The privacy tools in the admin: find a person's data by email, export it as JSON, erase it.

The email never goes into a URL (it would end up in access logs and browser history): the search,
export and erase forms are POSTs. Erasing takes two steps: the confirmation page lists what will be
erased, and only its POST with `confirm` erases, provided what is found is still what was listed.
"""

import json
from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from . import data
from .forms import EmailForm
from .log import record
from .models import PrivacyLogEntry
from .registry import kinds

PERMISSION = "privacy.use_privacy_tools"
LANGUAGE_NAMES = {"fi": gettext_lazy("Finnish"), "sv": gettext_lazy("Swedish")}


class Forbidden(Exception):
    pass


def _require_permission(request):
    if not request.user.has_perm(PERMISSION):
        raise Forbidden


def privacy_officers_only(view):
    """A real 403 for staff without the permission (Wagtail would turn PermissionDenied into a redirect)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Forbidden:
            return TemplateResponse(
                request, "privacy/admin/forbidden.html", {"page_title": _("Privacy tools")}, status=403
            )

    return wrapper


# Items listed per kind on the results and confirmation pages. The counts, the export and the erasure
# cover every item; a city's most active resident has thousands, and a page listing them all took seconds.
ITEMS_SHOWN = 20


def _rows(found, user):
    rows = []
    for kind in kinds():
        items = []
        for obj in found[kind.key][:ITEMS_SHOWN]:
            title, created_at, language = kind.describe(obj)
            items.append({
                "title": title,
                "created_at": created_at,
                "language": LANGUAGE_NAMES.get(language, language),
                "url": kind.admin_url(obj, user),
            })
        count = len(found[kind.key])
        rows.append({
            "key": kind.key, "label": kind.label, "erase_text": kind.erase_text, "count": count, "items": items,
            "more": count - len(items),
        })
    return rows


def _context(request, form, email=None, found=None, entry=None):
    context = {"form": form, "page_title": _("Privacy tools"), "header_icon": "lock"}
    if found is not None:
        counts = data.counts(found)
        context.update(
            email=email,
            rows=_rows(found, request.user),
            total=sum(counts.values()),
            fingerprint=data.fingerprint(found),
            earlier=PrivacyLogEntry.objects.filter(email_hash__in=data.email_hashes(email)).exclude(pk=entry.pk)[:20],
        )
    return context


@privacy_officers_only
def search_view(request):
    """GET: the form. POST: what is stored about the address, with counts per kind and links."""
    _require_permission(request)
    if request.method != "POST":
        return TemplateResponse(request, "privacy/admin/search.html", _context(request, EmailForm()))
    form = EmailForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(request, "privacy/admin/search.html", _context(request, form))
    email = data.normalise(form.cleaned_data["email"])
    found = data.find(email)
    entry = record(request.user, PrivacyLogEntry.Action.SEARCH, email, data.counts(found))
    return TemplateResponse(request, "privacy/admin/search.html", _context(request, form, email, found, entry))


@privacy_officers_only
@require_POST
def export_view(request):
    """Everything found, as one UTF-8 JSON file grouped by kind."""
    _require_permission(request)
    form = EmailForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(request, "privacy/admin/search.html", _context(request, form), status=400)
    email = data.normalise(form.cleaned_data["email"])
    with transaction.atomic():
        found = data.find(email)
        payload = data.export_data(email, found)
        record(request.user, PrivacyLogEntry.Action.EXPORT, email, data.counts(found))
    body = json.dumps(payload, ensure_ascii=False, indent=2)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    filename = f"personal-data-{data.email_hash(email)[:8]}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@privacy_officers_only
def erase_view(request):
    """Step 1 (GET, or POST without `confirm`): list what will be erased. Step 2 (POST with `confirm`): erase."""
    _require_permission(request)
    if request.method != "POST":
        return redirect("privacy_search")
    form = EmailForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(request, "privacy/admin/search.html", _context(request, form), status=400)
    email = data.normalise(form.cleaned_data["email"])
    if request.POST.get("confirm") == "yes":
        with transaction.atomic():
            found = data.find(email)
            if data.fingerprint(found) == request.POST.get("fingerprint"):
                found, erased = data.erase(email)
                record(request.user, PrivacyLogEntry.Action.ERASE, email, erased)
                total = sum(erased.values())
                messages.success(
                    request,
                    ngettext(
                        "%(count)s item erased. A search for the address now finds nothing to erase.",
                        "%(count)s items erased. A search for the address now finds nothing to erase.",
                        total,
                    ) % {"count": total},
                )
                return redirect("privacy_search")
        messages.warning(request, _("The data changed after the list was made. Check the list again."))
    found = data.find(email)
    entry = record(request.user, PrivacyLogEntry.Action.SEARCH, email, data.counts(found))
    context = _context(request, form, email, found, entry)
    context["page_title"] = _("Erase a person's data")
    return TemplateResponse(request, "privacy/admin/erase_confirm.html", context)
