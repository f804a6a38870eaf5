"""The privacy tools in a real browser: a privacy officer signs in, finds a resident's data, exports it
as JSON, erases it through the confirmation page; axe on each admin page of the tools."""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from engagement.feedback.models import Feedback
from engagement.privacy.models import PrivacyLogEntry
from engagement.proposals.models import Support
from tests.factories import admin_language
from tests.factories.feedback import FeedbackFactory
from tests.factories.proposals import SupportFactory

PASSWORD = "correct horse battery staple"


def make_officer():
    user = get_user_model().objects.create_user("tietosuoja", "tietosuoja@koivula.example", PASSWORD)
    user.groups.add(Group.objects.get(name="Privacy officers"))
    admin_language(user, "fi")
    return user


def test_find_export_and_erase(page, assert_accessible, tmp_path):
    make_officer()
    mine = FeedbackFactory(email="Aino.Virtanen@example.com", message="Männistön katuvalo on rikki.")
    theirs = FeedbackFactory(email="x.aino.virtanen@example.com", topic=mine.topic)
    SupportFactory(email="aino.virtanen@example.com")

    page.goto("/admin/login/")
    page.locator("input[name=username]").fill("tietosuoja")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.goto("/admin/privacy/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tietosuojatyökalut")
    assert_accessible(page)

    page.get_by_label("Sähköpostiosoite").fill("AINO.virtanen@example.com")
    page.get_by_role("button", name="Hae", exact=True).click()
    expect(page.get_by_text("2 tietoa löytyi.")).to_be_visible()
    expect(page.get_by_role("heading", name="Palaute (1)")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Vie JSON-tiedostona").click()
    target = tmp_path / "export.json"
    download_info.value.save_as(target)
    export = json.loads(target.read_text(encoding="utf-8"))
    assert [item["message"] for item in export["feedback"]] == ["Männistön katuvalo on rikki."]
    assert export["counts"]["supports"] == 1

    page.get_by_role("button", name="Poista…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Poista henkilön tiedot")
    assert Feedback.objects.get(pk=mine.pk).email  # listing is not erasing
    assert_accessible(page)
    page.get_by_role("button", name="Kyllä, poista").click()
    expect(page.get_by_text("2 tietoa poistettiin.")).to_be_visible()

    assert Feedback.objects.get(pk=mine.pk).email == ""
    assert Feedback.objects.get(pk=theirs.pk).email == "x.aino.virtanen@example.com"
    assert Support.objects.get().email == ""
    assert list(PrivacyLogEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "search", "export", "search", "erase"]
