"""The events' caches: a sign-up changes only its event's places, so it has them counted again and leaves
the listings, cards, feeds and organiser names cached (a city's names take a second to build, and every
event page, form and card reads them)."""

import pytest

from engagement.events import caching, services
from engagement.events.pages import EventPage
from tests.factories.directory import AssociationIndexPageFactory, AssociationPageFactory
from tests.factories.events import EventPageFactory

pytestmark = pytest.mark.django_db


def places_left(event):
    return EventPage.objects.get(pk=event.pk).places_left()


def test_a_sign_up_and_its_cancellation_count_places_again_and_leave_the_names_cached(
    index_fi, django_assert_num_queries
):
    event = EventPageFactory(parent=index_fi, with_signup=True, capacity=10)
    caching.names(event.locale_id)
    assert places_left(event) == 10

    signup = services.sign_up(event, name="Aino Virtanen", email="aino@example.com", people=2)

    assert places_left(event) == 8
    services.cancel(signup, notify=False)
    assert places_left(event) == 10
    with django_assert_num_queries(0):
        caching.names(event.locale_id)


def test_a_renamed_organiser_shows_at_once(index_fi, home_fi):
    association = AssociationPageFactory(
        parent=AssociationIndexPageFactory(parent=home_fi), title="Koivulan Kisa"
    )
    event = EventPageFactory(parent=index_fi, organiser=association)
    assert places_left(event) is None
    assert caching.names(event.locale_id)["organisers_by_id"][association.pk]["title"] == "Koivulan Kisa"

    association.title = "Koivulan Kisa ry"
    association.save()

    assert caching.names(event.locale_id)["organisers_by_id"][association.pk]["title"] == "Koivulan Kisa ry"


def test_the_names_are_kept_in_the_process_until_a_change(index_fi, home_fi):
    """A city's organiser names are not unpickled on every event page, card and form: kept in the process
    while the namespace's version holds, and built again after a change."""
    association = AssociationPageFactory(parent=AssociationIndexPageFactory(parent=home_fi), title="Koivulan Kisa")
    locale_id = index_fi.locale_id
    first = caching.names(locale_id)
    assert caching.names(locale_id) is first
    association.title = "Koivulan Kisa ry"
    association.save()
    again = caching.names(locale_id)
    assert again is not first and again["organisers_by_id"][association.pk]["title"] == "Koivulan Kisa ry"
