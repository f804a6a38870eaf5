"""Issue 12, staff: event organisers make and edit events, and every change of places goes through the
sign-up service (capacity, the waiting list in order, emails). Admin requests run as members of the
"Event organisers" (or "Moderators") group, never as a superuser."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from engagement.events import services
from engagement.events.models import SignUp
from engagement.events.pages import EventPage
from tests.events.conftest import translate
from tests.factories.events import EventPageFactory

pytestmark = pytest.mark.django_db

CAPTCHA = {"captcha_0": "x", "captcha_1": "PASSED"}


def event_form(title, slug, **fields):
    start = timezone.localtime(timezone.now() + timedelta(days=10)).replace(microsecond=0)
    data = nested_form_data({
        "title": title, "slug": slug, "intro": "Tervetuloa.", "description": rich_text("<p>Tervetuloa!</p>"),
        "start": start.strftime("%Y-%m-%d %H:%M"), "end": "", "status": "scheduled", "place_name": "Kunnantalo",
        "signup_enabled": "on", "capacity": "2", "max_companions": "0", "waiting_list": "on",
        "extra_questions": streamfield([]), **fields,
    })
    data["action-publish"] = "publish"
    return data


@pytest.fixture
def organiser(staff_user_factory):
    return staff_user_factory("Event organisers", username="jarjestaja")


def sign_up(page, name, email, language="fi"):
    return services.sign_up(page, name=name, email=email, language=language)


def test_organisers_create_and_edit_events_in_both_languages(client, organiser, index_fi, index_sv):
    client.force_login(organiser)
    for index, title, slug in ((index_fi, "Kyläilta", "kylailta"), (index_sv, "Byakväll", "byakvall")):
        url = f"/admin/pages/add/events/eventpage/{index.pk}/"
        assert client.get(url).status_code == 200
        response = client.post(url, event_form(title, slug))
        assert response.status_code == 302, response.content.decode()[:2000]
        page = EventPage.objects.get(slug=slug)
        assert page.live and page.locale == index.locale

        edit = f"/admin/pages/{page.pk}/edit/"
        assert client.get(edit).status_code == 200
        data = event_form(title, slug, capacity="5", status="postponed")
        assert client.post(edit, data).status_code == 302
        page.refresh_from_db()
        assert page.capacity == 5 and page.status == "postponed" and page.live
    # Their section only: not the home page, not the events page itself from elsewhere.
    home = Page.objects.get(pk=index_fi.get_parent().pk)
    assert not home.permissions_for_user(organiser).can_edit()
    assert not home.permissions_for_user(organiser).can_publish()


def test_organisers_list_shows_swedish_only_events(client, organiser, index_fi, index_sv):
    EventPageFactory(parent=index_fi, with_signup=True, title="Digiklinikka")
    both = EventPageFactory(parent=index_fi, with_signup=True, title="Kyläilta")
    translate(both, index_sv.locale, title="Byakväll", slug="byakvall-2")
    EventPageFactory(parent=index_sv, with_signup=True, title="Körkonsert", languages=["sv"])
    client.force_login(organiser)
    html = client.get("/admin/events/with-signup/").content.decode()
    assert "Digiklinikka" in html and "Körkonsert" in html
    assert "Kyläilta" in html and "Byakväll" not in html  # one row per event, in Finnish when there is one
    assert "/admin/pages/add/events/eventpage/" in html


def test_staff_cancellation_emails_the_person_and_promotes_the_waiting_list_in_order(
    client, organiser, index_fi, index_sv
):
    event = EventPageFactory(parent=index_fi, with_signup=True, capacity=2, title="Kyläilta")
    translate(event, index_sv.locale, title="Byakväll", slug="byakvall")
    first = sign_up(event, "Elin Holm", "elin@example.com", language="sv")
    sign_up(event, "Aino", "aino@example.com")
    waiting_1 = sign_up(event, "Pekka", "pekka@example.com")
    waiting_2 = sign_up(event, "Liisa", "liisa@example.com")
    assert (waiting_1.status, waiting_2.status) == ("waiting", "waiting")
    assert waiting_1.waiting_position == 1 and waiting_2.waiting_position == 2
    mail.outbox.clear()

    client.force_login(organiser)
    attendees = client.get(f"/admin/events/{event.pk}/attendees/").content.decode()
    action = f"/admin/event_signups/action/{first.pk}/cancel/"
    assert action in attendees
    assert "Elin Holm" in client.get(action).content.decode()
    response = client.post(action)
    assert response.status_code == 302

    first.refresh_from_db()
    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    assert first.status == "cancelled"
    assert waiting_1.status == "confirmed" and waiting_2.status == "waiting"
    assert waiting_2.waiting_position == 1
    to_elin = [message for message in mail.outbox if message.to == ["elin@example.com"]]
    assert len(to_elin) == 1 and "Byakväll" in to_elin[0].body  # in her language
    assert [message.to for message in mail.outbox if message.to == ["pekka@example.com"]]


def test_staff_cannot_set_status_or_party_size_by_editing_fields(client, organiser, index_fi):
    event = EventPageFactory(parent=index_fi, with_signup=True, capacity=1)
    sign_up(event, "Aino", "aino@example.com")
    waiting = sign_up(event, "Pekka", "pekka@example.com")
    client.force_login(organiser)
    edit = f"/admin/event_signups/edit/{waiting.pk}/"
    form = client.get(edit).context["form"]
    assert "status" not in form.fields and "people" not in form.fields
    client.post(edit, {"name": "Pekka P", "email": "pekka@example.com", "phone": "", "status": "confirmed",
                       "people": "5", "attended": "unknown"})
    waiting.refresh_from_db()
    assert waiting.status == "waiting" and waiting.people == 1 and waiting.name == "Pekka P"
    assert SignUp.objects.confirmed_people(event.translation_key) == 1


def test_move_to_the_waiting_list_goes_to_the_end_of_the_queue(client, organiser, index_fi):
    event = EventPageFactory(parent=index_fi, with_signup=True, capacity=1)
    confirmed = sign_up(event, "Aino", "aino@example.com")
    waiting = sign_up(event, "Pekka", "pekka@example.com")
    mail.outbox.clear()
    client.force_login(organiser)
    assert client.post(f"/admin/event_signups/action/{confirmed.pk}/waiting/").status_code == 302
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert confirmed.status == "waiting" and confirmed.waiting_position == 1
    assert {tuple(message.to) for message in mail.outbox} == {("aino@example.com",), ("pekka@example.com",)}


def test_raising_the_capacity_promotes_from_the_waiting_list_on_publish(client, organiser, index_fi):
    client.force_login(organiser)
    url = f"/admin/pages/add/events/eventpage/{index_fi.pk}/"
    assert client.post(url, event_form("Kyläilta", "kylailta", capacity="1")).status_code == 302
    event = EventPage.objects.get(slug="kylailta")
    sign_up(event, "Aino", "aino@example.com")
    first = sign_up(event, "Pekka", "pekka@example.com")
    second = sign_up(event, "Liisa", "liisa@example.com")
    mail.outbox.clear()
    assert client.post(f"/admin/pages/{event.pk}/edit/", event_form("Kyläilta", "kylailta", capacity="2")).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "confirmed" and second.status == "waiting"
    assert [message.to for message in mail.outbox] == [["pekka@example.com"]]


def test_a_full_event_offers_the_waiting_list_and_shows_the_place_in_the_queue(client, index_fi):
    event = EventPageFactory(parent=index_fi, with_signup=True, capacity=1, title="Kyläilta")
    assert "Liity jonotuslistalle" not in client.get(event.url).content.decode()
    sign_up(event, "Aino", "aino@example.com")
    sign_up(event, "Pekka", "pekka@example.com")
    assert "Liity jonotuslistalle" in client.get(event.url).content.decode()
    form = client.get(event.signup_url).content.decode()
    assert "Liity jonotuslistalle</button>" in form

    response = client.post(event.signup_url, {"name": "Liisa", "email": "liisa@example.com", **CAPTCHA})
    assert "Olet jonossa sijalla 2." in response.content.decode()
    signup = SignUp.objects.get(email="liisa@example.com")
    assert "Olet jonossa sijalla 2." in client.get(f"/fi/events/cancel/{signup.token}/").content.decode()


def test_moderators_publish_only_in_the_sections_they_moderate(staff_user_factory, index_fi, home_fi):
    from home.models import AssociationIndexPage

    moderator = staff_user_factory("Moderators")
    directory = home_fi.add_child(instance=AssociationIndexPage(title="Yhdistykset", slug="yhdistykset"))
    assert not home_fi.permissions_for_user(moderator).can_publish()
    assert not Page.get_first_root_node().permissions_for_user(moderator).can_publish()
    event = EventPageFactory(parent=index_fi)
    assert event.permissions_for_user(moderator).can_publish()
    assert directory.permissions_for_user(moderator).can_publish_subpage()
