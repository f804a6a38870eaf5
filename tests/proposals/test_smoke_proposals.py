def test_listing_renders(client, index_fi, index_sv):
    from tests.factories.proposals import ProposalFactory

    ProposalFactory(title="Penkkejä torille")
    response = client.get(index_fi.url)
    assert response.status_code == 200
    assert "Penkkejä torille" in response.content.decode()
