"""Journey (issue 12): an association starts at the home page, clicks its way to the event submission
form and sends an event in Finnish and Swedish; a moderator (in "Moderators", not a superuser) starts
at the admin dashboard and approves it; the event is then found from each language's home page, with
the organiser, category and texts of that language. axe (WCAG 2.2 A/AA) on every page. Run once from
the Finnish site and once from the Swedish one."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from tests.snapshot import load_demo

PASSWORD = "correct horse battery"

# What the association sees and types, per site language: the other language's texts go in the
# fields marked "(in Swedish)" / "(på finska)".
SITE = {
    "fi": {
        "events": "Tapahtumat", "submit_link": "Yhdistykset: ilmoita tapahtumasi", "association": "Koivulan Martat ry",
        "both": "Suomeksi ja ruotsiksi", "send": "Lähetä tapahtuma", "done": "Kiitos, tapahtuma on lähetetty",
        "title_other": "Otsikko (ruotsiksi)",
        "summary_other": "Tiivistelmä (ruotsiksi)", "description_other": "Kuvaus (ruotsiksi)",
    },
    "sv": {
        "events": "Evenemang", "submit_link": "Föreningar: anmäl ert evenemang", "association": "Koivula Marthaförening rf",
        "both": "På finska och svenska", "send": "Skicka evenemanget", "done": "Tack, evenemanget har skickats",
        "title_other": "Rubrik (på finska)",
        "summary_other": "Sammanfattning (på finska)", "description_other": "Beskrivning (på finska)",
    },
}
EVENT = {
    "fi": {"title": "Marttojen leipäkurssi", "summary": "Opettelemme leipomaan ruisleipää.",
           "description": "Mukaan esiliina.", "organiser": "Koivulan Martat ry"},
    "sv": {"title": "Marthornas brödkurs", "summary": "Vi lär oss baka rågbröd.",
           "description": "Ta med förkläde.", "organiser": "Koivula Marthaförening rf"},
}



@pytest.fixture
def demo(db):
    load_demo()


@pytest.fixture
def check(assert_accessible):
    return assert_accessible


def ensure_martat():
    """The demo's associations include the Martat in both languages; make sure of the names used here."""
    from home.models import AssociationPage

    fi = AssociationPage.objects.live().filter(locale__language_code="fi", title=EVENT["fi"]["organiser"]).first()
    sv = AssociationPage.objects.live().filter(locale__language_code="sv", title=EVENT["sv"]["organiser"]).first()
    return fi, sv


@pytest.mark.parametrize("site_language", ["fi", "sv"])
def test_an_association_submits_a_bilingual_event_that_a_moderator_approves(
    page, browser, live_server, demo, check, django_user_model, site_language
):
    fi_association, sv_association = ensure_martat()
    assert fi_association is not None and sv_association is not None, "the demo has no Martat in both languages"
    own, other = site_language, "sv" if site_language == "fi" else "fi"
    words = SITE[own]

    # The association, from its language's home page.
    page.goto(f"/{own}/")
    check(page)
    page.get_by_role("navigation", name=re.compile("Päävalikko|Huvudmeny")).get_by_role(
        "link", name=words["events"], exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["events"])
    check(page)
    page.get_by_role("link", name=words["submit_link"]).click()
    expect(page.locator("form[method=post]")).to_be_visible()
    check(page)

    start = timezone.localtime() + timedelta(days=12)
    page.get_by_label(re.compile("^(Yhdistys|Förening)")).select_option(label=words["association"])
    page.get_by_label(words["both"]).check()
    page.locator("[name=title]").fill(EVENT[own]["title"])
    page.locator("[name=summary]").fill(EVENT[own]["summary"])
    page.locator("textarea[name=description]").fill(EVENT[own]["description"])
    page.get_by_label(words["title_other"]).fill(EVENT[other]["title"])
    page.get_by_label(words["summary_other"]).fill(EVENT[other]["summary"])
    page.get_by_label(words["description_other"]).fill(EVENT[other]["description"])
    page.locator("[name=start]").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.locator("[name=place_name]").fill("Marttala")
    page.locator("[name=submitter_name]").fill("Aino Martta")
    page.locator("[name=submitter_email]").fill("aino@example.org")
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name=words["send"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["done"])
    check(page)

    # A moderator, from the admin dashboard.
    moderator = django_user_model.objects.create_user("moderaattori", "moderaattori@koivula.example", PASSWORD)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    staff = browser.new_context(base_url=live_server.url, locale="fi-FI")
    staff.set_default_timeout(15_000)
    admin = staff.new_page()
    admin.goto("/admin/")
    admin.locator("#id_username").fill("moderaattori")
    admin.locator("#id_password").fill(PASSWORD)
    admin.locator("form button[type=submit]").first.click()
    expect(admin.locator("h1").first).to_be_visible()
    check(admin)
    # Wagtail's "Awaiting your review" panel: the row's actions menu has "Approve".
    awaiting = admin.get_by_role("region", name="Odottaa tarkastustasi")
    row = awaiting.get_by_role("row").filter(has_text=EVENT[own]["title"])
    expect(row).to_be_visible()
    row.get_by_role("button", name="Toimet", exact=True).click()
    row.get_by_role("button", name="Hyväksy", exact=True).click()
    expect(admin.get_by_role("row").filter(has_text=EVENT[own]["title"])).to_have_count(0)
    check(admin)
    staff.close()

    # The event is public in both languages, found from each home page.
    for language in ("fi", "sv"):
        page.goto(f"/{language}/")
        page.get_by_role("navigation", name=re.compile("Päävalikko|Huvudmeny")).get_by_role(
            "link", name=SITE[language]["events"], exact=True
        ).click()
        check(page)
        page.get_by_role("link", name=EVENT[language]["title"]).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(EVENT[language]["title"])
        expect(page.get_by_text(EVENT[language]["description"])).to_be_visible()
        expect(page.get_by_role("link", name=EVENT[language]["organiser"])).to_be_visible()
        check(page)
