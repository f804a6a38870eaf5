"""Views for the links in proposal emails (confirm, withdraw, the proposer's private page); the JSON API is in api.py.

Links in emails only show a page on GET; what they change happens on POST, so that mail scanners
that open links do not confirm or withdraw anything.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from engagement.links import days_after_decision, expired_link_response, has_expired
from engagement.ratelimit import is_rate_limited, rate_limited_response

from . import services
from .forms import PendingEditForm
from .models import Follower, Proposal, Support


def _render(request, template, context, status=200):
    response = TemplateResponse(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


def _confirm_context(request, token, kind):
    """The confirmation page names the proposal and links to it, so the person knows what they confirm."""
    proposal = services.proposal_of_confirm_token(token, "s" if kind == "support" else "f")
    return {
        "kind": kind,
        "proposal": proposal,
        "proposal_url": services.public_url(proposal, request.LANGUAGE_CODE, full=False) if proposal else "",
    }


def confirm_support(request, token):
    if request.method == "POST":
        if is_rate_limited(request, "proposals:confirm"):
            return rate_limited_response(request)
        status, support = services.confirm_support(token)
        proposal = support.proposal if support else None
        return _render(
            request,
            "proposals/link_result.html",
            {"status": status, "kind": "support", "proposal": proposal,
             "proposal_url": services.public_url(proposal, request.LANGUAGE_CODE, full=False) if proposal else ""},
            status=200 if status in ("confirmed", "used") else 400,
        )
    return _render(request, "proposals/confirm.html", _confirm_context(request, token, "support"))


def confirm_follow(request, token):
    if request.method == "POST":
        if is_rate_limited(request, "proposals:confirm"):
            return rate_limited_response(request)
        status, follower = services.confirm_follow(token)
        proposal = follower.proposal if follower else None
        return _render(
            request,
            "proposals/link_result.html",
            {"status": status, "kind": "follow", "proposal": proposal,
             "proposal_url": services.public_url(proposal, request.LANGUAGE_CODE, full=False) if proposal else ""},
            status=200 if status in ("confirmed", "used") else 400,
        )
    return _render(request, "proposals/confirm.html", _confirm_context(request, token, "follow"))


def withdraw_support(request, token):
    if request.method == "POST" and is_rate_limited(request, "proposals:withdraw"):
        return rate_limited_response(request)
    support = get_object_or_404(Support.objects.select_related("proposal"), token=token)
    if has_expired(support.proposal.closed_at):
        return expired_link_response(request)  # a closed proposal's supports are part of its record
    if request.method == "POST":
        services.withdraw_support(support)
        return _render(
            request,
            "proposals/link_result.html",
            {"status": "withdrawn", "kind": "support", "proposal": support.proposal,
             "proposal_url": services.public_url(support.proposal, request.LANGUAGE_CODE, full=False)},
        )
    return _render(request, "proposals/withdraw.html", {"support": support, "proposal": support.proposal})


def unfollow(request, token):
    if request.method == "POST" and is_rate_limited(request, "proposals:unfollow"):
        return rate_limited_response(request)
    follower = get_object_or_404(Follower.objects.select_related("proposal"), token=token)
    if request.method == "POST":
        proposal = follower.proposal
        follower.delete()
        return _render(
            request,
            "proposals/link_result.html",
            {"status": "unfollowed", "kind": "follow", "proposal": proposal,
             "proposal_url": services.public_url(proposal, request.LANGUAGE_CODE, full=False)},
        )
    return _render(request, "proposals/unfollow.html", {"proposal": follower.proposal})


def private(request, token):
    """The proposer's own page: follow the proposal, and edit it while it waits for moderation."""
    proposal = get_object_or_404(Proposal.objects.select_related("state"), private_token=token)
    decided_at = None if proposal.is_pending else (proposal.published_at or proposal.closed_at or proposal.updated_at)
    if decided_at is not None and has_expired(decided_at + days_after_decision()):
        return expired_link_response(request)
    saved = False
    form = None
    if proposal.is_pending:
        if request.method == "POST":
            if is_rate_limited(request, "proposals:private"):
                return rate_limited_response(request)
            form = PendingEditForm(request.POST, instance=proposal)
            if form.is_valid():
                updated = Proposal.objects.filter(pk=proposal.pk, moderation=Proposal.Moderation.PENDING).update(
                    **{field: form.cleaned_data[field] for field in form.Meta.fields}
                )
                if not updated:
                    raise Http404
                saved = True
                proposal.refresh_from_db()
                form = PendingEditForm(instance=proposal)
        else:
            form = PendingEditForm(instance=proposal)
    return _render(
        request,
        "proposals/private.html",
        {
            "proposal": proposal,
            "form": form,
            "saved": saved,
            "count": proposal.confirmed_supports().count(),
            "public_url": services.public_url(proposal, request.LANGUAGE_CODE, full=False)
            if proposal.moderation == Proposal.Moderation.PUBLISHED
            else "",
        },
    )
