"""Residents' journeys from the home page, by clicking, on a 375 px phone, in Finnish and Swedish, with
axe (WCAG 2.2 A/AA) on every page reached: give feedback and read the answer; make an initiative,
support one and withdraw the support. A feedback handler (never a superuser) answers in the admin,
from the dashboard through the sidebar menu to the inbox; links that arrive by email are opened as the
person would open them."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from engagement.feedback.models import Feedback
from engagement.proposals.models import Proposal
from home.models import HomePage
from tests.browser.conftest import watch_csp
from tests.factories import admin_language
from tests.factories.feedback import FeedbackPageFactory, FeedbackTopicFactory, translate_topic
from tests.factories.proposals import ProposalFactory, ProposalIndexPageFactory

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "correct horse battery"  # staff_user_factory's

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
        "admin_feedback": "Palaute",
        "inbox": "Saapuneet",
        "answer_label": "Vastaus",
        "send_answer": "Tallenna ja lähetä vastaus sähköpostilla",
        "answer_sent": "Vastaus tallennettiin ja lähetettiin kuntalaiselle sähköpostilla.",
        "answer_email": "Palautteeseesi on vastattu.",
        "admin_locale": "fi-FI",
        "answer": "Valo korjataan huomenna.",
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
        "admin_feedback": "Respons",
        "inbox": "Inkorg",
        "answer_label": "Svar",
        "send_answer": "Spara och skicka svaret per e-post",
        "answer_sent": "Svaret sparades och skickades per e-post till kommuninvånaren.",
        "answer_email": "Din respons har besvarats.",
        "admin_locale": "sv-SE",
        "answer": "Ljuset repareras i morgon.",
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
def test_resident_gives_feedback_and_reads_the_answer(
    browser, live_server, page, assert_accessible, staff_user_factory, language
):
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
    answer_feedback_in_the_admin(browser, live_server, assert_accessible, staff_user_factory, feedback, text)

    # The resident opens the link in the answer email, on the phone, in their language.
    [answer_email] = [m for m in mail.outbox if m.to == ["aino@example.com"] and text["answer"] in m.body]
    assert text["answer_email"] in answer_email.body
    page.goto(email_link("aino@example.com", f"/{language}/feedback/track/[^/\\s]+/", text["answer"]))
    expect(page.get_by_role("heading", level=1)).to_have_text(text["tracking"].format(pk=feedback.pk))
    expect(page.locator("main")).to_contain_text(text["answer"])
    expect(page.locator("main")).to_contain_text(text["answered"])
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def answer_feedback_in_the_admin(browser, live_server, assert_accessible, staff_user_factory, feedback, text):
    """A feedback handler, in the resident's language, signs in and answers from the admin dashboard:
    sidebar menu → inbox → the new feedback → write the answer → send it."""
    handler = staff_user_factory("Feedback handlers", username="kasittelija")
    assert not handler.is_superuser
    admin_language(handler, feedback.language)

    staff = browser.new_context(base_url=live_server.url, locale=text["admin_locale"], viewport=DESKTOP)
    staff.set_default_timeout(15_000)
    admin = staff.new_page()
    violations = watch_csp(admin)
    admin.goto("/admin/login/")
    admin.locator("input[name=username]").fill("kasittelija")
    admin.locator("input[name=password]").fill(PASSWORD)
    admin.locator("form button[type=submit]").click()
    expect(admin).to_have_url(re.compile(r"/admin/$"))  # the dashboard
    assert_accessible(admin)

    sidebar = admin.locator("#wagtail-sidebar")
    sidebar.get_by_role("button", name=text["admin_feedback"], exact=True).click()
    sidebar.get_by_role("link", name=text["inbox"], exact=True).click()
    expect(admin).to_have_url(re.compile(r"/admin/feedback/inbox/"))
    assert_accessible(admin)

    admin.get_by_role("link", name=re.compile(rf"^#{feedback.pk} ")).click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text(f"#{feedback.pk}")
    expect(admin.locator("main")).to_contain_text(feedback.message)
    assert_accessible(admin)

    # Wagtail marks the required field with an asterisk after its label.
    admin.get_by_role("textbox", name=re.compile(rf"^{text['answer_label']}\W*$")).fill(text["answer"])
    admin.get_by_role("button", name=text["send_answer"]).click()
    expect(admin.get_by_text(text["answer_sent"])).to_be_visible()
    admin.wait_for_timeout(1500)  # Wagtail's messages fade in; axe measures their colours once shown
    assert_accessible(admin)
    staff.close()
    assert not violations, "Content security policy violations:\n" + "\n".join(violations)

    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ANSWERED
    assert feedback.public_answer == text["answer"]
    assert feedback.events.filter(kind="answer", user=handler).exists()


def email_link(address, pattern, containing=""):
    """The path of the link matching pattern in the latest email to address (that contains the text)."""
    [message] = [m for m in mail.outbox if m.to == [address] and re.search(pattern, m.body) and containing in m.body][-1:]
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
