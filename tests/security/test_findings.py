"""The faults the injection sweep (test_injection.py) found, each pinned by a small test of its own."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from engagement.events.pages import EventPage
from engagement.feedback.models import Open311ApiKey
from home.models import AssociationPage
from tests.factories.directory import (
    AssociationFormPageFactory,
    AssociationIndexPageFactory,
    AssociationPageFactory,
)
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.feedback import FeedbackTopicFactory

pytestmark = pytest.mark.django_db
CAPTCHA = {"captcha_0": "x", "captcha_1": "PASSED"}
TITLE_400 = {"fi": "Pyyntöä ei voitu käsitellä", "sv": "Begäran kunde inte behandlas"}


def test_an_event_sent_in_by_an_association_has_its_description_escaped(client, home_fi, superuser):
    """It was put into the rich text as it was typed: stored XSS for the moderators and, once approved,
    for everyone."""
    index = EventIndexPageFactory(parent=home_fi)
    association = AssociationPageFactory(parent=AssociationIndexPageFactory(parent=home_fi))
    start = timezone.localtime() + timedelta(days=10)
    response = client.post(index.submit_url, {
        "association": association.pk, "language": "fi", "title": "Ilta", "summary": "Tervetuloa.",
        "description": "Rivi <script>alert(1)</script>\n<img src=x onerror=alert(1)>",
        "start": start.strftime("%Y-%m-%dT%H:%M"), "place_name": "Kylätalo",
        "submitter_name": "Aino", "submitter_email": "aino@example.org", **CAPTCHA,
    })
    assert response.status_code == 200
    page = EventPage.objects.get(title="Ilta").get_latest_revision_as_object()
    assert str(page.description) == "<p>Rivi &lt;script&gt;alert(1)&lt;/script&gt;</p><p>&lt;img src=x onerror=alert(1)&gt;</p>"
    client.force_login(superuser)
    preview = client.get(f"/admin/pages/{page.pk}/view_draft/").content.decode()
    assert "<script>alert(1)" not in preview and "<img src=x onerror" not in preview


def test_an_association_entry_with_line_breaks_opens_in_the_admin_editor(client, home_fi, superuser):
    """Its texts had <br>, which the rich text editor cannot open: the moderator got a 500."""
    index = AssociationIndexPageFactory(parent=home_fi)
    form_page = AssociationFormPageFactory(parent=home_fi)
    response = client.post(form_page.url, {
        "name": "Rivinvaihtajat ry", "intro": "Esittely.", "description": "Ensimmäinen rivi\ntoinen rivi",
        "how_to_join": "Tule\nmukaan", "languages": ["fi"], "steward_email": "h@example.org",
        "submitter_name": "Maija", "submitter_email": "maija@example.org", **CAPTCHA,
    })
    assert response.status_code == 200 and b"data-error-summary" not in response.content
    page = AssociationPage.objects.child_of(index).get(title="Rivinvaihtajat ry")
    client.force_login(superuser)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_listing_with_an_items_parameter_still_paginates(client, home_fi, language):
    """The pagination links were built from request.GET.items in the template: ?items=x made it iterate
    over the string and fail."""
    index = EventIndexPageFactory(parent=home_fi)
    for number in range(25):
        EventPageFactory(parent=index, title=f"Tapahtuma {number}")
    response = client.get(f"{index.url}?items=x&category=")
    assert response.status_code == 200
    assert 'rel="next"' in response.content.decode()
    assert "items=x" in response.content.decode()  # the other parameters are kept in the links


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_nul_character_in_the_address_is_a_400_in_the_persons_language(home_fi, home_sv, language):
    """PostgreSQL cannot compare text with NUL: search, listings, feeds and token links failed with 500."""
    client = Client(raise_request_exception=False)
    for url in (f"/{language}/search/?q=a%00b", f"/{language}/submissions/a%00b/", "/api/events/?category=%00"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400, url
        assert TITLE_400[language] in response.content.decode(), url


def test_open311_refuses_nul_characters_with_its_own_error(client):
    topic = FeedbackTopicFactory(code="streets")
    key = Open311ApiKey.objects.create(name="Testi", key="avain")
    response = client.post("/open311/v2/requests.json", {
        "api_key": key.key, "service_code": topic.code, "description": "Valo", "address_string": "Tie\x001",
    })
    assert response.status_code == 400
    assert "NUL" in response.json()[0]["description"]
