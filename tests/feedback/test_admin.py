"""Handling feedback in the admin: permissions, inbox filters, the detail view, answers, closing, export."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from engagement.feedback.models import Feedback, FeedbackEvent
from tests.factories.feedback import FeedbackFactory

from .conftest import form_data

pytestmark = pytest.mark.django_db

INBOX = "/admin/feedback/inbox/"


def handle_url(feedback):
    return f"{INBOX}handle/{feedback.pk}/"


def test_staff_outside_the_group_sees_no_feedback(client, staff_user_factory, topic_fi):
    feedback = FeedbackFactory(topic=topic_fi)
    user = staff_user_factory("Communications staff")
    client.force_login(user)
    assert client.get(INBOX).status_code in (302, 403)
    assert client.get(handle_url(feedback)).status_code in (302, 403)
    assert client.get(f"{INBOX}?export=csv").status_code in (302, 403)
    dashboard = client.get("/admin/").content.decode()
    assert "feedback-panel-heading" not in dashboard
    assert client.post(handle_url(feedback), {"action": "note", "text": "x"}).status_code in (302, 403)
    assert not feedback.events.exists()


def test_handler_sees_inbox_with_filters_and_dashboard(client, handler, topic_fi):
    now = timezone.now()
    overdue = FeedbackFactory(topic=topic_fi, message="Myöhässä oleva palaute", created_at=now - timedelta(days=30))
    mine = FeedbackFactory(topic=topic_fi, message="Kuoppa Myllytiellä", assigned_to=handler)
    FeedbackFactory(topic=topic_fi, message="Ruotsiksi tullut", language="sv", status=Feedback.Status.IN_PROGRESS)
    client.force_login(handler)
    html = client.get(INBOX).content.decode()
    assert "Myöhässä oleva" in html and "Kuoppa Myllytiellä" in html
    assert "Myöhässä oleva" in client.get(f"{INBOX}?overdue=true").content.decode()
    assert "Kuoppa Myllytiellä" not in client.get(f"{INBOX}?overdue=true").content.decode()
    assert "Kuoppa Myllytiellä" in client.get(f"{INBOX}?assigned_to_me=true").content.decode()
    assert "Myöhässä oleva" not in client.get(f"{INBOX}?assigned_to_me=true").content.decode()
    assert "Ruotsiksi" in client.get(f"{INBOX}?language=sv").content.decode()
    assert "Kuoppa Myllytiellä" not in client.get(f"{INBOX}?status=in_progress").content.decode()
    assert "Kuoppa Myllytiellä" in client.get(f"{INBOX}?q=Myllytiellä").content.decode()
    assert "Kuoppa Myllytiellä" in client.get(f"{INBOX}?topic={topic_fi.pk}").content.decode()
    assert overdue.is_overdue and not mine.is_overdue
    dashboard = client.get("/admin/").content.decode()
    assert "feedback-panel-heading" in dashboard


def test_whole_flow_in_swedish(client, page_sv, topic_sv, handler):
    """Submit in Swedish, the handler assigns, notes, answers and publishes; the resident reads it."""
    client.post(page_sv.url, form_data(topic_sv, message="Gatlampan vid torget är trasig."))
    feedback = Feedback.objects.get()
    mail.outbox.clear()
    client.force_login(handler)
    assert client.get(handle_url(feedback)).status_code == 200
    client.post(handle_url(feedback), {"action": "assign", "assigned_to": handler.pk})
    client.post(handle_url(feedback), {"action": "status", "status": "in_progress"})
    client.post(handle_url(feedback), {"action": "note", "text": "Soitettu urakoitsijalle"})
    response = client.post(
        handle_url(feedback), {"action": "answer", "answer": "Lampan byttes ut i dag.", "publish": "on"}
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.assigned_to == handler
    assert feedback.status == Feedback.Status.ANSWERED
    assert feedback.answer_published and feedback.answered_at
    kinds = list(feedback.events.values_list("kind", flat=True))
    assert kinds == ["received", "assigned", "status", "note", "answer"]
    answer_mail = mail.outbox[-1]
    assert answer_mail.to == ["aino@example.com"]
    assert "Svar på din respons" in answer_mail.subject
    assert "Lampan byttes ut i dag." in answer_mail.body
    assert f"/sv/feedback/track/{feedback.token}/" in answer_mail.body
    client.logout()
    tracking = client.get(f"/sv/feedback/track/{feedback.token}/").content.decode()
    assert "Lampan byttes ut i dag." in tracking
    assert "Soitettu urakoitsijalle" not in tracking
    assert "Gatlampan vid torget" in client.get("/sv/feedback/answered/").content.decode()


def test_whole_flow_in_finnish_with_closing(client, page_fi, topic_fi, handler):
    client.post(page_fi.url, form_data(topic_fi, publish_consent=None))
    feedback = Feedback.objects.get()
    client.force_login(handler)
    client.post(handle_url(feedback), {"action": "answer", "answer": "Katuvalo korjataan ensi viikolla.", "close": "on"})
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.CLOSED and feedback.closed_at
    assert not feedback.answer_published
    assert "Vastaus palautteeseesi" in mail.outbox[-1].subject
    assert "Katuvalo korjataan" in client.get(f"/fi/feedback/track/{feedback.token}/").content.decode()


def test_publishing_needs_consent(client, topic_fi, handler):
    feedback = FeedbackFactory(topic=topic_fi, publish_consent=False)
    client.force_login(handler)
    client.post(handle_url(feedback), {"action": "answer", "answer": "Vastaus", "publish": "on"})
    feedback.refresh_from_db()
    assert feedback.public_answer == "" and not feedback.answer_published


def test_nothing_closes_without_answer_or_reason(client, topic_fi, handler):
    feedback = FeedbackFactory(topic=topic_fi)
    client.force_login(handler)
    response = client.post(handle_url(feedback), {"action": "close", "reason": ""})
    assert response.status_code == 200
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.RECEIVED
    client.post(handle_url(feedback), {"action": "close", "reason": "Sama asia kuin palautteessa 12."})
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.CLOSED
    assert feedback.closing_reason == "Sama asia kuin palautteessa 12."
    assert feedback.events.get(kind=FeedbackEvent.Kind.CLOSED).text == feedback.closing_reason


def test_staff_record_phone_feedback(client, topic_fi, handler):
    client.force_login(handler)
    response = client.post(f"{INBOX}new/", {
        "channel": "phone", "language": "sv", "topic": topic_fi.pk, "created_at": "2026-11-20 10:00:00",
        "message": "Ringde om snöplogningen på Skolvägen.", "place": "Skolvägen", "name": "Elin Holm",
        "email": "", "phone": "040 555 1234",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    feedback = Feedback.objects.get()
    assert feedback.channel == Feedback.Channel.PHONE and feedback.language == "sv"
    assert feedback.events.get().user == handler
    assert feedback.due_at is not None


def test_export_has_personal_data_only_with_the_permission(client, topic_fi, handler, staff_user_factory):
    from django.contrib.auth.models import Group, Permission

    FeedbackFactory(topic=topic_fi, message="Vientitesti")
    client.force_login(handler)
    csv = client.get(f"{INBOX}?export=csv").getvalue().decode()
    assert "Vientitesti" in csv and "aino@example.com" in csv and "Aino Virtanen" in csv
    xlsx = client.get(f"{INBOX}?export=xlsx")
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]

    limited = Group.objects.create(name="Feedback readers")
    limited.permissions.add(*Permission.objects.filter(
        content_type__app_label__in=["feedback", "wagtailadmin"],
        codename__in=["view_feedback", "export_feedback", "access_admin"],
    ))
    reader = staff_user_factory("Feedback readers")
    client.force_login(reader)
    csv = client.get(f"{INBOX}?export=csv").getvalue().decode()
    assert "Vientitesti" in csv
    assert "aino@example.com" not in csv and "Aino Virtanen" not in csv
    feedback = Feedback.objects.get()
    detail = client.get(handle_url(feedback)).content.decode()
    assert "aino@example.com" not in detail
    # Searching by personal data is for those who may see it.
    assert "Vientitesti" not in client.get(f"{INBOX}?q=aino@example.com").content.decode()
    client.force_login(handler)
    assert "Vientitesti" in client.get(f"{INBOX}?q=aino@example.com").content.decode()


def test_retention_erases_contact_details_of_old_closed_feedback(topic_fi, settings):
    settings.FEEDBACK_RETENTION_DAYS = 30
    now = timezone.now()
    old = FeedbackFactory(topic=topic_fi, status=Feedback.Status.CLOSED, closed_at=now - timedelta(days=31),
                          public_answer="Vastaus jää.")
    recent = FeedbackFactory(topic=topic_fi, status=Feedback.Status.CLOSED, closed_at=now - timedelta(days=29))
    still_open = FeedbackFactory(topic=topic_fi, created_at=now - timedelta(days=400))
    call_command("apply_retention", "--dry-run")
    old.refresh_from_db()
    assert old.email == "aino@example.com"
    call_command("apply_retention")
    for item in (old, recent, still_open):
        item.refresh_from_db()
    assert (old.name, old.email, old.phone) == ("", "", "")
    assert old.erased_at and old.message and old.public_answer == "Vastaus jää."
    assert recent.email and still_open.email
    call_command("apply_retention")  # safe to run twice


@pytest.mark.django_db
def test_failing_smtp_server_loses_nothing_and_emails_go_out_on_retry(client, page_fi, topic_fi, settings):
    from engagement.delivery import send_due_emails
    from engagement.models import OutgoingEmail
    from tests.smtp_sink import SMTPSink, free_port

    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

    response = client.post(page_fi.url, form_data(topic_fi))
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert str(feedback.token) in response.content.decode()
    emails = OutgoingEmail.objects.all()
    assert emails.count() == 2
    assert all(email.status == OutgoingEmail.Status.PENDING and email.last_error for email in emails)

    sink = SMTPSink(port).start()
    try:
        OutgoingEmail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        assert send_due_emails() == 2
        recipients = sorted(message["to"][0] for message in sink.messages)
        assert recipients == ["aino@example.com", "kirjaamo@koivula.example"]
    finally:
        sink.stop()


def test_edit_form_hides_personal_data_without_the_permission(client, topic_fi, staff_user_factory):
    from django.contrib.auth.models import Group, Permission

    feedback = FeedbackFactory(topic=topic_fi)
    group = Group.objects.create(name="Feedback editors")
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label__in=["feedback", "wagtailadmin"],
        codename__in=["view_feedback", "change_feedback", "add_feedback", "access_admin"],
    ))
    client.force_login(staff_user_factory("Feedback editors"))
    html = client.get(f"{INBOX}edit/{feedback.pk}/").content.decode()
    assert "aino@example.com" not in html and 'name="email"' not in html
    assert 'name="email"' not in client.get(f"{INBOX}new/").content.decode()
