"""Associations submit events for moderation; organisers' admin: groups, attendees, attendance, email,
export; retention of sign-up data."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from engagement.events.models import SignUp
from engagement.events.pages import EventPage
from engagement.models import PageSubmission
from engagement.moderation import make_page
from tests.factories.directory import AssociationIndexPageFactory, AssociationPageFactory
from tests.factories.events import EventPageFactory, SignUpFactory

pytestmark = pytest.mark.django_db

CAPTCHA = {"captcha_0": "x", "captcha_1": "PASSED"}


@pytest.fixture
def association(home_fi):
    return AssociationPageFactory(parent=AssociationIndexPageFactory(parent=home_fi), title="Koivulan Martat")


def submission_data(association, **extra):
    start = timezone.localtime() + timedelta(days=10)
    return {
        "association": association.pk,
        "language": "fi",
        "title": "Marttojen leipäkurssi",
        "summary": "Opettelemme leipomaan ruisleipää.",
        "description": "Mukaan esiliina.\nKurssi on maksuton.",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "place_name": "Marttala",
        "submitter_name": "Aino Martta",
        "submitter_email": "aino@example.org",
        **CAPTCHA,
        **extra,
    }


def test_association_submits_an_event_to_moderation(client, index_fi, association, superuser):
    response = client.post(index_fi.submit_url, submission_data(association))
    assert response.status_code == 200
    assert "Kiitos, tapahtuma on lähetetty" in response.content.decode()
    page = EventPage.objects.get(title="Marttojen leipäkurssi")
    assert not page.live
    assert page.organiser_id == association.pk
    assert page.get_parent().pk == index_fi.pk
    submission = PageSubmission.objects.get(kind="event")
    assert submission.submitter_email == "aino@example.org"
    assert submission.workflow_state.status == "in_progress"
    [receipt] = [m for m in mail.outbox if m.to == ["aino@example.org"]]
    assert str(submission.token) in receipt.body
    assert client.get(submission.get_status_url()).status_code == 200
    # A moderator approves: the event is published and the submitter is told.
    mail.outbox.clear()
    task_state = submission.workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, superuser, "approve")
    page.refresh_from_db()
    assert page.live
    assert len([m for m in mail.outbox if m.to == ["aino@example.org"]]) == 1
    assert "Marttojen leipäkurssi" in client.get(index_fi.url).content.decode()


def test_rejected_event_stays_unpublished(client, index_fi, association, superuser):
    client.post(index_fi.submit_url, submission_data(association))
    submission = PageSubmission.objects.get(kind="event")
    mail.outbox.clear()
    task_state = submission.workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, superuser, "reject", comment="Lisää osoite.")
    assert not EventPage.objects.get(title="Marttojen leipäkurssi").live
    assert any("Lisää osoite." in m.body for m in mail.outbox if m.to == ["aino@example.org"])


def test_submission_in_both_languages_needs_swedish_texts(client, index_fi, association):
    response = client.post(index_fi.submit_url, submission_data(association, language="both"))
    html = response.content.decode()
    assert "error-summary" in html and 'value="Marttojen leipäkurssi"' in html
    assert not EventPage.objects.exists()
    client.post(
        index_fi.submit_url,
        submission_data(association, language="both", title_other="Marthornas brödkurs", summary_other="Vi bakar rågbröd."),
    )
    page = EventPage.objects.get()
    assert page.languages == ["fi", "sv"]
    assert "Marthornas brödkurs" in PageSubmission.objects.get().message  # the moderators review it too


def test_submission_rejects_past_dates_and_missing_place(client, index_fi, association):
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(index_fi.submit_url, submission_data(association, start=past, place_name=""))
    html = response.content.decode()
    assert "Tapahtuman täytyy alkaa tulevaisuudessa." in html
    assert "Anna paikka, verkkolinkki tai molemmat." in html
    assert not EventPage.objects.exists()


def test_swedish_submission_form(client, index_fi, index_sv, association, locale_sv):
    html = client.get(index_sv.submit_url).content.decode()
    assert "Anmäl en förenings evenemang" in html


def test_event_organisers_group():
    codenames = set(Group.objects.get(name="Event organisers").permissions.values_list("codename", flat=True))
    assert {"view_signup", "change_signup", "export_signup", "access_admin"} <= codenames
    staff = set(Group.objects.get(name="Communications staff").permissions.values_list("codename", flat=True))
    assert "change_eventcategory" in staff and "view_signup" not in staff


def test_attendee_page_counts_marks_attendance_and_emails(client, index_fi, staff_user_factory):
    event = EventPageFactory(parent=index_fi, signup_enabled=True, capacity=5)
    a = SignUpFactory(event=event, name="Aino", people=2)
    b = SignUpFactory(event=event, name="Bertta", language="sv")
    SignUpFactory(event=event, name="Cecilia", status="waiting")
    url = f"/admin/events/{event.pk}/attendees/"
    client.force_login(staff_user_factory("Communications staff"))
    assert client.get(url).status_code in (302, 403)
    client.force_login(staff_user_factory("Event organisers"))
    html = client.get(url).content.decode()
    assert "Aino" in html and "Cecilia" in html
    assert "<strong>3</strong> / 5" in html
    client.post(url, {"action": "attendance", "shown": [str(a.pk), str(b.pk)], "attended": [str(a.pk)]})
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.attended is True and b.attended is False
    mail.outbox.clear()
    client.post(url, {"action": "email", "subject": "Tilaisuus siirtyy", "message": "Uusi aika ilmoitetaan pian."})
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email])
    assert all("Uusi aika ilmoitetaan pian." in m.body for m in mail.outbox)
    swedish = next(m for m in mail.outbox if m.to == [b.email])
    assert "Avboka min anmälan" in swedish.alternatives[0][0]


def test_signup_export(client, index_fi, staff_user_factory):
    event = EventPageFactory(parent=index_fi, signup_enabled=True)
    SignUpFactory(event=event, name="Aino Aaltonen", email="aino@example.com")
    client.force_login(staff_user_factory("Event organisers"))
    response = client.get("/admin/event_signups/", {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Aino Aaltonen" in content and "aino@example.com" in content
    response = client.get("/admin/event_signups/", {"export": "xlsx"})
    assert response.status_code == 200


def test_retention_erases_answers_after_the_event_and_personal_data_later(index_fi, settings):
    settings.SIGNUP_RETENTION_DAYS = 30
    now = timezone.now()
    recent = EventPageFactory(parent=index_fi, start=now - timedelta(days=2))
    old = EventPageFactory(parent=index_fi, start=now - timedelta(days=40))
    upcoming = EventPageFactory(parent=index_fi, start=now + timedelta(days=2))
    answers = [{"question": "Ruokavalio", "answer": "Vegaaninen"}]
    r = SignUpFactory(event=recent, answers=answers)
    o = SignUpFactory(event=old, answers=answers)
    u = SignUpFactory(event=upcoming, answers=answers)
    call_command("apply_retention")
    call_command("apply_retention")
    r.refresh_from_db()
    o.refresh_from_db()
    u.refresh_from_db()
    assert r.answers == [] and r.name and r.erased_at is None
    assert o.answers == [] and o.name == "" and "@" in o.email and o.email.endswith("invalid") and o.erased_at
    assert u.answers == answers and u.name
    assert SignUp.objects.count() == 3  # the counts stay for statistics


def manage_path(message):
    import re

    return re.search(r"https?://testserver(/\w\w/events/submissions/[^/\s]+/)", message.body).group(1)


def test_submitter_asks_for_changes_and_cancels(client, index_fi, association, staff_user_factory):
    staff_user_factory("Moderators", email="moderaattori@koivula.example")
    client.post(index_fi.submit_url, submission_data(association))
    [receipt] = [m for m in mail.outbox if m.to == ["aino@example.org"]]
    path = manage_path(receipt)
    assert path.startswith("/fi/")
    html = client.get(path).content.decode()
    assert "Pyydä muutoksia" in html and "aino@example.org" not in html
    mail.outbox.clear()
    response = client.post(path, {"action": "changes", "message": "Alkamisaika muuttui klo 18:aan."})
    assert "Moderaattorit saivat viestisi" in response.content.decode()
    [note] = mail.outbox
    assert note.to == ["moderaattori@koivula.example"] and "klo 18:aan" in note.body
    assert note.reply_to == ["aino@example.org"]
    client.post(path, {"action": "cancel"})
    submission = PageSubmission.objects.get(kind="event")
    assert submission.status == PageSubmission.Status.CANCELLED
    assert submission.workflow_state.status == "cancelled"
    assert not EventPage.objects.get().live
    assert "Peru tapahtuma" not in client.get(path).content.decode()  # nothing more to do


def test_cancelling_an_approved_event_unpublishes_it(client, index_fi, association, superuser):
    client.post(index_fi.submit_url, submission_data(association, language="fi"))
    submission = PageSubmission.objects.get(kind="event")
    task_state = submission.workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, superuser, "approve")
    approval = [m for m in mail.outbox if m.to == ["aino@example.org"]][-1]
    path = manage_path(approval)
    assert EventPage.objects.get().live
    client.post(path, {"action": "cancel"})
    assert not EventPage.objects.get().live
    assert client.get("/fi/events/submissions/nope/").status_code == 404


def test_attendee_page_of_a_big_event_is_paginated_and_saves_only_the_page_sent(client, index_fi, staff_user_factory,
                                                                                  django_assert_max_num_queries):
    event = EventPageFactory(parent=index_fi, signup_enabled=True)
    SignUp.objects.bulk_create(
        SignUp(event=event, event_key=event.translation_key, name=f"Osallistuja {n:03d}", email=f"o{n}@example.com",
               status=SignUp.Status.WAITING if n >= 240 else SignUp.Status.CONFIRMED, attended=True if n < 100 else None,
               created_at=timezone.now() + timedelta(seconds=n))
        for n in range(250)
    )
    client.force_login(staff_user_factory("Event organisers"))
    url = f"/admin/events/{event.pk}/attendees/"
    with django_assert_max_num_queries(40):  # not one per person (or per waiting person)
        first = client.get(url).content.decode()
    assert "Osallistuja 000" in first and "Osallistuja 099" in first and "Osallistuja 100" not in first
    assert "Sivu 1 yhteensä 3 sivusta" in first  # Wagtail's pagination, in the admin's language
    third = client.get(url, {"p": 3}).content.decode()
    assert "Osallistuja 249" in third and "sija 10 jonossa" in third
    second_page = [signup.pk for signup in SignUp.objects.order_by("created_at", "pk")[100:200]]
    client.post(url + "?p=2", {"action": "attendance", "shown": [str(pk) for pk in second_page],
                               "attended": [str(second_page[0])]})
    assert SignUp.objects.filter(attended=True).count() == 101  # page 1 untouched, one more on page 2
    assert SignUp.objects.filter(attended=False).count() == 99


def test_signup_listing_filters_by_event_without_listing_every_event(client, index_fi, staff_user_factory):
    events = [EventPageFactory(parent=index_fi, signup_enabled=True, title=f"Ilta numero {n}") for n in range(5)]
    SignUpFactory(event=events[0], name="Aino Aaltonen")
    SignUpFactory(event=events[1], name="Bertta Bäck")
    client.force_login(staff_user_factory("Event organisers"))
    html = client.get("/admin/event_signups/").content.decode()
    assert "Aino Aaltonen" in html and "Bertta Bäck" in html
    assert "Ilta numero 4" not in html  # no drop-down of every event (a city has 40,000 event pages)
    filtered = client.get("/admin/event_signups/", {"event": events[0].pk}).content.decode()
    assert "Aino Aaltonen" in filtered and "Bertta Bäck" not in filtered
    assert client.get("/admin/event_signups/", {"event": "999999"}).status_code == 200  # not an event: ignored


def test_the_draft_of_a_submitted_event_is_made_after_the_request(client, index_fi, association, queued):
    """Issue 15: the request stores the submission and queues its receipt and its draft; the task worker
    makes it (engagement.moderation.make_page) with what was sent."""
    data = submission_data(association)
    response = client.post(index_fi.submit_url, data)
    assert "Kiitos, tapahtuma on lähetetty" in response.content.decode()
    submission = PageSubmission.objects.get(kind="event")
    assert submission.is_waiting_for_its_page and submission.title == "Marttojen leipäkurssi"
    assert not EventPage.objects.filter(title="Marttojen leipäkurssi").exists()
    assert make_page(submission.pk) == "made"
    page = EventPage.objects.get(title="Marttojen leipäkurssi")
    assert not page.live and page.get_parent().pk == index_fi.pk and page.organiser_id == association.pk
    assert timezone.localtime(page.start).strftime("%Y-%m-%dT%H:%M") == data["start"]
    assert page.place_name == "Marttala" and "Kurssi on maksuton." in page.description
    submission.refresh_from_db()
    assert submission.page_id == page.pk and submission.workflow_state.status == "in_progress"
