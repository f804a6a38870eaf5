"""The directory in the admin: snippet listings with filters and search, the submissions listing, and
who may see what."""

import pytest
from django.urls import reverse

from tests.factories.directory import ContactPersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["contactperson", "department", "associationcategory"])
def test_snippet_listings_filter_and_search(client, superuser, model):
    ContactPersonFactory(name="Anna Virtanen")
    client.force_login(superuser)
    url = reverse(f"wagtailsnippets_home_{model}:list")
    response = client.get(url, {"q": "Anna"})
    assert response.status_code == 200
    if model == "contactperson":
        assert "Anna Virtanen" in response.content.decode()
        assert "Anna Virtanen" not in client.get(url, {"q": "Bertil"}).content.decode()
        assert client.get(url, {"department": ContactPersonFactory().department_id}).status_code == 200


def test_communications_staff_edit_contact_people(client, staff_user_factory):
    client.force_login(staff_user_factory("Communications staff"))
    assert client.get(reverse("wagtailsnippets_home_contactperson:add")).status_code == 200


def test_submissions_listing_for_moderators_only(client, staff_user_factory):
    url = reverse("page_submissions:index")
    client.force_login(staff_user_factory("Moderators"))
    response = client.get(url, {"status": "in_review"})
    assert response.status_code == 200
    client.force_login(staff_user_factory("Communications staff"))
    assert client.get(url).status_code in (302, 403)
