"""Facts are the same in both languages: a change published in one language reaches the other's live
page at once (kumppanuus.translation_sync), in both directions, without touching translated text."""

import pytest

from engagement.events.models import EventStatus
from engagement.events.pages import EventPage
from home.models import AssociationPage, ContactPerson, InfluenceChannelPage
from tests.directory.helpers import translate as localize
from tests.events.conftest import translate
from tests.factories.directory import (
    AssociationCategoryFactory,
    AssociationIndexPageFactory,
    AssociationPageFactory,
    ContactPersonFactory,
)
from tests.factories.events import EventCategoryFactory, EventIndexPageFactory, EventPageFactory


@pytest.fixture
def event_pair(home_fi, locale_sv):
    index_fi = EventIndexPageFactory(parent=home_fi)
    translate(index_fi, locale_sv, title="Evenemang", slug="evenemang")
    event_fi = EventPageFactory(parent=index_fi, with_signup=True, capacity=60, title="Asukasilta", slug="asukasilta")
    event_fi.save_revision().publish()
    event_sv = translate(event_fi, locale_sv, title="Invånarkväll", slug="invanarkvall", place_name="Kommunhuset")
    return EventPage.objects.get(pk=event_fi.pk), event_sv


def publish_change(page, **fields):
    page = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


@pytest.mark.django_db
@pytest.mark.parametrize("direction", ["fi→sv", "sv→fi"])
def test_capacity_and_status_reach_the_other_language_at_once(client, event_pair, direction):
    event_fi, event_sv = event_pair
    edited, other = (event_fi, event_sv) if direction == "fi→sv" else (event_sv, event_fi)
    assert client.get(other.url).status_code == 200  # warm the page cache of the other language
    publish_change(edited, capacity=4, status=EventStatus.POSTPONED)

    other = EventPage.objects.get(pk=other.pk)
    assert (other.capacity, other.status, other.live, other.has_unpublished_changes) == (
        4, EventStatus.POSTPONED, True, False
    )
    assert other.get_latest_revision_as_object().capacity == 4
    # translated text stays as it was
    assert EventPage.objects.get(pk=event_sv.pk).title == "Invånarkväll"
    assert EventPage.objects.get(pk=event_sv.pk).place_name == "Kommunhuset"
    assert EventPage.objects.get(pk=event_fi.pk).title == "Asukasilta"
    # the public page of the other language shows it (no stale cached copy)
    html = client.get(other.url).content.decode()
    if other.locale.language_code == "fi":
        assert "Siirretty" in html and "4 paikkaa jäljellä" in html
    else:
        assert "Uppskjutet" in html and "4 platser kvar" in html


@pytest.mark.django_db
def test_times_place_organiser_and_category_follow_in_the_target_language(event_pair, locale_sv):
    event_fi, event_sv = event_pair
    category_fi = EventCategoryFactory(name="Kulttuuri", slug="kulttuuri")
    category_sv = localize(category_fi, locale_sv, {"Kulttuuri": "Kultur"})
    new_start = event_fi.start.replace(microsecond=0) + (event_fi.end - event_fi.start) * 3
    publish_change(
        event_fi, start=new_start, end=None, address="Uusi tie 2", category=category_fi, signup_enabled=False
    )
    event_sv = EventPage.objects.get(pk=event_sv.pk)
    assert event_sv.start == new_start and event_sv.end is None
    assert event_sv.address == "Uusi tie 2"
    assert event_sv.signup_enabled is False
    assert event_sv.category_id == category_sv.pk  # the Swedish category, not the Finnish one


@pytest.mark.django_db
def test_a_draft_of_the_other_language_is_kept_and_its_live_page_still_follows(event_pair):
    event_fi, event_sv = event_pair
    draft = event_sv.get_latest_revision_as_object()
    draft.intro = "Utkast som inte är klart"
    draft.save_revision()
    publish_change(event_fi, capacity=4)

    event_sv = EventPage.objects.get(pk=event_sv.pk)
    assert event_sv.capacity == 4 and event_sv.has_unpublished_changes
    assert event_sv.intro != "Utkast som inte är klart"  # the draft is not published
    latest = event_sv.get_latest_revision_as_object()
    assert (latest.capacity, latest.intro) == (4, "Utkast som inte är klart")


@pytest.mark.django_db
@pytest.mark.parametrize("direction", ["fi→sv", "sv→fi"])
def test_every_non_text_field_of_an_association_follows(home_fi, locale_sv, direction):
    index = AssociationIndexPageFactory(parent=home_fi)
    localize(index, locale_sv, {"Yhdistykset": "Föreningar"})
    category_fi = AssociationCategoryFactory(name="Urheilu", slug="urheilu")
    category_sv = localize(category_fi, locale_sv, {"Urheilu": "Idrott"})
    association_fi = AssociationPageFactory(parent=index, title="Koivulan Kisa", slug="kisa")
    association_fi.save_revision().publish()
    association_sv = localize(association_fi, locale_sv, {"Koivulan Kisa": "Björkby Idrott"})
    edited, other = (association_fi, association_sv) if direction == "fi→sv" else (association_sv, association_fi)
    edited_category = category_fi if edited.locale_id == category_fi.locale_id else category_sv
    page = edited.get_latest_revision_as_object()
    page.website = "https://kisa.example"
    page.contact_email = "uusi@kisa.example"
    page.languages = ["fi", "sv"]
    page.categories = [edited_category]
    page.save_revision().publish()

    other = AssociationPage.objects.get(pk=other.pk)
    assert other.website == "https://kisa.example"
    assert other.contact_email == "uusi@kisa.example"
    assert other.languages == ["fi", "sv"]
    expected_category = category_sv if other.locale_id == category_sv.locale_id else category_fi
    assert list(other.categories.all()) == [expected_category]
    assert other.title in ("Koivulan Kisa", "Björkby Idrott") and other.title != edited.title


@pytest.mark.django_db
@pytest.mark.parametrize("direction", ["fi→sv", "sv→fi"])
def test_contact_person_facts_follow_and_text_stays(locale_sv, direction):
    person_fi = ContactPersonFactory(name="Maija Mallikas", role="Suunnittelija")
    localize(person_fi.department, locale_sv, {})
    person_sv = localize(person_fi, locale_sv, {"Suunnittelija": "Planerare"})
    edited, other = (person_fi, person_sv) if direction == "fi→sv" else (person_sv, person_fi)
    edited.phone = "+358 9 000 0000"
    edited.email = "maija@koivula.example"
    edited.save()

    other = ContactPerson.objects.get(pk=other.pk)
    assert (other.phone, other.email) == ("+358 9 000 0000", "maija@koivula.example")
    assert other.role == ("Planerare" if other.locale_id == locale_sv.pk else "Suunnittelija")
    assert other.department.locale_id == other.locale_id


@pytest.mark.django_db
def test_channel_group_and_eligibility_follow(home_fi, locale_sv):
    from home.models import InfluenceChannelIndexPage

    index = home_fi.add_child(instance=InfluenceChannelIndexPage(title="Vaikuta", slug="vaikuta"))
    index_sv = localize(index, locale_sv, {"Vaikuta": "Påverka"})
    form_fi = index.add_child(instance=InfluenceChannelPage(title="Lomake", slug="lomake"))
    form_sv = localize(form_fi, locale_sv, {"Lomake": "Blankett"})
    channel_fi = index.add_child(instance=InfluenceChannelPage(title="Palaute", slug="palaute"))
    channel_sv = localize(channel_fi, locale_sv, {"Palaute": "Respons"})
    assert index_sv.live
    page = channel_sv.get_latest_revision_as_object()
    page.group = "initiative"
    page.eligibility = ["voters"]
    page.form_page = form_sv
    page.save_revision().publish()
    channel_fi = InfluenceChannelPage.objects.get(pk=channel_fi.pk)
    assert (channel_fi.group, channel_fi.eligibility) == ("initiative", ["voters"])
    assert channel_fi.form_page_id == form_fi.pk  # the Finnish form for the Finnish page
    assert channel_fi.title == "Palaute"


@pytest.mark.django_db
def test_a_fact_changed_in_swedish_does_not_mark_the_translation_outdated(event_pair):
    from kumppanuus.translation_report import OUTDATED, translation_gaps

    event_fi, event_sv = event_pair
    publish_change(event_sv, capacity=4)  # republishes the Finnish source, with the same text
    assert EventPage.objects.get(pk=event_fi.pk).capacity == 4
    assert not [gap for gap in translation_gaps() if gap.problem == OUTDATED]


@pytest.fixture
def channel_pair(home_fi, locale_sv):
    from home.models import InfluenceChannelIndexPage

    index = home_fi.add_child(instance=InfluenceChannelIndexPage(title="Vaikuta", slug="vaikuta"))
    localize(index, locale_sv, {"Vaikuta": "Påverka"})
    channel_fi = index.add_child(instance=InfluenceChannelPage(title="Palaute", slug="palaute"))
    channel_fi.save_revision().publish()
    channel_sv = localize(channel_fi, locale_sv, {"Palaute": "Respons"})
    people = []
    for name, role_fi, role_sv in (("Maija Mallikas", "Suunnittelija", "Planerare"), ("Pekka Puro", "Päällikkö", "Chef")):
        person_fi = ContactPersonFactory(name=name, role=role_fi)
        localize(person_fi.department, locale_sv, {})
        people.append((person_fi, localize(person_fi, locale_sv, {role_fi: role_sv})))
    return InfluenceChannelPage.objects.get(pk=channel_fi.pk), InfluenceChannelPage.objects.get(pk=channel_sv.pk), people


def _set_contacts(page, people):
    from home.models.channels import ChannelContact

    page = page.get_latest_revision_as_object()
    page.contacts = [ChannelContact(person=person, sort_order=order) for order, person in enumerate(people)]
    page.save_revision().publish()


@pytest.mark.django_db
@pytest.mark.parametrize("direction", ["fi→sv", "sv→fi"])
def test_a_channels_contact_people_follow_in_order_as_their_translations(client, channel_pair, locale_sv, direction):
    channel_fi, channel_sv, people = channel_pair
    edited, other = (channel_fi, channel_sv) if direction == "fi→sv" else (channel_sv, channel_fi)
    pick = 0 if edited.locale_id != locale_sv.pk else 1  # the edited language's person of each pair
    theirs = 1 - pick
    assert client.get(other.url).status_code == 200  # warm the page cache of the other language
    _set_contacts(edited, [people[1][pick], people[0][pick]])

    other = InfluenceChannelPage.objects.get(pk=other.pk)
    assert [c.person_id for c in other.contacts.order_by("sort_order")] == [people[1][theirs].pk, people[0][theirs].pk]
    assert (other.live, other.has_unpublished_changes) == (True, False)
    assert [c.person_id for c in other.get_latest_revision_as_object().contacts.all()] == [
        people[1][theirs].pk, people[0][theirs].pk
    ]
    assert other.title in ("Palaute", "Respons") and other.title != edited.title
    html = client.get(other.url).content.decode()
    roles = ("Chef", "Planerare") if other.locale_id == locale_sv.pk else ("Päällikkö", "Suunnittelija")
    assert roles[0] in html and roles[1] in html and html.index(roles[0]) < html.index(roles[1])

    # removing a person in either language removes them from the other too
    _set_contacts(other, [people[0][theirs]])
    edited = InfluenceChannelPage.objects.get(pk=edited.pk)
    assert [c.person_id for c in edited.contacts.all()] == [people[0][pick].pk]


@pytest.mark.django_db
def test_a_draft_keeps_its_text_while_the_live_page_gets_the_contact_people(channel_pair):
    channel_fi, channel_sv, people = channel_pair
    draft = channel_sv.get_latest_revision_as_object()
    draft.handling_time = "Utkast"
    draft.save_revision()
    _set_contacts(channel_fi, [people[0][0]])

    channel_sv = InfluenceChannelPage.objects.get(pk=channel_sv.pk)
    assert [c.person_id for c in channel_sv.contacts.all()] == [people[0][1].pk]
    assert channel_sv.has_unpublished_changes and channel_sv.handling_time != "Utkast"
    latest = channel_sv.get_latest_revision_as_object()
    assert latest.handling_time == "Utkast"
    assert [c.person_id for c in latest.contacts.all()] == [people[0][1].pk]


@pytest.mark.django_db
def test_contact_people_changed_in_swedish_do_not_mark_the_translation_outdated(channel_pair):
    from kumppanuus.translation_report import OUTDATED, translation_gaps

    channel_fi, channel_sv, people = channel_pair
    _set_contacts(channel_sv, [people[0][1]])
    assert [c.person_id for c in InfluenceChannelPage.objects.get(pk=channel_fi.pk).contacts.all()] == [people[0][0].pk]
    assert not [gap for gap in translation_gaps() if gap.problem == OUTDATED]
