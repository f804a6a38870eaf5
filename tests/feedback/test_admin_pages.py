"""Admin pages of feedback render, and staff can create topics, API keys and the feedback page."""

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text

from engagement.feedback.models import FeedbackTopic, Open311ApiKey
from engagement.feedback.pages import FeedbackPage
from tests.factories.feedback import FeedbackFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_render_for_a_superuser(client, superuser, topic_fi):
    feedback = FeedbackFactory(topic=topic_fi)
    client.force_login(superuser)
    for url in [
        "/admin/feedback/inbox/", "/admin/feedback/inbox/new/", f"/admin/feedback/inbox/handle/{feedback.pk}/",
        "/admin/feedback/api-keys/", "/admin/feedback/api-keys/new/", "/admin/snippets/feedback/feedbacktopic/",
        "/admin/snippets/feedback/feedbacktopic/add/", "/admin/",
    ]:
        assert client.get(url).status_code == 200, url


def test_handler_sees_personal_data_in_detail(client, handler, topic_fi):
    feedback = FeedbackFactory(topic=topic_fi)
    client.force_login(handler)
    html = client.get(f"/admin/feedback/inbox/handle/{feedback.pk}/").content.decode()
    assert "aino@example.com" in html and "Aino Virtanen" in html


def test_staff_issue_an_api_key(client, superuser):
    client.force_login(superuser)
    response = client.post("/admin/feedback/api-keys/new/", {"name": "Koivula-sovellus", "active": "on"})
    assert response.status_code == 302
    key = Open311ApiKey.objects.get()
    assert len(key.key) >= 40


def test_communications_staff_edit_topics(client, staff_user_factory, locale_fi):
    client.force_login(staff_user_factory("Communications staff"))
    response = client.post("/admin/snippets/feedback/feedbacktopic/add/", {
        "name": "Jätehuolto", "description": "", "code": "waste", "notify_email": "", "reply_days": "10",
        "sort_order": "100", "locale": locale_fi.pk,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert FeedbackTopic.objects.get().code == "waste"


def test_feedback_page_can_be_created_in_the_admin(client, superuser, home_fi):
    client.force_login(superuser)
    data = nested_form_data({
        "title": "Palaute", "slug": "palaute-uusi", "intro": "", "privacy_text": rich_text(""),
    })
    response = client.post(f"/admin/pages/add/feedback/feedbackpage/{home_fi.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert FeedbackPage.objects.filter(slug="palaute-uusi").exists()
    assert Page.objects.get(slug="palaute-uusi").get_parent().pk == home_fi.pk
