"""Issue 12, staff: what a feedback handler meets in the admin (as a member of "Feedback handlers")."""

import pytest
from django.contrib.messages import get_messages

from engagement.feedback.models import Feedback
from tests.factories.feedback import FeedbackFactory

pytestmark = pytest.mark.django_db

INBOX = "/admin/feedback/inbox/"


def handle_url(feedback):
    return f"{INBOX}handle/{feedback.pk}/"


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_residents_original_message_cannot_be_edited(client, topic_fi, handler):
    feedback = FeedbackFactory(topic=topic_fi, message="Katuvalo on rikki.", channel=Feedback.Channel.WEB)
    client.force_login(handler)
    form = client.get(f"{INBOX}edit/{feedback.pk}/").context["form"]
    assert form.fields["message"].disabled
    assert form.fields["channel"].disabled  # it came from the web form; that is not for staff to change
    data = {
        "channel": "phone", "language": "fi", "topic": topic_fi.pk, "created_at": "2026-11-20 10:00:00",
        "message": "Muutettu teksti.", "place": "", "name": "", "email": "", "phone": "",
    }
    client.post(f"{INBOX}edit/{feedback.pk}/", data)
    feedback.refresh_from_db()
    assert feedback.message == "Katuvalo on rikki."
    assert feedback.channel == Feedback.Channel.WEB


def test_assigning_notes_and_status_confirm_with_a_message_and_names_show(
    client, topic_fi, handler, staff_user_factory
):
    colleague = staff_user_factory("Feedback handlers", username="mvirtanen")
    colleague.first_name, colleague.last_name = "Maija", "Virtanen"
    colleague.save()
    feedback = FeedbackFactory(topic=topic_fi)
    client.force_login(handler)

    page = client.get(handle_url(feedback)).content.decode()
    assert ">Maija Virtanen</option>" in page and ">mvirtanen</option>" not in page

    response = client.post(handle_url(feedback), {"action": "assign", "assigned_to": colleague.pk}, follow=True)
    assert any("Maija Virtanen" in text for text in texts(response)), texts(response)
    assert "Maija Virtanen" in client.get(INBOX).content.decode()

    response = client.post(handle_url(feedback), {"action": "note", "text": "Soitin asukkaalle."}, follow=True)
    assert texts(response), "a note confirms with a message"

    response = client.post(handle_url(feedback), {"action": "status", "status": "in_progress"}, follow=True)
    assert any("In progress" in text or "Käsittelyssä" in text for text in texts(response)), texts(response)


def test_recorded_feedback_defaults_to_the_last_channel_and_never_offers_open311(client, topic_fi, handler):
    client.force_login(handler)
    form = client.get(f"{INBOX}new/").context["form"]
    values = [value for value, _label in form.fields["channel"].choices]
    assert "api" not in values and "web" not in values
    assert {"phone", "letter", "walk_in"} <= set(values)

    response = client.post(f"{INBOX}new/", {
        "channel": "letter", "language": "fi", "topic": topic_fi.pk, "created_at": "2026-11-20 10:00:00",
        "message": "Kirje koulutien auraamisesta.", "place": "", "name": "", "email": "", "phone": "",
    })
    assert response.status_code == 302
    form = client.get(f"{INBOX}new/").context["form"]
    assert form["channel"].value() == "letter"

    assert client.post(f"{INBOX}new/", {
        "channel": "api", "language": "fi", "topic": topic_fi.pk, "created_at": "2026-11-20 10:00:00",
        "message": "Ei tästä kanavasta.", "place": "", "name": "", "email": "", "phone": "",
    }).status_code == 200  # refused: not a channel staff record
    assert not Feedback.objects.filter(channel="api").exists()
