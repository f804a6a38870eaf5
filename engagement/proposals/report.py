"""The annual report to the council (Kuntalaki 23 §): proposals made in a year, their states and the
measures taken, as an admin page, a printable page and CSV."""

import itertools
from collections import Counter

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from kumppanuus.spreadsheets import csv_response

from .models import Proposal


def report_rows(year):
    """The year's proposals as report rows, read from the database in chunks (a generator)."""
    proposals = (
        Proposal.objects.filter(created_at__year=year)
        .exclude(moderation=Proposal.Moderation.REJECTED)
        .select_related("state", "association", "merged_into")
        .with_support_count()
        .order_by("created_at", "pk")
        .iterator(chunk_size=500)
    )
    for proposal in proposals:
        if proposal.association_id:
            proposer = proposal.association.title
        else:
            proposer = proposal.public_name or _("A resident")
        state = _("Merged into “%(title)s”") % {"title": proposal.merged_into.title} if proposal.merged_into_id else str(proposal.state)
        yield (
            {
                "proposal": proposal,
                "created": proposal.created_at.date(),
                "title": proposal.title,
                "proposer": proposer,
                "state": state,
                "supports": proposal.support_total,
                "threshold": proposal.threshold_reached_at.date() if proposal.threshold_reached_at else None,
                "decided": proposal.answer_date,
                "decided_by": proposal.answer_decided_by,
                "measures": proposal.measures,
            }
        )


def report_view(request):
    user = request.user
    if not (user.has_perm("proposals.view_proposal") or user.has_perm("proposals.change_proposal")):
        raise PermissionDenied
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2000), this_year + 1)
    can_export = user.has_perm("proposals.export_proposal")
    if request.GET.get("format") == "csv":
        if not can_export:
            raise PermissionDenied
        heading = [_("Received"), _("Title"), _("Proposer"), _("State"), _("Supports"), _("Threshold reached"),
                   _("Date of decision"), _("Decided by"), _("Measures taken")]
        lines = (
            [row["created"].isoformat(), row["title"], row["proposer"], row["state"], row["supports"],
             row["threshold"].isoformat() if row["threshold"] else "",
             row["decided"].isoformat() if row["decided"] else "", row["decided_by"] or "", row["measures"] or ""]
            for row in report_rows(year)
        )
        return csv_response(f"proposals-{year}.csv", itertools.chain([heading], lines))  # streamed
    rows = list(report_rows(year))
    states = Counter(row["state"] for row in rows)
    context = {
        "year": year,
        "years": list(range(this_year, this_year - 6, -1)),
        "rows": rows,
        "states": sorted(states.items()),
        "total": len(rows),
        "can_export": can_export,
        "page_title": _("Proposals: annual report"),
        "header_icon": "doc-full",
    }
    template = "proposals/admin/report_print.html" if request.GET.get("print") else "proposals/admin/report.html"
    return TemplateResponse(request, template, context)
