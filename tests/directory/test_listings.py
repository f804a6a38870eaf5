"""The directory, channel and contact listings: filters, search, collation, pagination, languages and
query budgets."""

import re

import pytest

from home.models import AssociationPage, InfluenceChannelPage

pytestmark = pytest.mark.django_db


def titles(response):
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', response.content.decode())


def test_directory_lists_alphabetically_with_a_ring_and_umlauts_after_z(client, demo_directory):
    names = titles(client.get(demo_directory["associations_fi"].url))
    assert len(names) == 12
    assert names[-2:] == ["Ääneskosken Soutajat ry", "Östra Björkby bygdeförening r.f."]
    assert names.index("Koivulan Kisa ry") < names.index("Mäkikylän kyläyhdistys ry")
    names_sv = titles(client.get(demo_directory["associations_sv"].url))
    assert names_sv[-2:] == ["Ääneskoski roddare rf", "Östra Björkby bygdeförening r.f."]


def test_directory_filters_by_category_area_language_and_search(client, demo_directory):
    url = demo_directory["associations_fi"].url
    assert set(titles(client.get(url, {"category": "kylat"}))) == {
        "Mäkikylän kyläyhdistys ry",
        "Rantalan kyläyhdistys ry",
        "Östra Björkby bygdeförening r.f.",
    }
    assert set(titles(client.get(url, {"area": "Rantala"}))) == {"Rantalan kyläyhdistys ry", "Ääneskosken Soutajat ry"}
    swedish = set(titles(client.get(url, {"language": "sv"})))
    assert "Björkby Sångkör r.f." in swedish and "Koivulan Kisa ry" not in swedish
    assert titles(client.get(url, {"q": "kirkkovene"})) == ["Ääneskosken Soutajat ry"]
    response = client.get(url, {"q": "ei-tällaista-yhdistystä"})
    assert titles(response) == [] and "Yhtään yhdistystä ei löytynyt" in response.content.decode()
    # The Swedish directory filters by the Swedish area names and shows Swedish category names.
    response = client.get(demo_directory["associations_sv"].url, {"area": "Strandby", "category": "urheilu"})
    assert titles(response) == ["Ääneskoski roddare rf"]
    assert "Motion och idrott" in response.content.decode()


def test_directory_paginates(client, demo_directory, monkeypatch):
    monkeypatch.setattr("home.models.associations.ASSOCIATIONS_PER_PAGE", 5)
    url = demo_directory["associations_fi"].url
    first, third = titles(client.get(url)), titles(client.get(url, {"page": 3}))
    assert len(first) == 5 and len(third) == 2 and first[0] == "Björkby Sångkör r.f."
    assert titles(client.get(url, {"page": 99})) == third
    assert titles(client.get(url, {"page": "x"})) == first


def test_association_page_shows_details_categories_and_events_seam(client, demo_directory):
    page = AssociationPage.objects.get(slug="koivulan-vpk", locale__language_code="sv")
    html = client.get(page.url).content.decode()
    assert "Koivula FBK rf" in html and "Säkerhet och räddning" in html and "Barn och unga" in html
    assert "Brandstationen, Stationsvägen 2" in html
    assert "Kommande evenemang" in html  # the events seam's heading
    assert page.steward_email not in html  # not public
    assert f"/update/{page.pk}/" in html  # the form page's route for suggesting an update


def test_channel_index_groups_channels_and_guides(client, demo_directory):
    html = client.get(demo_directory["channels_fi"].url).content.decode()
    headings = re.findall(r"<h2>([^<]+)</h2>", html)
    assert headings[:2] == ["Mikä kanava sopii asiaani?", "Anna palautetta"]
    assert "Vaikuttajatoimielimet" in headings
    assert "Olen nuori ja haluan vaikuttaa" in html
    html_sv = client.get(demo_directory["channels_sv"].url).content.decode()
    assert "Jag är ung och vill påverka" in html_sv and "Ungdomsfullmäktige" in html_sv


def test_channel_page_shows_steps_and_contacts_in_order(client, demo_directory):
    channel = InfluenceChannelPage.objects.get(slug="invanarinitiativ")
    html = client.get(channel.url).content.decode()
    assert html.index("Skriv initiativet") < html.index("Samla stöd") < html.index("Fullmäktige behandlar")
    assert html.index("Päivi Koskinen") < html.index("Anna Virtanen")
    assert "Kommunsekreterare" in html and "Invånare med rösträtt" in html


def test_who_to_contact_groups_filters_and_searches(client, demo_directory):
    url = demo_directory["contacts_fi"].url
    html = client.get(url).content.decode()
    assert html.index("Hallinto- ja elinvoimapalvelut") < html.index("Päivi Koskinen")
    assert html.index("Sivistys- ja vapaa-aikapalvelut") < html.index("Leena Mäkinen")
    html = client.get(url, {"q": "avustukset"}).content.decode()
    assert "Tuomas Heikkilä" in html and "Anna Virtanen" not in html
    html_sv = client.get(demo_directory["contacts_sv"].url, {"q": "unga"}).content.decode()
    assert "Jonas Holmström" in html_sv and "Ungdomssekreterare" in html_sv and "Sari Nieminen" not in html_sv
    from home.models import Department

    department = Department.objects.get(name="Tekniset palvelut ja ympäristö")
    html = client.get(url, {"department": department.pk}).content.decode()
    assert "Sari Nieminen" in html and "Päivi Koskinen" not in html


def test_query_budget_when_warm(client, demo_directory, django_assert_max_num_queries):
    """Each listed page makes at most 15 queries once warm, in both languages, events list included."""
    for language in ("fi", "sv"):
        association = AssociationPage.objects.get(slug="koivulan-kisa", locale__language_code=language)
        pages = [
            demo_directory[f"associations_{language}"].url,
            association.url,
            demo_directory[f"channels_{language}"].url,
            InfluenceChannelPage.objects.filter(locale__language_code=language).first().url,
            demo_directory[f"contacts_{language}"].url,
        ]
        for url in pages:
            assert client.get(url).status_code == 200
            with django_assert_max_num_queries(15):
                assert client.get(url).status_code == 200, url


def test_the_directory_renders_its_cards_once_and_follows_a_change(client, demo_directory, settings):
    """A filtered page of the directory and its cards are cached; a renamed association shows at once."""
    settings.PAGE_CACHE_SECONDS = 0  # the whole-page cache aside: this is about the directory's own cache
    url = demo_directory["associations_fi"].url
    client.get(url, {"q": "kirkkovene"})
    response = client.get(url, {"q": "kirkkovene"})
    assert titles(response) == ["Ääneskosken Soutajat ry"]
    assert "home/includes/association_cards.html" not in [template.name for template in response.templates]
    association = AssociationPage.objects.get(title="Ääneskosken Soutajat ry")
    association.title = "Ääneskosken <Soutajat> ry"
    association.save_revision().publish()
    html = client.get(url, {"q": "kirkkovene"}).content.decode()
    assert "Ääneskosken &lt;Soutajat&gt; ry" in html
    client.get(url)
    association.intro = "Soudamme joka kesä."
    association.save_revision().publish()
    assert titles(client.get(url, {"q": "kirkkovene"})) == []
