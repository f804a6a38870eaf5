"""The site's demo content: content pages in both languages, the accessibility statement and privacy notice,
the footer and the settings; loading is idempotent and --reset rebuilds."""

import io

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from home.models import ContentPage, Footer, HomePage, SiteSettings
from kumppanuus.demo import site as demo_site
from tests.conftest import data_for_module
from tests.snapshot import load_demo

pytestmark = pytest.mark.django_db

# (Finnish url path, Swedish url path) of every content page the site module makes.
PAGES = [
    ("/fi/tietosuojaseloste/", "/sv/dataskyddsbeskrivning/"),
    ("/fi/saavutettavuusseloste/", "/sv/tillganglighetsutlatande/"),
    ("/fi/tietoa-kunnasta/", "/sv/om-kommunen/"),
    ("/fi/tietoa-kunnasta/paatoksenteko/", "/sv/om-kommunen/beslutsfattande/"),
    ("/fi/yhdistyksille/", "/sv/for-foreningar/"),
    ("/fi/yhdistyksille/avustukset/", "/sv/for-foreningar/bidrag/"),
    ("/fi/yhdistyksille/tilat/", "/sv/for-foreningar/lokaler/"),
    ("/fi/kumppanuusohjelma/", "/sv/partnerskapsprogrammet/"),
]


@pytest.fixture(scope="module")
def _site_demo_for_module(django_db_setup, django_db_blocker):
    with data_for_module(django_db_blocker):
        demo_site.load(io.StringIO())
        yield


@pytest.fixture
def site_demo(_site_demo_for_module, db):
    """The site module's demo, loaded once for this module; what a test changes is rolled back after it."""


def snapshot():
    return {
        "pages": Page.objects.count(),
        "content_pages": sorted(ContentPage.objects.values_list("url_path", flat=True)),
        "revisions": Revision.objects.count(),
        "footers": sorted(Footer.objects.values_list("locale__language_code", flat=True)),
        "settings": SiteSettings.objects.count(),
    }


def test_load_demo_twice_creates_nothing_new():
    load_demo()  # what `load_demo` made on this database the first time (tests/snapshot.py)
    first = snapshot()
    assert len(first["content_pages"]) >= len(PAGES) * 2
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first


def test_site_module_load_is_idempotent(site_demo):
    first = snapshot()
    demo_site.load(io.StringIO())
    assert snapshot() == first
    assert first["footers"] == ["fi", "sv"]


def test_reset_rebuilds_the_same_site():
    load_demo()
    before = snapshot()
    page_id = ContentPage.objects.get(slug="saavutettavuusseloste").pk
    call_command("load_demo", reset=True, stdout=io.StringIO())
    after = snapshot()
    assert after["content_pages"] == before["content_pages"]
    assert after["footers"] == ["fi", "sv"]
    assert ContentPage.objects.get(slug="saavutettavuusseloste").pk != page_id, "reset did not rebuild"
    for page in Page.objects.filter(depth__gt=1):
        assert page.numchild == page.get_children().count(), page.url_path


@pytest.mark.parametrize(("path_fi", "path_sv"), PAGES)
def test_every_content_page_answers_in_both_languages_and_links_its_translation(client, site_demo, path_fi, path_sv):
    page_fi = Page.objects.get(url_path__endswith=path_fi[3:], locale__language_code="fi").specific
    page_sv = Page.objects.get(url_path__endswith=path_sv[3:], locale__language_code="sv").specific
    assert page_fi.translation_key == page_sv.translation_key
    assert page_fi.live and page_sv.live
    assert page_fi.url == path_fi and page_sv.url == path_sv
    assert len(page_fi.body) >= 2 and len(page_sv.body) >= 2
    html_fi = client.get(path_fi).content.decode()
    html_sv = client.get(path_sv).content.decode()
    assert '<html lang="fi">' in html_fi and '<html lang="sv">' in html_sv
    assert f'<a href="{path_sv}" lang="sv" hreflang="sv">Svenska</a>' in html_fi
    assert f'<a href="{path_fi}" lang="fi" hreflang="fi">Suomi</a>' in html_sv
    assert f"<h1>{page_fi.title}</h1>" in html_fi and f"<h1>{page_sv.title}</h1>" in html_sv


def test_menus_show_the_main_content_pages_in_each_language(client, site_demo):
    html_fi = client.get("/fi/").content.decode()
    html_sv = client.get("/sv/").content.decode()
    for href, title in (("/fi/tietoa-kunnasta/", "Tietoa kunnasta"), ("/fi/yhdistyksille/", "Yhdistyksille")):
        assert f'<a href="{href}">{title}</a>' in html_fi
    for href, title in (("/sv/om-kommunen/", "Om kommunen"), ("/sv/for-foreningar/", "För föreningar")):
        assert f'<a href="{href}">{title}</a>' in html_sv
    assert "Saavutettavuusseloste</a>" not in html_fi.split('class="main-nav"')[1].split("</nav>")[0]


def test_home_pages_get_intro_and_body_in_their_own_language(client, site_demo):
    home_fi = HomePage.objects.get(locale__language_code="fi")
    home_sv = HomePage.objects.get(locale__language_code="sv")
    assert home_fi.intro.startswith("Tervetuloa") and home_sv.intro.startswith("Välkommen")
    block_types = {block.block_type for block in home_fi.body}
    assert {"paragraph", "call_to_action", "quote", "accordion"} <= block_types
    html_sv = client.get("/sv/").content.decode()
    assert 'href="/sv/for-foreningar/"' in html_sv and "Vanliga frågor" in html_sv
    assert "Usein kysyttyä" not in html_sv


def test_footer_links_to_the_statement_and_notice_in_each_language(client, site_demo):
    footer_fi = Footer.objects.get(locale__language_code="fi")
    footer_sv = Footer.objects.get(locale__language_code="sv")
    assert footer_fi.translation_key == footer_sv.translation_key
    html_fi = client.get("/fi/").content.decode()
    html_sv = client.get("/sv/").content.decode()
    assert '<a href="/fi/saavutettavuusseloste/">Saavutettavuusseloste</a>' in html_fi
    assert '<a href="/fi/tietosuojaseloste/">Tietosuojaseloste</a>' in html_fi
    assert '<a href="/sv/tillganglighetsutlatande/">Tillgänglighetsutlåtande</a>' in html_sv
    assert '<a href="/sv/dataskyddsbeskrivning/">Dataskyddsbeskrivning</a>' in html_sv


def test_site_settings_are_filled_for_the_default_site(client, site_demo):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.municipality_name_fi == "Koivulan kunta"
    assert settings.municipality_name_sv == "Björkby kommun"
    assert settings.phone and settings.email and settings.business_id and settings.address_fi and settings.address_sv
    assert len(settings.social_links) >= 3
    assert "Kommunvägen 1" in client.get("/sv/").content.decode()


def test_site_settings_an_editor_changed_are_kept(site_demo):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "+358 29 999 9999"
    settings.save()
    demo_site.load(io.StringIO())
    assert SiteSettings.for_site(Site.objects.get(is_default_site=True)).phone == "+358 29 999 9999"


@pytest.mark.parametrize(
    ("path", "required"),
    [
        (
            "/fi/saavutettavuusseloste/",
            [
                "laki digitaalisten palvelujen tarjoamisesta (306/2019)",
                "täyttää saavutettavuusvaatimukset osittain",
                "Ei-saavutettava sisältö",
                "Vaihtoehtoiset asiointitavat",
                "Anna palautetta saavutettavuudesta",
                "14 päivän kuluessa",
                "<p>Lupa- ja valvontavirasto<br",  # the supervising authority since 1.1.2026
                "https://www.saavutettavuusvaatimukset.fi/",
                "Seloste on laadittu",
            ],
        ),
        (
            "/sv/tillganglighetsutlatande/",
            [
                "lagen om tillhandahållande av digitala tjänster (306/2019)",
                "uppfyller tillgänglighetskraven delvis",
                "Icke-tillgängligt innehåll",
                "Alternativa sätt att sköta ärenden",
                "Ge respons om tillgängligheten",
                "inom 14 dagar",
                "<p>Tillstånds- och tillsynsverket<br",
                "https://www.tillganglighetskrav.fi/",
                "Utlåtandet har utarbetats",
            ],
        ),
        (
            "/fi/tietosuojaseloste/",
            [
                "Rekisterinpitäjä",
                "Tietosuojavastaava",
                "Käsittelyn tarkoitukset ja oikeusperusteet",
                "12 kuukautta palautteen sulkemisen jälkeen",
                "12 kuukautta aloitteen sulkemisen jälkeen",
                "30 päivää tapahtuman päättymisen jälkeen",
                "Poistetaan heti tapahtuman päätyttyä",
                "Tietoja ei siirretä Euroopan unionin tai Euroopan talousalueen ulkopuolelle",
                "Sinun oikeutesi",
                "tietosuojavaltuutetulle",
            ],
        ),
        (
            "/sv/dataskyddsbeskrivning/",
            [
                "Personuppgiftsansvarig",
                "Dataskyddsombud",
                "Ändamål och rättslig grund för behandlingen",
                "12 månader efter att responsen avslutats",
                "12 månader efter att initiativet avslutats",
                "30 dagar efter att evenemanget slutat",
                "Raderas genast efter evenemanget",
                "Uppgifterna överförs inte utanför Europeiska unionen",
                "Dina rättigheter",
                "dataombudsmannen",
            ],
        ),
    ],
)
def test_statement_and_notice_say_what_the_law_requires(client, site_demo, path, required):
    html = client.get(path).content.decode()
    missing = [text for text in required if text not in html]
    assert not missing, f"{path} lacks {missing}"


def test_about_page_shows_the_generated_image_with_alt_text_in_each_language(client, site_demo):
    html_fi = client.get("/fi/tietoa-kunnasta/").content.decode()
    html_sv = client.get("/sv/om-kommunen/").content.decode()
    assert 'alt="Koivuja järven rannalla' in html_fi
    assert 'alt="Björkar vid en sjöstrand' in html_sv
    assert html_fi.count("<img ") >= 2  # the logo and the landscape
    demo_site.load(io.StringIO())
    assert get_image_model().objects.filter(title=demo_site.LANDSCAPE_TITLE).count() == 1
