"""The proposals demo: index pages in both languages, proposals across the states, idempotent."""

import io

import pytest

from engagement.proposals.models import Proposal, ProposalTheme
from engagement.proposals.pages import ProposalIndexPage
from kumppanuus.demo import proposals as demo

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_resets(client, home_fi):
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert ProposalIndexPage.objects.count() == 2
    assert Proposal.objects.count() == len(demo.PROPOSALS)
    assert {p.language for p in Proposal.objects.all()} == {"fi", "sv"}
    assert Proposal.objects.values("state").distinct().count() >= 6
    assert ProposalTheme.objects.count() == 2 * len(demo.THEMES)
    assert Proposal.objects.filter(threshold_reached_at__isnull=False).count() == 2
    assert client.get("/fi/aloitteet/").status_code == 200
    assert "Strandpromenaden" in client.get("/sv/initiativ/").content.decode().title()
    demo.reset()
    assert not Proposal.objects.exists() and not ProposalIndexPage.objects.exists()
