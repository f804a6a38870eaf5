"""Directory models: admin creation of each page type, wagtail-localize translation of each page type
and snippet (with synchronised email and phone), contact cards and vCards."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_localize.models import TranslationSource

from home.models import (
    AssociationIndexPage,
    AssociationPage,
    ChannelContact,
    ContactIndexPage,
    ContactPerson,
    ContentPage,
    HomePage,
    InfluenceChannelIndexPage,
    InfluenceChannelPage,
)
from home.models.associations import collation_key
from tests.directory.helpers import translate
from tests.factories.directory import (
    AssociationCategoryFactory,
    AssociationIndexPageFactory,
    AssociationPageFactory,
    ContactPersonFactory,
    DepartmentFactory,
)


class AdminCreationTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.home = HomePage.objects.get(locale__language_code="fi")

    def test_can_create_association_index_and_association(self):
        self.assertCanCreateAt(HomePage, AssociationIndexPage)
        self.assertCanNotCreateAt(ContentPage, AssociationPage)
        self.assertCanCreate(
            self.home,
            AssociationIndexPage,
            nested_form_data({"title": "Yhdistykset", "slug": "yhdistykset", "intro": "Kaikki yhdistykset"}),
        )
        index = AssociationIndexPage.objects.get(slug="yhdistykset")
        category = AssociationCategoryFactory(name="Urheilu", slug="urheilu")
        self.assertCanCreate(
            index,
            AssociationPage,
            nested_form_data(
                {
                    "title": "Koivulan Kisa ry",
                    "slug": "koivulan-kisa",
                    "intro": "Urheiluseura",
                    "body": streamfield([("paragraph", rich_text("<p>Hiihtoa ja yleisurheilua.</p>"))]),
                    "area": "Kirkonkylä",
                    "contact_email": "kisa@example.org",
                    "social_links": streamfield([]),
                    "how_to_join": rich_text("<p>Tule mukaan.</p>"),
                    "steward_email": "hallitus@example.org",
                }
            )
            # nested_form_data flattens lists; checkboxes post one value per box.
            | {"categories": [category.pk], "languages": ["fi", "sv"]},
        )
        page = AssociationPage.objects.get(slug="koivulan-kisa")
        assert page.languages == ["fi", "sv"]
        assert list(page.categories.all()) == [category]

    def test_can_create_channel_index_and_channel(self):
        person = ContactPersonFactory()
        self.assertCanCreate(
            self.home,
            InfluenceChannelIndexPage,
            nested_form_data({"title": "Vaikuta", "slug": "vaikuta", "guide": streamfield([])}),
        )
        index = InfluenceChannelIndexPage.objects.get(slug="vaikuta")
        self.assertCanCreate(
            index,
            InfluenceChannelPage,
            nested_form_data(
                {
                    "title": "Kuntalaisaloite",
                    "slug": "kuntalaisaloite",
                    "group": "initiative",
                    "can_affect": rich_text("<p>Kaikkea kunnan toimintaa.</p>"),
                    "steps": streamfield([("step", {"title": "Kirjoita aloite", "text": rich_text("")})]),
                    "handling_time": "3 kk",
                    "contacts": inline_formset([{"person": person.pk}]),
                    "resources": streamfield([]),
                }
            )
            | {"eligibility": ["residents", "voters"]},
        )
        channel = InfluenceChannelPage.objects.get(slug="kuntalaisaloite")
        assert channel.eligibility == ["residents", "voters"]
        assert [contact.person for contact in channel.contacts.all()] == [person]

    def test_can_create_contact_index(self):
        self.assertCanCreate(
            self.home, ContactIndexPage, nested_form_data({"title": "Yhteyshenkilöt", "slug": "yhteyshenkilot"})
        )


@pytest.mark.django_db
def test_contact_person_translation_keeps_email_and_phone_synchronised(locale_sv):
    department = DepartmentFactory(name="Sivistyspalvelut")
    translate(department, locale_sv, {"Sivistyspalvelut": "Bildningstjänster"})
    person = ContactPersonFactory(
        name="Leena Mäkinen", role="Suunnittelija", department=department, email="leena@koivula.example",
        phone="+358 40 100 2003", topics="yhdistykset",
    )
    person_sv = translate(person, locale_sv, {"Suunnittelija": "Planerare", "yhdistykset": "föreningar"})
    assert person_sv.role == "Planerare" and person_sv.topics == "föreningar"
    assert person_sv.department.name == "Bildningstjänster"
    # The email and phone are synchronised: a change in Finnish reaches Swedish on the next sync.
    person.email, person.phone = "leena.makinen@koivula.example", "+358 40 999 0000"
    person.save()
    source, _created = TranslationSource.update_or_create_from_instance(person)
    for translation in source.translations.all():
        translation.save_target()
    person_sv = ContactPerson.objects.get(translation_key=person.translation_key, locale=locale_sv)
    assert person_sv.email == "leena.makinen@koivula.example"
    assert person_sv.phone == "+358 40 999 0000"
    assert person_sv.role == "Planerare"


@pytest.mark.django_db
def test_association_category_and_pages_translate(home_fi, locale_sv):
    category = AssociationCategoryFactory(name="Urheilu", slug="urheilu")
    category_sv = translate(category, locale_sv, {"Urheilu": "Idrott"})
    assert category_sv.name == "Idrott" and category_sv.slug == "urheilu"

    index = AssociationIndexPageFactory(parent=home_fi, title="Yhdistykset")
    index_sv = translate(index, locale_sv, {"Yhdistykset": "Föreningar"})
    association = AssociationPageFactory(parent=index, title="Koivulan Kisa ry", intro="Urheiluseura", area="Kirkonkylä")
    association.categories.set([category])
    association.save_revision().publish()
    association_sv = translate(
        association, locale_sv, {"Urheiluseura": "Idrottsförening", "Kirkonkylä": "Kyrkbyn"}
    ).specific
    assert association_sv.live and association_sv.get_parent().pk == index_sv.pk
    assert association_sv.intro == "Idrottsförening" and association_sv.area == "Kyrkbyn"
    assert association_sv.steward_email == association.steward_email  # synchronised
    assert association_sv.languages == ["fi"]


@pytest.mark.django_db
def test_channel_pages_translate_and_show_translated_contacts(client, home_fi, locale_sv):
    person = ContactPersonFactory(name="Päivi Koskinen", role="Kunnansihteeri")
    translate(person.department, locale_sv, {})
    person_sv = translate(person, locale_sv, {"Kunnansihteeri": "Kommunsekreterare"})
    index = InfluenceChannelIndexPage(title="Vaikuta", slug="vaikuta")
    home_fi.add_child(instance=index)
    index.save_revision().publish()
    channel = InfluenceChannelPage(
        title="Kuntalaisaloite", slug="kuntalaisaloite", group="initiative", eligibility=["voters"],
        handling_time="Kolme kuukautta", contacts=[ChannelContact(person=person)],
    )
    index.add_child(instance=channel)
    channel.save_revision().publish()
    translate(index, locale_sv, {"Vaikuta": "Påverka"})
    channel_sv = translate(channel, locale_sv, {"Kuntalaisaloite": "Invånarinitiativ", "Kolme kuukautta": "Tre månader"})
    assert channel_sv.specific.eligibility == ["voters"]
    html = client.get(channel_sv.url).content.decode()
    assert "Invånarinitiativ" in html and "Tre månader" in html
    assert person_sv.role in html  # the Swedish translation of the contact person
    assert "Residents entitled to vote" not in html and "Invånare med rösträtt" in html
    index_html = client.get(Page.objects.get(pk=channel_sv.get_parent().pk).url).content.decode()
    assert "Invånarinitiativ" in index_html


@pytest.mark.django_db
def test_contact_index_translates(home_fi, locale_sv):
    page = ContactIndexPage(title="Yhteyshenkilöt", slug="yhteyshenkilot", intro="Keneen ottaa yhteyttä")
    home_fi.add_child(instance=page)
    page.save_revision().publish()
    page_sv = translate(page, locale_sv, {"Yhteyshenkilöt": "Kontaktpersoner", "Keneen ottaa yhteyttä": "Vem kontaktar jag"})
    assert page_sv.title == "Kontaktpersoner" and page_sv.live


def test_collation_puts_swedish_and_finnish_letters_after_z():
    names = ["Östra", "Ääneskoski", "Zeta", "Åland", "Alfa", "Émile", "Über"]
    assert sorted(names, key=collation_key) == ["Alfa", "Émile", "Über", "Zeta", "Åland", "Ääneskoski", "Östra"]


@pytest.mark.django_db
def test_vcard_download(client, home_fi):
    person = ContactPersonFactory(name="Anna Virtanen", role="Osallisuuskoordinaattori", email="anna@koivula.example")
    response = client.get(reverse("home:contact_vcard", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    assert 'filename="anna-virtanen.vcf"' in response["Content-Disposition"]
    body = response.content.decode()
    assert "BEGIN:VCARD" in body and "N:Virtanen;Anna;;;" in body
    assert "EMAIL;TYPE=INTERNET,WORK:anna@koivula.example" in body and "TITLE:Osallisuuskoordinaattori" in body
    assert client.get(reverse("home:contact_vcard", args=[999999])).status_code == 404
