"""The contact-card block, demo idempotence and the directory cache staying fresh."""

import pytest
from wagtail.models import Locale

from home.models import AssociationPage, ContactPerson, ContentPage, InfluenceChannelPage
from kumppanuus.demo import directory as demo
from tests.directory.helpers import translate
from tests.factories.directory import AssociationPageFactory, ContactPersonFactory

pytestmark = pytest.mark.django_db


def test_contact_card_block_shows_the_person_in_the_page_language(client, home_fi, locale_sv):
    person = ContactPersonFactory(name="Jonas Holmström", role="Nuorisosihteeri", email="jonas@koivula.example")
    translate(person.department, locale_sv, {})
    translate(person, locale_sv, {"Nuorisosihteeri": "Ungdomssekreterare"})
    page = ContentPage(
        title="Nuoret", slug="nuoret", body=[("contact_card", {"heading": "Kysy lisää", "person": person})]
    )
    home_fi.add_child(instance=page)
    page.save_revision().publish()
    page_sv = translate(page, locale_sv, {"Nuoret": "Unga", "Kysy lisää": "Fråga mer"})
    html = client.get(page.url).content.decode()
    assert "Kysy lisää" in html and "Nuorisosihteeri" in html and "mailto:jonas@koivula.example" in html
    html_sv = client.get(page_sv.url).content.decode()
    assert "Fråga mer" in html_sv and "Ungdomssekreterare" in html_sv and "Nuorisosihteeri" not in html_sv


def test_demo_load_is_idempotent(demo_directory):
    counts = (AssociationPage.objects.count(), InfluenceChannelPage.objects.count(), ContactPerson.objects.count())
    assert counts == (24, 20, 16)

    class Quiet:
        def write(self, text):
            pass

    demo.load(Quiet())
    assert (AssociationPage.objects.count(), InfluenceChannelPage.objects.count(), ContactPerson.objects.count()) == counts
    assert all(p.get_translation_or_none(Locale.objects.get(language_code="sv")) for p in AssociationPage.objects.filter(locale__language_code="fi"))


def test_cached_directory_shows_changes_at_once(client, demo_directory):
    index = demo_directory["associations_fi"]
    assert "Koivulan Lentopalloseura" not in client.get(index.url).content.decode()
    AssociationPageFactory(parent=index, title="Koivulan Lentopalloseura")
    assert "Koivulan Lentopalloseura" in client.get(index.url).content.decode()
    page = AssociationPage.objects.get(slug="koivulan-kisa", locale__language_code="fi")
    page.title = "Koivulan Kisa – Urheiluseura ry"
    page.save_revision().publish()
    assert "Koivulan Kisa – Urheiluseura ry" in client.get(index.url).content.decode()
    page.unpublish()
    assert "Koivulan Kisa – Urheiluseura ry" not in client.get(index.url).content.decode()
