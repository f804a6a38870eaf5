"""Residents' journeys from the home page, by clicking, on a 375 px phone, in Finnish and Swedish, with
axe (WCAG 2.2 A/AA) on every page reached: give feedback and read the answer; make an initiative,
support one and withdraw the support. Staff steps between them (answering, publishing) go through the
services the admin uses; links that arrive by email are opened as the person would open them."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from engagement.feedback import services as feedback_services
from engagement.feedback.models import Feedback
from engagement.proposals.models import Proposal
from home.models import HomePage
from tests.factories.feedback import FeedbackPageFactory, FeedbackTopicFactory, translate_topic
from tests.factories.proposals import ProposalFactory, ProposalIndexPageFactory

PHONE = {"width": 375, "height": 800}

TEXT = {
    "fi": {
        "menu": "Valikko",
        "main_menu": "Päävalikko",
        "feedback_page": "Anna palautetta",
        "topic": "Kadut ja liikenne",
        "topic_label": "Aihe",
        "message_label": "Palautteesi",
        "wants_reply": "Haluan vastauksen",
        "email_label": "Sähköpostiosoitteesi",
        "optional": "vapaaehtoinen",
        "required": "pakollinen",
        "send_feedback": "Lähetä palaute",
        "received": "Kiitos palautteestasi",
        "tracking": "Palaute {pk}",
        "answered": "Vastattu",
        "initiatives": "Aloitteet",
        "make": "Tee aloite",
        "title_label": "Otsikko",
        "summary_label": "Tiivistelmä",
        "text_label": "Koko teksti",
        "name_label": "Nimesi",
        "send_proposal": "Lähetä aloite",
        "proposal_received": "Kiitos aloitteestasi",
        "support": "Kannata tätä aloitetta",
        "send_support": "Lähetä kannatus",
        "check_email": "Tarkista sähköpostisi",
        "confirm": "Vahvista",
        "confirmed": "Kannatuksesi on vahvistettu",
        "back": "Takaisin aloitteeseen",
        "withdraw": "Peru kannatukseni",
        "withdrawn": "Kannatus peruttu",
    },
    "sv": {
        "menu": "Meny",
        "main_menu": "Huvudmeny",
        "feedback_page": "Ge respons",
        "topic": "Gator och trafik",
        "topic_label": "Ämne",
        "message_label": "Din respons",
        "wants_reply": "Jag vill ha svar",
        "email_label": "Din e-postadress",
        "optional": "frivillig",
        "required": "obligatoriskt",
        "send_feedback": "Skicka respons",
        "received": "Tack för din respons",
        "tracking": "Respons {pk}",
        "answered": "Besvarad",
        "initiatives": "Initiativ",
        "make": "Lämna ett initiativ",
        "title_label": "Rubrik",
        "summary_label": "Sammanfattning",
        "text_label": "Hela texten",
        "name_label": "Ditt namn",
        "send_proposal": "Skicka initiativet",
        "proposal_received": "Tack för ditt initiativ",
        "support": "Stöd detta initiativ",
        "send_support": "Skicka mitt stöd",
        "check_email": "Kontrollera din e-post",
        "confirm": "Bekräfta",
        "confirmed": "Ditt stöd har bekräftats",
        "back": "Tillbaka till initiativet",
        "withdraw": "Återta mitt stöd",
        "withdrawn": "Stödet återtaget",
    },
}


def homes():
    return HomePage.objects.get(locale__language_code="fi"), HomePage.objects.get(locale__language_code="sv")


def translate(page, title, slug):
    _home_fi, home_sv = homes()
    translation = page.copy_for_translation(home_sv.locale, copy_parents=False)
    translation.title, translation.slug = title, slug
    translation.save_revision().publish()
    return translation


def open_menu_item(tab, text, name):
    """On a phone the main menu is behind its button: open it, then follow the item."""
    tab.get_by_role("button", name=text["menu"]).click()
    tab.get_by_role("navigation", name=text["main_menu"]).get_by_role("link", name=name, exact=True).click()


def assert_no_sideways_scroll(tab):
    assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), tab.url


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_resident_gives_feedback_and_reads_the_answer(page, assert_accessible, language):
    text = TEXT[language]
    home_fi, _home_sv = homes()
    feedback_fi = FeedbackPageFactory(parent=home_fi, show_in_menus=True)
    translate(feedback_fi, "Ge respons", "respons")
    topic = FeedbackTopicFactory(name="Kadut ja liikenne", code="streets")
    translate_topic(topic, "Gator och trafik")
    page.set_viewport_size(PHONE)

    page.goto(f"/{language}/")
    assert_accessible(page)
    open_menu_item(page, text, text["feedback_page"])
    expect(page.get_by_role("heading", level=1)).to_have_text(text["feedback_page"])
    assert_accessible(page)
    assert_no_sideways_scroll(page)  # the reply-times table included

    page.get_by_label(text["topic_label"]).select_option(label=text["topic"])
    page.get_by_label(text["message_label"]).fill("Koulutien suojatien valo vilkkuu jatkuvasti.")
    page.get_by_label(text["wants_reply"]).check()
    label = page.locator("label[for=id_email]")
    expect(label).not_to_contain_text(text["optional"])
    expect(label).to_contain_text(f"{text['email_label']} ({text['required']})")
    page.locator("#id_email").fill("aino@example.com")
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name=text["send_feedback"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["received"])
    assert_accessible(page)

    feedback = Feedback.objects.get()
    assert feedback.language == language
    feedback_services.answer(feedback, "Valo korjataan huomenna. / Ljuset repareras i morgon.", None)
    page.locator(f"main a[href*='/{language}/feedback/track/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["tracking"].format(pk=feedback.pk))
    expect(page.locator("main")).to_contain_text("Valo korjataan huomenna.")
    expect(page.locator("main")).to_contain_text(text["answered"])
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def email_link(address, pattern):
    [message] = [m for m in mail.outbox if m.to == [address] and re.search(pattern, m.body)][-1:]
    return re.search(rf"https?://[^/\s]+({pattern})", message.body).group(1)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_resident_makes_an_initiative_supports_one_and_withdraws_the_support(page, assert_accessible, language):
    text = TEXT[language]
    home_fi, _home_sv = homes()
    index_fi = ProposalIndexPageFactory(parent=home_fi, show_in_menus=True)
    translate(index_fi, "Initiativ", "initiativ")
    existing = ProposalFactory(title="Penkkejä torille", summary="Torille lisää penkkejä.")
    page.set_viewport_size(PHONE)

    # Make an initiative: home → menu → initiatives → the form.
    page.goto(f"/{language}/")
    open_menu_item(page, text, text["initiatives"])
    expect(page.get_by_role("heading", level=1)).to_have_text(text["initiatives"])
    assert_accessible(page)
    page.get_by_role("link", name=text["make"]).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["make"])
    assert_accessible(page)
    page.get_by_label(text["title_label"]).fill("Uimaranta Koivujärvelle")
    page.get_by_label(text["summary_label"]).fill("Koivujärven rantaan yleinen uimaranta.")
    page.get_by_label(text["text_label"]).fill("Lähin uimaranta on kymmenen kilometrin päässä.")
    page.get_by_label(text["name_label"]).fill("Aino Virtanen")
    page.get_by_label(re.compile(text["email_label"])).fill("aino@example.com")
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name=text["send_proposal"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["proposal_received"])
    assert_accessible(page)
    made = Proposal.objects.get(title="Uimaranta Koivujärvelle")
    assert made.language == language

    # Support another one: home → menu → initiatives → the initiative → support.
    page.goto(f"/{language}/")
    open_menu_item(page, text, text["initiatives"])
    page.get_by_role("link", name=existing.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(existing.title)
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    page.get_by_role("link", name=text["support"]).click()
    page.get_by_label(text["name_label"]).fill("Liisa Laine")
    page.get_by_label(re.compile(text["email_label"])).fill("liisa@example.com")
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name=text["send_support"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["check_email"])
    assert_accessible(page)

    page.goto(email_link("liisa@example.com", f"/{language}/proposals/support/confirm/[^/\\s]+/"))
    expect(page.locator("main")).to_contain_text(existing.title)  # names what is being confirmed
    assert_accessible(page)
    page.get_by_role("button", name=text["confirm"]).click()
    expect(page.get_by_role("status")).to_contain_text(text["confirmed"])
    expect(page.locator("main")).to_contain_text(existing.title)
    assert_accessible(page)
    page.get_by_role("link", name=text["back"]).click()
    expect(page.locator(".proposal-count")).to_contain_text("1")

    # Withdraw the support with the link in the confirmation email.
    page.goto(email_link("liisa@example.com", f"/{language}/proposals/support/withdraw/[^/\\s]+/"))
    expect(page.locator("main")).to_contain_text(existing.title)
    assert_accessible(page)
    page.get_by_role("button", name=text["withdraw"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["withdrawn"])
    assert_accessible(page)
    page.get_by_role("link", name=text["back"]).click()
    expect(page.locator(".proposal-count")).to_contain_text("0")
