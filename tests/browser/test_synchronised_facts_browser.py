"""An event organiser (not a superuser) starts at the admin dashboard, changes an event's capacity in one
language and publishes; the other language's public page follows at once. Both directions, with axe
(WCAG 2.2 A and AA) on the public pages, reached by clicking from the home page."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import GroupPagePermission, Locale

from engagement.events.pages import EventIndexPage, EventPage
from home.models import HomePage
from tests.factories import admin_language
from tests.factories.events import EventIndexPageFactory, EventPageFactory

PASSWORD = "correct horse battery"


def bilingual_event():
    home_fi = HomePage.objects.get(locale__language_code="fi")
    sv = Locale.objects.get(language_code="sv")
    index_fi = EventIndexPageFactory(parent=home_fi, show_in_menus=True)
    index_sv = index_fi.copy_for_translation(sv, copy_parents=False)
    index_sv.title, index_sv.slug = "Evenemang", "evenemang"
    index_sv.save_revision().publish()
    event_fi = EventPageFactory(
        parent=index_fi, title="Asukasilta", slug="asukasilta", signup_enabled=True, capacity=60,
        start=timezone.now() + timedelta(days=10),
    )
    event_fi.save_revision().publish()
    event_sv = event_fi.copy_for_translation(sv, copy_parents=False)
    event_sv.title, event_sv.slug, event_sv.intro = "Invånarkväll", "invanarkvall", "Kom och berätta."
    event_sv.save_revision().publish()
    return (index_fi, EventPage.objects.get(pk=event_fi.pk)), (EventIndexPage.objects.get(pk=index_sv.pk), event_sv)


def event_organiser(django_user_model, indexes, language):
    """A member of "Event organisers" who may edit and publish the events below the events pages."""
    group = Group.objects.get(name="Event organisers")
    for index in indexes:
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=group, page=index, permission=Permission.objects.get(content_type__app_label="wagtailcore",
                                                                         codename=codename)
            )
    user = django_user_model.objects.create_user("jarjestaja", "jarjestaja@koivula.example", PASSWORD, is_staff=False)
    user.groups.add(group)
    admin_language(user, language)
    return user


@pytest.mark.parametrize("edit_language,public_language", [("fi", "sv"), ("sv", "fi")])
def test_organiser_changes_capacity_and_the_other_language_follows(
    page, assert_accessible, django_user_model, edit_language, public_language
):
    (index_fi, event_fi), (index_sv, event_sv) = bilingual_event()
    user = event_organiser(django_user_model, [index_fi, index_sv], edit_language)
    edited = event_fi if edit_language == "fi" else event_sv
    other = event_sv if edit_language == "fi" else event_fi
    other_index = index_sv if edit_language == "fi" else index_fi

    # The admin: sign in, from the dashboard search for the event, open it, change capacity, publish.
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))  # the dashboard
    search = page.locator("#menu-search-q, input[name=q]").first
    search.fill(edited.title)
    search.press("Enter")
    page.get_by_role("link", name=edited.title).first.click()
    capacity = page.locator("input[name=capacity]")
    expect(capacity).to_have_value("60")
    capacity.fill("4")
    footer_toggle = page.locator("footer .w-dropdown__toggle, .footer .w-dropdown__toggle").last
    footer_toggle.click()
    page.locator("button[name=action-publish]").click()
    expect(page.locator(".messages .success")).to_contain_text(edited.title)  # "… published."
    assert EventPage.objects.get(pk=edited.pk).capacity == 4
    assert EventPage.objects.get(pk=other.pk).capacity == 4

    # The public site in the other language, from its home page, by clicking.
    page.goto(f"/{public_language}/")
    assert_accessible(page)
    page.get_by_role("link", name=other_index.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(other_index.title)
    assert_accessible(page)
    page.get_by_role("link", name=other.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(other.title)
    expect(page.get_by_text("4 platser kvar." if public_language == "sv" else "4 paikkaa jäljellä.")).to_be_visible()
    assert_accessible(page)
