"""A resident's consultation journey, on a phone, in Finnish and Swedish, with axe (WCAG 2.2 A/AA) on
every page: from the home page through the main menu to the open consultation, comment on a section and
answer its question, report another comment, agree with a third."""

import re

import pytest
from playwright.sync_api import expect

from engagement.consultations.models import Answer, Comment
from home.models import HomePage
from tests.factories.consultations import make_comment, make_consultation, make_index

PHONE = {"width": 375, "height": 800}

TEXT = {
    "fi": {
        "menu": "Valikko", "main_menu": "Päävalikko", "index": "Kuulemiset", "title": "Kylän yleiskaava",
        "comment_and_answer": r"Kommentoi ja vastaa\W*Liikenne", "yes": "Kyllä", "comment_label": "Kommenttisi",
        "send": "Lähetä", "received": "Kiitos", "back": "Takaisin kuulemiseen", "report": "Ilmoita asiattomaksi",
        "send_report": "Ilmoita asiattomaksi", "reported": "Kiitos ilmoituksesta", "back_to_comments": "Takaisin kommentteihin",
        "agree": "Olen samaa mieltä", "agrees": "3 henkilöä on samaa mieltä",
    },
    "sv": {
        "menu": "Meny", "main_menu": "Huvudmeny", "index": "Samråd", "title": "Byns generalplan",
        "comment_and_answer": r"Kommentera och svara\W*Trafik", "yes": "Ja", "comment_label": "Din kommentar",
        "send": "Skicka", "received": "Tack", "back": "Tillbaka till samrådet", "report": "Anmäl",
        "send_report": "Anmäl", "reported": "Tack för anmälan", "back_to_comments": "Tillbaka till kommentarerna",
        "agree": "Jag håller med", "agrees": "3 personer håller med",
    },
}


def open_menu_item(tab, text, name):
    tab.get_by_role("button", name=text["menu"]).click()
    tab.get_by_role("navigation", name=text["main_menu"]).get_by_role("link", name=name, exact=True).click()


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_resident_comments_answers_reports_and_agrees(page, assert_accessible, language):
    text = TEXT[language]
    home_fi = HomePage.objects.get(locale__language_code="fi")
    index_fi, _index_sv = make_index(home_fi, show_in_menus=True)
    pages = dict(zip(("fi", "sv"), make_consultation(index_fi), strict=True))
    consultation = pages[language]
    first = consultation.sections.all()[0]
    reported = make_comment(consultation, first, text="Tämä kommentti ilmoitetaan", nickname="Ilmoitettava")
    agreed = make_comment(consultation, first, text="Tämän kanssa ollaan samaa mieltä", nickname="Kannatettava",
                          agree_count=2)
    page.set_viewport_size(PHONE)

    page.goto(f"/{language}/")
    assert_accessible(page)
    open_menu_item(page, text, text["index"])
    expect(page.get_by_role("heading", level=1)).to_have_text(text["index"])
    assert_accessible(page)
    page.get_by_role("link", name=text["title"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["title"])
    assert_accessible(page)

    # Comment on the section with the question, and answer it.
    page.get_by_role("link", name=re.compile(text["comment_and_answer"])).click()
    assert_accessible(page)
    page.get_by_label(text["yes"], exact=True).check()
    page.get_by_label(text["comment_label"]).fill("Väylä tarvitaan ennen uusia tontteja.")
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name=text["send"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["received"])
    assert_accessible(page)
    comment = Comment.objects.get(text="Väylä tarvitaan ennen uusia tontteja.")
    assert (comment.language, comment.section.translation_key, comment.status) == (
        language, consultation.sections.all()[1].translation_key, Comment.Status.PENDING)
    assert list(Answer.objects.values_list("choice", flat=True)) == [1]
    page.get_by_role("link", name=re.compile(text["back"])).click()

    # Report another comment.
    page.locator(f"#comment-{reported.pk}").get_by_role("link", name=re.compile(text["report"])).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name=text["send_report"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["reported"])
    assert_accessible(page)
    reported.refresh_from_db()
    assert reported.reports_count == 1
    page.get_by_role("link", name=text["back_to_comments"]).click()

    # Agree with a third.
    page.locator(f"#comment-{agreed.pk}").get_by_role("link", name=re.compile(text["agree"])).click()
    assert_accessible(page)
    page.get_by_role("button", name=text["agree"], exact=True).click()
    expect(page.locator(f"#comment-{agreed.pk}")).to_contain_text(text["agrees"])
    assert_accessible(page)
    agreed.refresh_from_db()
    assert agreed.agree_count == 3
