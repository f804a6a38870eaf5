"""The initiatives page with a city's number of initiatives: one page of ten at a time, in both
languages, with a constant number of queries however many initiatives and supports there are."""

import re

import pytest
from django.utils import timezone

from engagement.proposals.models import Proposal, ProposalState, Support

pytestmark = pytest.mark.django_db

COUNT = 300


def bulk_proposals(count=COUNT):
    """`count` published initiatives (the newest is number 0), the first ten with 1–10 supports each,
    one withdrawn and one unconfirmed that do not count."""
    state = ProposalState.objects.get(slug="published")
    now = timezone.now()
    proposals = Proposal.objects.bulk_create(
        Proposal(
            title=f"Aloite numero {n}", summary="Lisää penkkejä.", text="Torille penkkejä.", language="fi" if n % 3 else "sv",
            proposer_name="Maija", proposer_email=f"ehdottaja{n}@example.com", state=state,
            moderation=Proposal.Moderation.PUBLISHED, published_at=now - timezone.timedelta(hours=n),
        )
        for n in range(count)
    )
    supports = [
        Support(proposal=proposal, name="K", email=f"k{n}-{i}@example.com", confirmed_at=now)
        for n, proposal in enumerate(proposals[:10]) for i in range(n + 1)
    ]
    supports.append(Support(proposal=proposals[0], name="W", email="w@example.com", confirmed_at=now, withdrawn_at=now))
    supports.append(Support(proposal=proposals[0], name="U", email="u@example.com"))
    Support.objects.bulk_create(supports)
    return proposals


def titles(html):
    return re.findall(r">(Aloite numero \d+)<", html)


def test_listing_pages_through_three_hundred_initiatives_in_both_languages(client, index_fi, index_sv,
                                                                           django_assert_max_num_queries):
    bulk_proposals()
    client.get(index_fi.url, {"page": 2})  # the page frame (menu, footer, settings) cached
    with django_assert_max_num_queries(15):  # page 1's rows not cached yet: counted and paginated in the database
        first = client.get(index_fi.url).content.decode()
    assert titles(first) == [f"Aloite numero {n}" for n in range(10)]
    assert '<nav class="pagination" aria-label="Sivut">' in first and "Sivu 1/30" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    last = client.get(index_fi.url, {"page": 30}).content.decode()
    assert titles(last) == [f"Aloite numero {n}" for n in range(290, 300)] and "Sivu 30/30" in last
    assert titles(client.get(index_fi.url, {"page": 999}).content.decode()) == titles(last)  # past the end: the last
    assert titles(client.get(index_fi.url, {"page": "x"}).content.decode()) == titles(first)
    swedish = client.get(index_sv.url, {"page": 2}).content.decode()
    assert '<nav class="pagination" aria-label="Sidor">' in swedish and "Sida 2 av 30" in swedish
    assert "Föregående" in swedish and "Nästa" in swedish
    for url in (index_fi.url, index_fi.url + "?page=17", index_sv.url + "?sort=supported"):
        client.get(url)
        with django_assert_max_num_queries(15):  # warm
            assert client.get(url).status_code == 200


def test_most_supported_counts_only_confirmed_supports(client, index_fi):
    bulk_proposals()
    html = client.get(index_fi.url, {"sort": "supported"}).content.decode()
    assert titles(html)[:3] == ["Aloite numero 9", "Aloite numero 8", "Aloite numero 7"]
    annotated = Proposal.objects.with_support_count().get(title="Aloite numero 0")
    assert annotated.support_total == 1  # not the withdrawn one, not the unconfirmed one
    assert Proposal.objects.with_support_count().get(title="Aloite numero 299").support_total == 0
