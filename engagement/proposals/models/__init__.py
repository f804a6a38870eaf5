"""Proposal models: the records (proposals.py) and the public index page (pages.py)."""

from .pages import ProposalIndexPage  # noqa: F401
from .proposals import (  # noqa: F401
    Follower,
    Proposal,
    ProposalState,
    ProposalTheme,
    Support,
    threshold_for,
)
