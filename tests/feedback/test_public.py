"""The public feedback form: validation, storing once, receipt, tracking, answered list, reply times."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.html import escape

from engagement.feedback.models import Feedback, FeedbackEvent
from tests.factories.feedback import FeedbackFactory, FeedbackTopicFactory

from .conftest import form_data

pytestmark = pytest.mark.django_db


def post(client, page, data):
    return client.post(page.url, data)


def test_page_shows_form_privacy_text_and_topics(client, page_fi, topic_fi):
    response = client.get(page_fi.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="message"' in html and 'name="captcha_1"' in html
    assert "Kadut ja liikenne" in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "365" in html  # how long contact details are kept


def test_valid_submission_is_stored_with_receipt_and_emails(client, page_fi, topic_fi):
    response = post(client, page_fi, form_data(topic_fi))
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert feedback.language == "fi"
    assert feedback.channel == Feedback.Channel.WEB
    assert feedback.status == Feedback.Status.RECEIVED
    assert feedback.due_at.date() == (feedback.created_at + timedelta(days=10)).date()
    assert str(feedback.token) in response.content.decode()
    assert feedback.events.get().kind == FeedbackEvent.Kind.RECEIVED
    receipt = next(m for m in mail.outbox if m.to == ["aino@example.com"])
    assert "Olemme vastaanottaneet palautteesi" in receipt.subject or str(feedback.pk) in receipt.subject
    assert f"http://testserver/fi/feedback/track/{feedback.token}/" in receipt.body
    assert receipt.alternatives and "text/html" in receipt.alternatives[0][1]
    notification = next(m for m in mail.outbox if m.to == ["kirjaamo@koivula.example"])
    assert f"/admin/feedback/inbox/handle/{feedback.pk}/" in notification.body
    assert "captcha" not in receipt.body.lower() and "PASSED" not in receipt.body


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"message": ""}, "message"),
        ({"topic": ""}, "topic"),
        ({"message": "x" * 4001}, "message"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "", "wants_reply": "on"}, "email"),
        ({"captcha_1": "WRONG"}, "captcha"),
        ({"website": "http://spam.example"}, "website"),
        ({"place": "p" * 201}, "place"),
    ],
)
def test_invalid_submissions_are_rejected_and_keep_input(client, page_fi, topic_fi, overrides, field):
    response = post(client, page_fi, form_data(topic_fi, **overrides))
    assert response.status_code == 200
    assert Feedback.objects.count() == 0
    form = response.context["form"]
    assert field in form.errors
    if field != "message":
        assert "Koivulan torin katuvalo" in response.content.decode()


@pytest.mark.parametrize("message", [
    "Kirjoitin osoitteeseen <kirjaamo@koivula.example>, mutta vastausta ei tullut",
    "Hei <script>alert(1)</script> ja <b>lihavoitu</b> & <img src=x onerror=alert(1)>",
])
def test_text_with_angle_brackets_is_stored_as_written_and_shown_escaped(client, page_fi, topic_fi, message):
    """Residents paste addresses like <kirjaamo@…> from their email: the text is kept as it was written,
    and every page that shows it escapes it, so markup is shown, never run."""
    response = post(client, page_fi, form_data(topic_fi, message=message, place="<Tori>", name="Aino <aino>"))
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert (feedback.message, feedback.place, feedback.name) == (message, "<Tori>", "Aino <aino>")
    html = client.get(f"/fi/feedback/track/{feedback.token}/").content.decode()
    assert escape(message) in html
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>lihavoitu" not in html
    assert "<kirjaamo@" not in html
    for email in mail.outbox:  # the receipt and the handlers' notification
        for content, _mimetype in email.alternatives:
            assert "<script>alert" not in content and "<kirjaamo@" not in content and "<b>lihavoitu" not in content


def test_control_characters_are_dropped_and_pasted_line_breaks_kept(client, page_fi, topic_fi):
    response = post(client, page_fi, form_data(
        topic_fi, message="Ensimmäinen rivi\x0btoinen\x1b rivi\r\nkolmas\u2028neljäs\tsarake\x85",
        place="Tori\x0b3\x07", name="\x1bAino\tVirtanen",
    ))
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert feedback.message == "Ensimmäinen rivi\ntoinen rivi\nkolmas\nneljäs\tsarake"
    assert feedback.place == "Tori 3"
    assert feedback.name == "Aino Virtanen"


def test_error_messages_are_in_the_page_language(client, page_sv, topic_sv):
    response = client.post(page_sv.url, form_data(topic_sv, email="", wants_reply="on"))
    assert response.context["form"].errors["email"] == ["Ange din e-post så att vi kan svara dig."]


def test_same_submission_twice_stores_once(client, page_fi, topic_fi):
    data = form_data(topic_fi)
    first = post(client, page_fi, data)
    second = post(client, page_fi, data)
    assert Feedback.objects.count() == 1
    token = str(Feedback.objects.get().token)
    assert token in first.content.decode() and token in second.content.decode()


def test_topic_of_another_language_is_not_offered(client, page_sv, topic_fi, topic_sv):
    response = client.post(page_sv.url, form_data(topic_fi))
    assert "topic" in response.context["form"].errors


def test_swedish_submission_gets_swedish_receipt(client, page_sv, topic_sv):
    response = client.post(page_sv.url, form_data(topic_sv))
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert feedback.language == "sv"
    receipt = next(m for m in mail.outbox if m.to == ["aino@example.com"])
    assert "Vi har tagit emot din respons" in receipt.subject
    assert "Gator och trafik" in receipt.body
    assert f"/sv/feedback/track/{feedback.token}/" in receipt.body


def test_tracking_page_shows_status_and_public_timeline_only(client, topic_fi):
    feedback = FeedbackFactory(topic=topic_fi)
    FeedbackEvent.objects.create(feedback=feedback, kind=FeedbackEvent.Kind.RECEIVED)
    FeedbackEvent.objects.create(feedback=feedback, kind=FeedbackEvent.Kind.NOTE, text="SALAINEN muistiinpano")
    response = client.get(f"/fi/feedback/track/{feedback.token}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vastaanotettu" in html
    assert "SALAINEN" not in html
    assert "Aino Virtanen" not in html and "aino@example.com" not in html
    assert client.get("/fi/feedback/track/7b0a3c56-3a1c-4d43-9d71-3f1b7c2f1a01/").status_code == 404


def test_answered_list_shows_only_consented_published_and_filters_by_topic(client, topic_fi):
    other = FeedbackTopicFactory(name="Kirjasto", code="library")
    now = timezone.now()
    shown = FeedbackFactory(topic=topic_fi, publish_consent=True, answer_published=True, public_answer="Korjattu.",
                            answered_at=now, status=Feedback.Status.ANSWERED, message="Valo rikki")
    FeedbackFactory(topic=topic_fi, publish_consent=False, answer_published=True, public_answer="Ei näy",
                    answered_at=now, message="Yksityinen asia")
    FeedbackFactory(topic=other, publish_consent=True, answer_published=True, public_answer="Aukioloajat",
                    answered_at=now, message="Kirjaston aukiolo")
    html = client.get("/fi/feedback/answered/").content.decode()
    assert "Valo rikki" in html and "Kirjaston aukiolo" in html
    assert "Yksityinen asia" not in html
    assert "Aino Virtanen" not in html and "aino@example.com" not in html
    filtered = client.get("/fi/feedback/answered/?topic=streets").content.decode()
    assert "Valo rikki" in filtered and "Kirjaston aukiolo" not in filtered
    assert shown.public_answer in filtered


def test_feedback_page_shows_median_reply_time(client, page_fi, topic_fi):
    now = timezone.now()
    for days in (2, 4, 9):
        FeedbackFactory(topic=topic_fi, created_at=now - timedelta(days=days + 1),
                        answered_at=now - timedelta(days=1), status=Feedback.Status.ANSWERED)
    # Older than 12 months: not counted.
    FeedbackFactory(topic=topic_fi, created_at=now - timedelta(days=500), answered_at=now - timedelta(days=400))
    response = client.get(page_fi.url)
    topic = next(t for t in response.context["topics"] if t.pk == topic_fi.pk)
    assert topic.median_days == 4.0


def test_accessibility_topic_promises_at_most_14_days(db):
    topic = FeedbackTopicFactory(reply_days=30, is_accessibility=True)
    assert topic.promised_days == 14


def test_feedback_page_within_query_budget(client, page_fi, topic_fi, django_assert_max_num_queries):
    client.get(page_fi.url)
    # The captcha row that every view of a form page creates is within the budget.
    with django_assert_max_num_queries(15):
        assert client.get(page_fi.url).status_code == 200
    client.get("/fi/feedback/answered/")
    with django_assert_max_num_queries(15):
        assert client.get("/fi/feedback/answered/").status_code == 200


def test_responsible_people_and_handler_group_are_notified(client, page_fi, topic_fi, handler):
    from django.contrib.auth.models import Group

    from home.models import ContactPerson

    person = ContactPerson.objects.create(name="Sari Nieminen", role="Kadunpitoinsinööri", email="sari@koivula.example",
                                          locale=topic_fi.locale)
    topic_fi.contact_people.add(person)
    topic_fi.handler_group = Group.objects.get(name="Feedback handlers")
    topic_fi.save()
    client.post(page_fi.url, form_data(topic_fi))
    notification = next(m for m in mail.outbox if "kirjaamo@koivula.example" in m.to)
    assert set(notification.to) == {"kirjaamo@koivula.example", "sari@koivula.example", handler.email}
    assert "Uusi palaute" in notification.subject
