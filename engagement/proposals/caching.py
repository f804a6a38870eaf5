"""A cache namespace for everything public about proposals: any change bumps it, so cached listings
are never stale and a warm listing costs no queries of its own."""

from kumppanuus.caching import CacheNamespace

proposals = CacheNamespace("proposals", timeout=600)
cached = proposals.cached
bump = proposals.bump


def connect_signals():
    from .models import Follower, Proposal, ProposalState, ProposalTheme, Support

    proposals.invalidate_on(Proposal, Support, Follower, ProposalState, ProposalTheme)
