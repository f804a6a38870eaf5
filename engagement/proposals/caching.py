"""A cache namespace for everything public about proposals: any change bumps it, so cached listings
are never stale and a warm listing costs no queries of its own."""

from kumppanuus.caching import CacheNamespace

from .models import Follower, Proposal, ProposalState, ProposalTheme, Support

proposals = CacheNamespace("proposals", timeout=600)
cached = proposals.cached


def bump():
    """Stale now: the proposals' own cache and the full-page cache. Confirming and withdrawing a support
    are conditional UPDATEs, which send no save signal for the page cache to hear."""
    from kumppanuus.pagecache import pages

    proposals.bump()
    pages.changed()


def connect_signals():
    proposals.invalidate_on(Proposal, Support, Follower, ProposalState, ProposalTheme)
