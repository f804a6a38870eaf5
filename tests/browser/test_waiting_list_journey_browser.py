"""Issue 12 journey: a resident signs up for a full event from the home page, is put on the waiting
list, and is promoted after an event organiser cancels another sign-up in the admin.

The resident clicks from the home page (both languages, desktop and a 375 px phone); the staff step is
a member of "Event organisers" (never a superuser) starting from the admin dashboard. axe runs with the
WCAG 2.2 A/AA tags on every page.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from engagement.events import services
from engagement.events.models import SignUp
from home.models import HomePage
from tests.events.conftest import translate
from tests.factories import admin_language
from tests.factories.events import EventIndexPageFactory, EventPageFactory

PASSWORD = "correct horse battery staple"

TEXT = {
    "fi": {
        "all_events": "Kaikki tapahtumat", "event": "Kyläilta Rantalassa", "join": "Liity jonotuslistalle",
        "waiting": "Olet jonotuslistalla", "queue": "Olet jonossa sijalla 1.",
        "menu": "Tapahtumat, joihin ilmoittaudutaan", "cancel": "Peru ilmoittautuminen",
        "cancelled": "Henkilön Aino Virtanen ilmoittautuminen peruttiin", "promoted": "Jonotuslistalta paikan saivat",
        "place": "Sinulla on paikka tässä tapahtumassa.", "locale": "fi-FI",
    },
    "sv": {
        "all_events": "Alla evenemang", "event": "Byakväll i Strandby", "join": "Ställ dig på reservlistan",
        "waiting": "Du står på reservlistan", "queue": "Du är nummer 1 i kön.",
        "menu": "Evenemang med anmälan", "cancel": "Avboka anmälan",
        "cancelled": "Anmälan för Aino Virtanen avbokades", "promoted": "Fick en plats från reservlistan",
        "place": "Du har en plats på evenemanget.", "locale": "sv-SE",
    },
}


@pytest.fixture
def check(assert_accessible):
    return assert_accessible


def make_full_event():
    home_fi = HomePage.objects.get(locale__language_code="fi")
    home_sv = HomePage.objects.get(locale__language_code="sv")
    index = EventIndexPageFactory(parent=home_fi, show_in_menus=True)
    translate(index, home_sv.locale, title="Evenemang", slug="evenemang")
    event = EventPageFactory(
        parent=index, title=TEXT["fi"]["event"], signup_enabled=True, capacity=1, waiting_list=True,
        start=timezone.now() + timedelta(days=5), languages=["fi", "sv"],
    )
    translate(event, home_sv.locale, title=TEXT["sv"]["event"], slug="byakvall")
    services.sign_up(event, name="Aino Virtanen", email="aino@example.com", language="fi")
    return event


def make_organiser(language):
    user = get_user_model().objects.create_user("jarjestaja", "jarjestaja@koivula.example", PASSWORD)
    user.groups.add(Group.objects.get(name="Event organisers"))
    admin_language(user, language)
    return user


@pytest.mark.parametrize(
    ("language", "width"), [("fi", 1280), ("sv", 1280), ("fi", 375), ("sv", 375)], ids=str
)
def test_waiting_list_and_promotion_after_a_staff_cancellation(browser, live_server, check, language, width):
    text = TEXT[language]
    make_full_event()
    make_organiser(language)
    mail.outbox.clear()

    # The resident, from the home page.
    resident = browser.new_context(
        base_url=live_server.url, locale=text["locale"], viewport={"width": width, "height": 800}
    )
    resident.set_default_timeout(20_000)
    tab = resident.new_page()
    tab.goto(f"/{language}/")
    check(tab)
    tab.get_by_role("link", name=text["all_events"]).click()
    check(tab)
    tab.get_by_role("link", name=text["event"]).first.click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(text["event"])
    check(tab)
    tab.get_by_role("link", name=text["join"]).click()
    check(tab)
    tab.locator("input[name=name]").fill("Elin Holm")
    tab.locator("input[name=email]").fill("elin@example.com")
    tab.locator("input[name=captcha_1]").fill("PASSED")
    tab.get_by_role("button", name=text["join"]).click()
    expect(tab.get_by_role("heading", name=text["waiting"])).to_be_visible()
    expect(tab.get_by_text(text["queue"])).to_be_visible()
    check(tab)
    signup = SignUp.objects.get(email="elin@example.com")
    assert signup.status == "waiting" and signup.language == language

    # The organiser, from the admin dashboard.
    staff = browser.new_context(base_url=live_server.url, locale=text["locale"], viewport={"width": 1280, "height": 900})
    staff.set_default_timeout(20_000)
    admin = staff.new_page()
    admin.goto("/admin/login/")
    admin.locator("input[name=username]").fill("jarjestaja")
    admin.locator("input[name=password]").fill(PASSWORD)
    admin.locator("form button[type=submit]").click()
    admin.wait_for_url("**/admin/")
    check(admin)
    admin.get_by_role("link", name=text["menu"]).click()
    check(admin)
    admin.get_by_role("link", name=TEXT["fi"]["event"]).click()  # one row per event, in Finnish
    check(admin)
    admin.get_by_role("row").filter(has_text="aino@example.com").get_by_role("link", name=text["cancel"]).click()
    expect(admin.get_by_role("button", name=text["cancel"])).to_be_visible()
    check(admin)
    admin.get_by_role("button", name=text["cancel"]).click()
    expect(admin.get_by_text(text["cancelled"])).to_be_visible()
    expect(admin.get_by_text(text["promoted"])).to_be_visible()
    admin.wait_for_timeout(1500)  # Wagtail's messages fade in; axe measures their colours once shown
    check(admin)
    staff.close()

    signup.refresh_from_db()
    assert signup.status == "confirmed"
    assert SignUp.objects.get(email="aino@example.com").status == "cancelled"

    # The resident follows the link in the email they got, in their language.
    [promoted] = [message for message in mail.outbox if message.to == ["elin@example.com"] and "ics" in str(
        [attachment[0] for attachment in message.attachments])]
    assert text["event"] in promoted.body
    manage_path = re.search(rf"https?://[^/\s]+(/{language}/\S+/[0-9a-f-]+/)", promoted.body).group(1)
    tab.goto(manage_path)
    expect(tab.get_by_text(text["place"])).to_be_visible()
    check(tab)
    resident.close()
