"""Feedback in a real browser: give feedback, see errors, read the receipt and track it, with axe."""

from playwright.sync_api import expect

from engagement.feedback import services
from engagement.feedback.models import Feedback
from home.models import HomePage
from tests.factories.feedback import FeedbackPageFactory, FeedbackTopicFactory


def test_submit_and_track_feedback(page, assert_accessible):
    home = HomePage.objects.get(locale__language_code="fi")
    feedback_page = FeedbackPageFactory(parent=home)
    FeedbackTopicFactory(name="Kadut ja liikenne", code="streets")

    page.goto(feedback_page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Anna palautetta")
    assert_accessible(page)

    page.get_by_label("Haluan vastauksen").check()
    page.get_by_role("button", name="Lähetä palaute").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text("Anna sähköpostiosoitteesi")
    assert_accessible(page)

    page.get_by_label("Aihe").select_option(label="Kadut ja liikenne")
    page.get_by_label("Palautteesi").fill("Koulutien suojatien valo vilkkuu jatkuvasti.")
    page.get_by_label("Sähköpostiosoitteesi (pakollinen)").fill("aino@example.com")  # a reply is wanted
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name="Lähetä palaute").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiitos palautteestasi")
    assert_accessible(page)

    feedback = Feedback.objects.get()
    services.answer(feedback, "Valo korjataan huomenna.", None)
    page.get_by_role("link", name=f"/fi/feedback/track/{feedback.token}/").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Palaute {feedback.pk}")
    expect(page.locator("main")).to_contain_text("Valo korjataan huomenna.")
    expect(page.locator("main")).to_contain_text("Vastattu")
    assert_accessible(page)

    page.goto("/fi/feedback/answered/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vastatut palautteet")
    assert_accessible(page)
