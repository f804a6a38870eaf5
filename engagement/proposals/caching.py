"""A cache namespace for everything public about proposals (any change bumps it, so cached listings are
never stale and a warm listing costs no queries of its own), and what a proposal's changes purge from the
page cache: the proposal's page under every proposals page, those listings, and the API."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from kumppanuus import pagecache
from kumppanuus.caching import CacheNamespace

from .models import Follower, Proposal, ProposalState, ProposalTheme, Support

proposals = CacheNamespace("proposals", timeout=600)
cached = proposals.cached


def _index_urls():
    """[(listing URL, proposal URL prefix)] of every live proposals page in every site, cached."""

    def compute():
        # The page type sits above this module (pages.py imports it): found through the registry.
        ProposalIndexPage = apps.get_model("proposals", "ProposalIndexPage")
        return [
            root_url + path
            for index in ProposalIndexPage.objects.live().only("url_path")
            for root_url, path in pagecache.url_path_urls(index.url_path)
        ]

    return cached("index-urls", compute)


def proposal_targets(proposal_id):
    """The proposal's page under every proposals page, the listings (they show its supports) and the API."""
    ProposalIndexPage = apps.get_model("proposals", "ProposalIndexPage")
    route = ProposalIndexPage().reverse_subpage("proposal", args=[proposal_id])
    listings = _index_urls()
    return [*listings, *(url + route for url in listings), "/api/proposals/"]


def support_targets(support):
    """Only a confirmed support counts (confirming and withdrawing are UPDATEs that call bump())."""
    return proposal_targets(support.proposal_id) if support.confirmed_at else []


def bump(proposal_id=None):
    """Stale now and after commit: the proposals' own cache and the pages that show the proposal (all
    pages without one). Confirming and withdrawing a support are conditional UPDATEs, which send no save signal
    for the page cache to hear."""
    proposals.changed()
    if proposal_id is None:
        pagecache.purge_all()
    else:
        pagecache.purge(*proposal_targets(proposal_id))


def _support_saved(sender, instance, created, **kwargs):
    """A new support waiting for its confirmation changes no public figure (only supports that count are
    shown): a support POST leaves the proposals' cache warm. Any other save bumps it."""
    if created and not instance.counts:
        return
    proposals.changed()


def connect_signals():
    # Followers are not in the namespace: no page shows them. Supports: see _support_saved; confirming
    # and withdrawing are conditional UPDATEs that call bump().
    proposals.invalidate_on(Proposal, ProposalState, ProposalTheme)
    post_save.connect(_support_saved, sender=Support, weak=False, dispatch_uid="proposals-support-save")
    post_delete.connect(proposals.changed, sender=Support, weak=False, dispatch_uid="proposals-support-delete")
    pagecache.declare(Proposal, lambda proposal: proposal_targets(proposal.pk))
    pagecache.declare(Support, support_targets)
    pagecache.ignore(Follower, "followers get emails; no page shows them")
