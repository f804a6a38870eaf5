"""The proposals page can be created in the admin under a home page, once per parent."""

import pytest
from wagtail.test.utils.form_data import nested_form_data

from engagement.proposals.pages import ProposalIndexPage
from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_editor_can_create_the_proposals_page(client, superuser, home_fi):
    client.force_login(superuser)
    url = f"/admin/pages/add/proposals/proposalindexpage/{home_fi.pk}/"
    data = nested_form_data({"title": "Aloitteet", "slug": "aloitteet", "intro": "Tee aloite.", "action-publish": "publish"})
    response = client.post(url, data)
    assert response.status_code == 302
    page = ProposalIndexPage.objects.get()
    assert page.get_parent().specific == HomePage.objects.get(pk=home_fi.pk)
    assert page.live
    home_fi.refresh_from_db()
    assert not ProposalIndexPage.can_create_at(home_fi)
