"""Events in a real browser: browse and filter the listing, sign up, cancel from the email link, with axe."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from engagement.events.models import SignUp
from home.models import HomePage
from tests.factories.directory import AssociationIndexPageFactory, AssociationPageFactory
from tests.factories.events import EventCategoryFactory, EventIndexPageFactory, EventPageFactory


def make_events():
    home = HomePage.objects.get(locale__language_code="fi")
    index = EventIndexPageFactory(parent=home)
    culture = EventCategoryFactory(name="Kulttuuri", slug="kulttuuri")
    meeting = EventCategoryFactory(name="Asukastilaisuus", slug="asukastilaisuus")
    choir = AssociationPageFactory(parent=AssociationIndexPageFactory(parent=home), title="Koivulan Kuoro ry")
    EventPageFactory(parent=index, title="Joulukonsertti", category=culture, organiser=choir,
                     start=timezone.now() + timedelta(days=4))
    event = EventPageFactory(
        parent=index, title="Kyläilta Rantalassa", category=meeting, signup_enabled=True, capacity=1,
        waiting_list=True, max_companions=2, extra_questions=[("question", "Erityisruokavalio")],
        start=timezone.now() + timedelta(days=6), accessibility=["step_free", "induction_loop"],
    )
    return index, event


def test_browse_sign_up_and_cancel(page, assert_accessible):
    index, event = make_events()

    page.goto(index.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tapahtumat")
    expect(page.get_by_role("heading", name="Joulukonsertti")).to_be_visible()
    assert_accessible(page)
    # The organiser by a part of its name (a city has thousands of associations: no list of them).
    page.get_by_label("Järjestäjä", exact=True).fill("kuoro")
    page.get_by_role("button", name="Näytä").click()
    expect(page.get_by_role("heading", name="Joulukonsertti")).to_be_visible()
    expect(page.get_by_role("heading", name="Kyläilta Rantalassa")).to_have_count(0)
    expect(page.get_by_label("Järjestäjä", exact=True)).to_have_value("kuoro")
    assert_accessible(page)
    page.get_by_label("Vain kunnan omat tapahtumat").check()
    page.get_by_label("Järjestäjä", exact=True).fill("")
    page.get_by_role("button", name="Näytä").click()
    expect(page.get_by_role("heading", name="Joulukonsertti")).to_have_count(0)
    expect(page.get_by_role("heading", name="Kyläilta Rantalassa")).to_be_visible()
    page.get_by_label("Vain kunnan omat tapahtumat").uncheck()
    page.get_by_label("Luokka").select_option("asukastilaisuus")
    page.get_by_role("button", name="Näytä").click()
    expect(page.get_by_role("heading", name="Joulukonsertti")).to_have_count(0)
    page.get_by_role("link", name="Kyläilta Rantalassa").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kyläilta Rantalassa")
    expect(page.get_by_text("Induktiosilmukka")).to_be_visible()
    expect(page.get_by_text("1 paikka jäljellä.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ilmoittaudu").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ilmoittautuminen: Kyläilta Rantalassa")
    page.get_by_role("button", name="Ilmoittaudu").click()  # empty: errors in Finnish
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nimesi").fill("Aino Virtanen")
    page.get_by_label("Sähköpostiosoitteesi").fill("aino@example.com")
    page.get_by_label("Erityisruokavalio").fill("Laktoositon")
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name="Ilmoittaudu").click()
    expect(page.get_by_role("heading", name="Olet ilmoittautunut")).to_be_visible()
    assert_accessible(page)
    assert SignUp.objects.get().status == "confirmed"

    [message] = mail.outbox
    cancel_path = re.search(r"https?://[^/\s]+(/fi/events/cancel/[0-9a-f-]+/)", message.body).group(1)
    page.goto(cancel_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Peru ilmoittautumisesi")
    assert_accessible(page)
    page.get_by_role("button", name="Peru ilmoittautumiseni").click()
    expect(page.get_by_text("Ilmoittautumisesi on peruttu.")).to_be_visible()
    assert SignUp.objects.get().status == "cancelled"
