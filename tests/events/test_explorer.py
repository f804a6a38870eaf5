"""The page explorer under an events page (engagement/events/wagtail_hooks.py, EventPageViewSet): what an
event organiser sees of a city's calendar there, in both admin languages, and that nobody sees more than
Wagtail's page permissions let them explore."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import GroupPagePermission

from tests.factories import admin_language
from tests.factories.events import EventPageFactory
from tests.foundation.test_wagtail_messages import texts, untranslated_wagtail_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(index_fi):
    now = timezone.now()
    return [
        EventPageFactory(parent=index_fi, title=title, slug=slug, start=now + timedelta(days=days))
        for title, slug, days in (("Kyläilta", "kylailta", 3), ("Digiklinikka", "digiklinikka", 30),
                                  ("Kevätsiivous", "kevatsiivous", 120))
    ]


def explore(client, index, **params):
    response = client.get(f"/admin/pages/{index.pk}/", params)
    assert response.status_code == 200
    return response.content.decode()


def columns(html):
    """The listing's column headings."""
    table = html.split('<table class="listing', 1)[1].split("</thead>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", table).split())


def test_an_organiser_explores_the_events_with_their_start_in_both_admin_languages(
    client, staff_user_factory, index_fi, events
):
    organiser = staff_user_factory("Event organisers")
    client.force_login(organiser)
    html = explore(client, index_fi)
    assert all(event.title in html for event in events)
    heading = columns(html)
    assert "Alkaa" in heading and "Tyyppi" not in heading  # the start, not the page type: all are events
    start = timezone.localtime(events[1].start)
    assert f"{start.day}.{start.month}.{start.year} {start.hour}.{start:%M}" in html  # a date, not "just now"
    admin_language(organiser, "sv")
    assert "Börjar" in columns(explore(client, index_fi))


def test_the_events_are_filtered_and_sorted_by_their_start(client, staff_user_factory, index_fi, events):
    client.force_login(staff_user_factory("Event organisers"))
    today = timezone.localdate()
    html = explore(client, index_fi, start_from=(today + timedelta(days=10)).isoformat(),
                   start_to=(today + timedelta(days=60)).isoformat())
    assert "Digiklinikka" in html and "Kyläilta" not in html and "Kevätsiivous" not in html
    html = explore(client, index_fi, ordering="-start")
    assert html.index("Kevätsiivous") < html.index("Digiklinikka") < html.index("Kyläilta")


def test_an_organiser_covering_the_events_page_is_listed_without_the_permission_subquery(
    client, staff_user_factory, index_fi, events
):
    """Their permissions are on the events page itself, so every event below it is theirs to explore:
    the listing counts and reads the events without Wagtail's subquery of explorable pages."""
    client.force_login(staff_user_factory("Event organisers"))
    explore(client, index_fi)
    with CaptureQueriesContext(connection) as queries:
        explore(client, index_fi)
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(*)" in query["sql"]
              and "events_eventpage" in query["sql"]]
    assert counts and all("wagtailcore_grouppagepermission" not in sql and "IN (SELECT" not in sql for sql in counts)


def test_someone_with_some_events_only_explores_those_events_only(client, django_user_model, index_fi, events):
    """Permissions on two events and not on the events page: Wagtail's own rule of explorable pages
    applies, and the third event is not listed."""
    group = Group.objects.create(name="Kyläillan tekijät")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for event in (events[0], events[2]):
        GroupPagePermission.objects.create(group=group, page=event, permission=Permission.objects.get(codename="change_page"))
    user = django_user_model.objects.create_user("kylailta", "kylailta@koivula.example", "correct horse battery")
    user.groups.add(group)
    client.force_login(user)
    html = explore(client, index_fi)
    assert "Kyläilta" in html and "Kevätsiivous" in html and "Digiklinikka" not in html



@pytest.mark.parametrize("language, expected", [
    ("fi", ("Selataan: Tapahtumat", "1–2 / 2 (tapahtumat) sivun", "Lisää toimintoja: 'Digiklinikka'")),
    ("sv", ("Utforskar: Tapahtumat", "1–2 av 2 evenemang i", "Fler alternativ för 'Digiklinikka'")),
])
def test_the_dashboard_and_the_explorer_leave_no_wagtail_message_in_english(
    client, staff_user_factory, index_fi, events, language, expected
):
    """Wagtail 7.4's Finnish and Swedish catalogues lack some of what an organiser reads on these screens
    (the result count, the row menus, the keyboard shortcuts); the project's catalogue has them
    (kumppanuus.admin_ui.WAGTAIL_MESSAGES)."""
    organiser = staff_user_factory("Event organisers")
    admin_language(organiser, language)
    client.force_login(organiser)
    dashboard = client.get("/admin/").content.decode()
    assert untranslated_wagtail_texts(dashboard, language) == []
    assert untranslated_wagtail_texts(explore(client, index_fi), language) == []
    filtered = explore(client, index_fi, start_from=(timezone.localdate() + timedelta(days=10)).isoformat())
    assert untranslated_wagtail_texts(filtered, language) == []
    text = " ".join(texts(filtered))
    assert all(translated in text for translated in expected)
