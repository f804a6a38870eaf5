"""The bilingual site in a real browser: home pages, language switcher, search, 404, with axe."""

import re

from playwright.sync_api import expect


def test_home_pages_are_accessible_and_switch_language(page, assert_accessible):
    page.goto("/fi/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    assert_accessible(page)
    page.get_by_role("navigation", name="Kieli").get_by_role("link", name="Svenska").click()
    expect(page).to_have_url(re.compile(r"/sv/$"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page)


def test_skip_link_moves_focus_to_main(page):
    page.goto("/fi/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Siirry sisältöön")
    expect(skip).to_be_focused()
    skip.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_search_and_not_found_pages_are_accessible(page, assert_accessible):
    page.goto("/sv/search/?q=kommun")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page)
    response = page.goto("/fi/ei-ole-olemassa/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Sivua ei löytynyt")
    assert_accessible(page)
