"""Proposals' personal data for the privacy tools (engagement/privacy/): proposers, supporters and
followers.

- proposals: the proposer's name and email are emptied and the name is no longer shown; the text
  stays, published or not. An initiative is a public document whose text, state and answer the
  council is told about every year (Kuntalaki 23 §); nothing in it is personal once the name is gone.
- supports: a confirmed support keeps counting in the figures (the retention policy
  "proposal-supporters" empties the name and email), because the support count of an initiative is
  part of its record. Only while the proposal still takes supports is the support also withdrawn
  (`services.withdraw_support`), so that the person can support again and is counted once, never
  twice. A support never confirmed is deleted: it never counted.
- follows: deleted (the retention policy "proposal-followers").
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.privacy.registry import Kind, iso, register

from . import caching, services
from .models import Follower, Proposal, Support
from .retention import ClosedProposalFollowers, ClosedProposalSupporters


@register
class ProposalKind(Kind):
    key = "proposals"
    order = 20
    label = _("Proposals")
    erase_text = _(
        "The proposer's name and email are emptied and no name is shown. The text, the state and the answer "
        "stay: an initiative is a public document."
    )
    fields = {"proposals.Proposal": (
        "title", "summary", "text", "proposer_name", "proposer_email", "rejection_reason", "moderator_note",
        "answer_text", "answer_text_sv", "answer_decided_by", "answer_link",
    )}
    admin_view = ("proposals_proposal:inspect", "proposals.view_proposal")

    def find(self, email):
        return list(Proposal.objects.filter(proposer_email__iexact=email).select_related("state").order_by("created_at", "pk"))

    def describe(self, obj):
        return obj.title, obj.created_at, obj.language

    def export(self, obj):
        return {
            "id": obj.pk,
            "created_at": iso(obj.created_at),
            "language": obj.language,
            "title": obj.title,
            "summary": obj.summary,
            "text": obj.text,
            "proposer_name": obj.proposer_name,
            "proposer_email": obj.proposer_email,
            "show_name": obj.show_name,
            "moderation": obj.moderation,
            "state": obj.state.slug,
            "published_at": iso(obj.published_at),
            "rejection_reason": obj.rejection_reason,
            "moderator_note": obj.moderator_note,
            "answer_text": obj.answer_text,
            "answer_text_sv": obj.answer_text_sv,
            "answer_decided_by": obj.answer_decided_by,
            "answer_link": obj.answer_link,
            "answered_at": iso(obj.answered_at),
            "closed_at": iso(obj.closed_at),
        }

    def identifiers(self, obj, email):
        return (obj.proposer_name,)

    def erase(self, objects, email):
        # .update() sends no signal: the caches of proposals (and of pages, see the privacy tools' erase())
        # are cleared here.
        transaction.on_commit(caching.bump)
        return Proposal.objects.filter(pk__in=[obj.pk for obj in objects]).update(
            proposer_name="", proposer_email="", show_name=False, updated_at=timezone.now()
        )


@register
class SupportKind(Kind):
    key = "supports"
    order = 21
    label = _("Supports")
    erase_text = _(
        "Name and email are emptied. A confirmed support keeps counting, as the support count is part of an "
        "initiative's record; while the proposal still takes supports it is withdrawn instead, so that the "
        "person is never counted twice. A support never confirmed is deleted."
    )
    fields = {"proposals.Support": ("name", "email")}
    admin_view = ("proposals_support:edit", "proposals.change_support")

    def identifiers(self, obj, email):
        return (obj.name,)

    def find(self, email):
        return list(
            Support.objects.filter(email__iexact=email).select_related("proposal", "proposal__state").order_by("created_at", "pk")
        )

    def describe(self, obj):
        return obj.proposal.title, obj.created_at, obj.language

    def export(self, obj):
        return {
            "id": obj.pk,
            "created_at": iso(obj.created_at),
            "language": obj.language,
            "proposal": {"id": obj.proposal_id, "title": obj.proposal.title},
            "name": obj.name,
            "email": obj.email,
            "confirmed_at": iso(obj.confirmed_at),
            "withdrawn_at": iso(obj.withdrawn_at),
        }

    def erase(self, objects, email):
        never_counted = [obj.pk for obj in objects if obj.confirmed_at is None]
        Support.objects.filter(pk__in=never_counted).delete()
        confirmed = [obj for obj in objects if obj.confirmed_at is not None]
        for support in confirmed:
            if support.withdrawn_at is None and support.proposal.takes_supports:
                services.withdraw_support(support)
        erased = ClosedProposalSupporters().erase(Support.objects.filter(pk__in=[obj.pk for obj in confirmed]))
        transaction.on_commit(caching.bump)  # again after the commit: nothing cached in between stays
        return len(never_counted) + erased


@register
class FollowerKind(Kind):
    key = "follows"
    order = 22
    label = _("Followed proposals")
    erase_text = _("Deleted: no more emails about the proposal.")
    fields = {"proposals.Follower": ("email",)}
    admin_view = ("proposals_proposal:inspect", "proposals.view_proposal")
    admin_id = "proposal_id"

    def find(self, email):
        return list(Follower.objects.filter(email__iexact=email).select_related("proposal").order_by("created_at", "pk"))

    def describe(self, obj):
        return obj.proposal.title, obj.created_at, obj.language

    def export(self, obj):
        return {
            "id": obj.pk,
            "created_at": iso(obj.created_at),
            "language": obj.language,
            "proposal": {"id": obj.proposal_id, "title": obj.proposal.title},
            "email": obj.email,
            "confirmed_at": iso(obj.confirmed_at),
        }

    def erase(self, objects, email):
        return ClosedProposalFollowers().erase(Follower.objects.filter(pk__in=[obj.pk for obj in objects]))
