"""Demo content: the Koivula – Björkby site itself – home page, content pages, accessibility statement,
privacy notice, footer and site settings, in Finnish and Swedish."""

import io
import json
import random
import uuid

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from home.demo.helpers import home_pages, locales, page_pair
from home.models import ContentPage, Footer, SiteSettings

# Other modules link to these pages by slug: keep them stable.
ACCESSIBILITY_SLUGS = ("saavutettavuusseloste", "tillganglighetsutlatande")
PRIVACY_SLUGS = ("tietosuojaseloste", "dataskyddsbeskrivning")

STATEMENT_DATE = ("15.10.2026", "15.10.2026")
STATEMENT_UPDATED = ("20.11.2026", "20.11.2026")

SETTINGS = {
    "municipality_name_fi": "Koivulan kunta",
    "municipality_name_sv": "Björkby kommun",
    "address_fi": "Koivulan kunta\nKirjaamo\nKunnantie 1\n99990 Koivula",
    "address_sv": "Björkby kommun\nRegistratorskontoret\nKommunvägen 1\n99990 Björkby",
    "phone": "+358 29 123 4000",
    "email": "kirjaamo@koivula.example",
    "business_id": "0987654-3",
    "facebook": "https://www.facebook.com/koivula.bjorkby.demo",
    "instagram": "https://www.instagram.com/koivula.bjorkby.demo",
    "youtube": "https://www.youtube.com/@koivula-bjorkby-demo",
    "linkedin": "https://www.linkedin.com/company/koivula-bjorkby-demo",
}


LANDSCAPE_TITLE = "Koivulan järvimaisema / Björkby sjölandskap (demo)"


def landscape_image():
    """A drawn lake landscape with birches, made once with Pillow: the demo ships no binary files."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=LANDSCAPE_TITLE).first()
    if image is not None:
        return image
    from PIL import Image as PILImage
    from PIL import ImageDraw

    width, height = 1200, 600
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(330):  # evening sky
        draw.line([(0, y), (width, y)], fill=(120 + y // 4, 170 + y // 8, 225 - y // 10))
    draw.polygon([(0, 330), (180, 250), (420, 300), (650, 230), (900, 290), (1200, 240), (1200, 360), (0, 360)],
                 fill=(46, 96, 62))
    for y in range(360, height):  # lake
        draw.line([(0, y), (width, y)], fill=(40, 90 + (y - 360) // 6, 140 + (y - 360) // 5))
    draw.polygon([(0, 470), (300, 430), (520, 600), (0, 600)], fill=(82, 130, 60))  # shore
    rng = random.Random(8412)
    for x in (60, 140, 230, 330):  # birches on the shore
        top = 120 + rng.randint(0, 60)
        draw.rectangle([x, top, x + 14, 520], fill=(236, 236, 228))
        for y in range(top + 10, 510, 26):
            draw.rectangle([x + rng.randint(0, 6), y, x + 8 + rng.randint(0, 6), y + 4], fill=(40, 40, 40))
        draw.ellipse([x - 60, top - 50, x + 74, top + 110], fill=(90, 150 + rng.randint(0, 30), 60))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=True)
    image = image_model(title=LANDSCAPE_TITLE)
    image.file = ImageFile(buffer, name="koivula-jarvimaisema.png")
    image.save()
    return image


# --- StreamField helpers: raw JSON, so rich text and lists go through the blocks' own to_python. ---


def stream(*blocks):
    return json.dumps([{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in blocks])


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(*paragraphs):
    return ("paragraph", "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs))


def bullets(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def quote(text, attribution=""):
    return ("quote", {"text": text, "attribution": attribution})


def call_to_action(title, text, link_text, page=None, url=""):
    return ("call_to_action", {"title": title, "text": text, "link": {"page": page, "url": url, "text": link_text}})


def accordion(title, *items):
    return (
        "accordion",
        {"title": title, "items": [{"question": q, "answer": a if a.startswith("<") else f"<p>{a}</p>"} for q, a in items]},
    )


def table(caption, header, *rows):
    return ("table", {"caption": caption, "header": list(header), "rows": [list(row) for row in rows]})


def link(text, href):
    return f'<a href="{href}">{text}</a>'


def page_link(text, page_id):
    return f'<a linktype="page" id="{page_id}">{text}</a>'


# --- Accessibility statement (Laki digitaalisten palvelujen tarjoamisesta 306/2019, 15–17 §) ---


def accessibility_statement(lang, pages):
    privacy = pages["privacy"][lang].pk
    if lang == 0:
        return stream(
            paragraph(
                "Tämä saavutettavuusseloste koskee Koivulan kunnan verkkosivustoa koivula.example. "
                "Sivustoa koskee laki digitaalisten palvelujen tarjoamisesta (306/2019), jonka mukaan julkisten "
                "verkkopalvelujen on täytettävä WCAG 2.1 -ohjeiston A- ja AA-tason vaatimukset "
                "(standardi EN 301 549).",
                f"Seloste on laadittu {STATEMENT_DATE[0]} ja päivitetty {STATEMENT_UPDATED[0]}. "
                "Saavutettavuus on arvioitu kunnan omana arviona: sivut on testattu automaattisesti axe-työkalulla "
                "jokaisen muutoksen yhteydessä, ja osallisuus- ja viestintäyksikkö on tarkistanut ne "
                "näppäimistöllä, ruudunlukijalla (NVDA ja VoiceOver) sekä 200 %:n suurennoksella.",
            ),
            heading("Digipalvelun saavutettavuuden tila"),
            paragraph(
                "<p><strong>Sivusto täyttää saavutettavuusvaatimukset osittain.</strong> "
                "Alla on lueteltu sisällöt, jotka eivät vielä ole saavutettavia, ja korjausten aikataulu.</p>"
            ),
            heading("Ei-saavutettava sisältö"),
            accordion(
                "",
                (
                    "Kuvavarmenne (CAPTCHA) lomakkeissa",
                    "<p>Lomakkeissa on roskapostin estämiseksi kuvavarmenne. Kuvalle on tekstivastine ja "
                    "äänivaihtoehto, mutta kaikki käyttäjät eivät silti pysty ratkaisemaan sitä "
                    "(WCAG 1.1.1 Muu kuin tekstisisältö). Voit aina asioida sähköpostilla tai puhelimitse, "
                    "ks. vaihtoehtoiset asiointitavat alla.</p>",
                ),
                (
                    "Vanhat PDF-asiakirjat",
                    "<p>Osa ennen 23.9.2018 julkaistuista pöytäkirjoista ja liitteistä on skannattuja "
                    "PDF-tiedostoja, joita ruudunlukija ei pysty lukemaan (WCAG 1.1.1 ja 1.3.1). Lain mukaan "
                    "ennen tätä päivää julkaistut asiakirjat eivät kuulu vaatimusten piiriin, ellei niitä tarvita "
                    "käynnissä olevan asian hoitamiseen. Lähetämme pyynnöstä asiakirjan saavutettavassa muodossa.</p>",
                ),
                (
                    "Valtuuston kokousten tallenteet",
                    "<p>Valtuuston kokoukset lähetetään suorana. Suorissa lähetyksissä ei ole tekstitystä, eikä "
                    "suora aikasidonnainen media kuulu lain vaatimusten piiriin. Tallenteet tekstitetään "
                    "14 päivän kuluessa kokouksesta; tekstittämättömät tallenteet on merkitty sivulla. "
                    "Kokousten päätökset julkaistaan myös tekstinä pöytäkirjassa.</p>",
                ),
                (
                    "Upotetut kartat",
                    "<p>Tapahtumasivujen kartat ovat ulkopuolisen palvelun upotuksia, joita ei voi käyttää "
                    "näppäimistöllä kaikilta osin (WCAG 2.1.1). Jokaisen tapahtuman osoite ja saapumisohjeet "
                    "kerrotaan myös tekstinä.</p>",
                ),
            ),
            paragraph(
                "Korjaamme kuvavarmenteen ja karttojen puutteet vuoden 2027 ensimmäisellä puoliskolla. "
                "Vanhoja asiakirjoja korjataan sitä mukaa kuin niitä pyydetään."
            ),
            heading("Vaihtoehtoiset asiointitavat"),
            paragraph(
                "Jos et pysty käyttämään jotakin sivuston osaa, voit asioida kanssamme myös näin:",
                bullets(
                    "puhelimitse kunnan vaihteen kautta: +358 29 123 4000 (ma–pe klo 9–15)",
                    "sähköpostilla: <a href=\"mailto:kirjaamo@koivula.example\">kirjaamo@koivula.example</a>",
                    "käymällä asiointipisteessä: Kunnantie 1, Koivula (ma–to klo 9–15)",
                ),
                "Palvelemme suomeksi ja ruotsiksi.",
            ),
            heading("Anna palautetta saavutettavuudesta"),
            paragraph(
                "Huomasitko saavutettavuuspuutteen sivustollamme? Kerro siitä meille, niin teemme parhaamme "
                "puutteen korjaamiseksi. Vastaamme palautteeseen 14 päivän kuluessa.",
                bullets(
                    "sähköpostilla: <a href=\"mailto:saavutettavuus@koivula.example\">saavutettavuus@koivula.example</a>",
                    "puhelimitse: +358 29 123 4000",
                    "postitse: Koivulan kunta, Osallisuus ja viestintä, Kunnantie 1, 99990 Koivula",
                ),
                f"Palautteen henkilötietojen käsittelystä kerrotaan {page_link('tietosuojaselosteessa', privacy)}.",
            ),
            heading("Valvontaviranomainen"),
            paragraph(
                "Jos huomaat sivustolla saavutettavuusongelmia, anna ensin palautetta meille. Vastaamme 14 päivän "
                "sisällä. Jos et ole tyytyväinen saamaasi vastaukseen tai et saa vastausta lainkaan kahden viikon "
                "aikana, voit tehdä ilmoituksen Lupa- ja valvontavirastoon, joka valvoo digitaalisten palvelujen "
                "saavutettavuutta 1.1.2026 alkaen (aiemmin Etelä-Suomen aluehallintovirasto). Valvonnan sivulla "
                "kerrotaan tarkasti, miten ilmoituksen voi tehdä ja miten asia käsitellään.",
            ),
            heading("Valvontaviranomaisen yhteystiedot", "h3"),
            paragraph(
                "<p>Lupa- ja valvontavirasto<br/>Saavutettavuuden valvonta<br/>"
                f"{link('www.saavutettavuusvaatimukset.fi', 'https://www.saavutettavuusvaatimukset.fi/')}</p>"
            ),
            call_to_action(
                "Teemme sivustoa yhdessä",
                "Kerro, jos jokin sivuston osa on vaikea käyttää – jokainen palaute auttaa.",
                "Lähetä sähköpostia saavutettavuudesta",
                url="mailto:saavutettavuus@koivula.example",
            ),
        )
    return stream(
        paragraph(
            "Detta tillgänglighetsutlåtande gäller Björkby kommuns webbplats koivula.example. På webbplatsen "
            "tillämpas lagen om tillhandahållande av digitala tjänster (306/2019), enligt vilken offentliga "
            "webbtjänster ska uppfylla kraven på nivå A och AA i riktlinjerna WCAG 2.1 (standarden EN 301 549).",
            f"Utlåtandet har utarbetats {STATEMENT_DATE[1]} och uppdaterats {STATEMENT_UPDATED[1]}. "
            "Tillgängligheten har bedömts av kommunen själv: sidorna testas automatiskt med verktyget axe vid "
            "varje ändring, och enheten för delaktighet och kommunikation har granskat dem med tangentbord, "
            "skärmläsare (NVDA och VoiceOver) och 200 % förstoring.",
        ),
        heading("Den digitala tjänstens tillgänglighet"),
        paragraph(
            "<p><strong>Webbplatsen uppfyller tillgänglighetskraven delvis.</strong> Nedan räknas det innehåll "
            "upp som ännu inte är tillgängligt, och tidtabellen för korrigeringarna.</p>"
        ),
        heading("Icke-tillgängligt innehåll"),
        accordion(
            "",
            (
                "Bildverifiering (CAPTCHA) i formulären",
                "<p>Formulären har en bildverifiering som skydd mot skräppost. Bilden har en textbeskrivning och "
                "ett ljudalternativ, men alla användare kan ändå inte lösa den (WCAG 1.1.1 Icke-textinnehåll). "
                "Du kan alltid sköta ärendet per e-post eller telefon, se alternativa sätt att sköta ärenden "
                "nedan.</p>",
            ),
            (
                "Gamla PDF-dokument",
                "<p>En del protokoll och bilagor som publicerats före 23.9.2018 är skannade PDF-filer som "
                "skärmläsare inte kan läsa (WCAG 1.1.1 och 1.3.1). Enligt lagen omfattas dokument som publicerats "
                "före detta datum inte av kraven, om de inte behövs för ett pågående ärende. På begäran skickar "
                "vi dokumentet i tillgänglig form.</p>",
            ),
            (
                "Inspelningar av fullmäktiges sammanträden",
                "<p>Fullmäktiges sammanträden sänds direkt. Direktsändningarna är inte textade, och direktsänd "
                "tidsberoende media omfattas inte av lagens krav. Inspelningarna textas inom 14 dagar efter "
                "sammanträdet; inspelningar som ännu inte är textade är märkta på sidan. Besluten publiceras "
                "också som text i protokollet.</p>",
            ),
            (
                "Inbäddade kartor",
                "<p>Kartorna på evenemangssidorna är inbäddningar från en extern tjänst och kan inte till alla "
                "delar användas med tangentbord (WCAG 2.1.1). Adressen och vägbeskrivningen för varje evenemang "
                "finns också som text.</p>",
            ),
        ),
        paragraph(
            "Vi åtgärdar bristerna i bildverifieringen och kartorna under första halvåret 2027. Gamla dokument "
            "korrigeras allteftersom de efterfrågas."
        ),
        heading("Alternativa sätt att sköta ärenden"),
        paragraph(
            "Om du inte kan använda någon del av webbplatsen kan du också kontakta oss så här:",
            bullets(
                "per telefon via kommunens växel: +358 29 123 4000 (mån–fre kl. 9–15)",
                "per e-post: <a href=\"mailto:kirjaamo@koivula.example\">kirjaamo@koivula.example</a>",
                "vid servicepunkten: Kommunvägen 1, Björkby (mån–tors kl. 9–15)",
            ),
            "Vi betjänar på svenska och finska.",
        ),
        heading("Ge respons om tillgängligheten"),
        paragraph(
            "Har du upptäckt en tillgänglighetsbrist på vår webbplats? Berätta det för oss, så gör vi vårt bästa "
            "för att åtgärda bristen. Vi svarar på responsen inom 14 dagar.",
            bullets(
                "per e-post: <a href=\"mailto:saavutettavuus@koivula.example\">saavutettavuus@koivula.example</a>",
                "per telefon: +358 29 123 4000",
                "per post: Björkby kommun, Delaktighet och kommunikation, Kommunvägen 1, 99990 Björkby",
            ),
            f"Hur personuppgifterna i responsen behandlas beskrivs i {page_link('dataskyddsbeskrivningen', privacy)}.",
        ),
        heading("Tillsynsmyndighet"),
        paragraph(
            "Om du märker tillgänglighetsproblem på webbplatsen, ska du först ge respons till oss. Vi svarar inom "
            "14 dagar. Om du inte är nöjd med det svar du har fått eller om du inte alls får något svar inom två "
            "veckor, kan du göra en anmälan till Tillstånds- och tillsynsverket, som övervakar de digitala "
            "tjänsternas tillgänglighet från 1.1.2026 (tidigare Regionförvaltningsverket i Södra Finland). På "
            "tillsynens webbplats finns information om hur du kan göra en anmälan och hur ärendet behandlas."
        ),
        heading("Tillsynsmyndighetens kontaktuppgifter", "h3"),
        paragraph(
            "<p>Tillstånds- och tillsynsverket<br/>Tillgänglighetstillsynen<br/>"
            f"{link('www.tillganglighetskrav.fi', 'https://www.tillganglighetskrav.fi/')}</p>"
        ),
        call_to_action(
            "Vi utvecklar webbplatsen tillsammans",
            "Berätta om någon del av webbplatsen är svår att använda – all respons hjälper.",
            "Skicka e-post om tillgängligheten",
            url="mailto:saavutettavuus@koivula.example",
        ),
    )


# --- Privacy notice (GDPR articles 13 and 14) for the site's forms ---


def privacy_notice(lang):
    if lang == 0:
        return stream(
            paragraph(
                "Tässä tietosuojaselosteessa kerrotaan, miten Koivulan kunta käsittelee henkilötietoja, joita "
                "annat verkkosivuston lomakkeilla: palautteessa, aloitteissa ja niiden kannatuksissa, "
                "tapahtumiin ilmoittautumisessa ja yhdistyshakemiston tiedoissa. Keräämme vain tiedot, joita "
                "asian hoitaminen vaatii, ja säilytämme ne vain niin kauan kuin on tarpeen.",
                f"Seloste on päivitetty {STATEMENT_UPDATED[0]}.",
            ),
            heading("Rekisterinpitäjä"),
            paragraph(
                "<p>Koivulan kunta, kunnanhallitus<br/>Kunnantie 1, 99990 Koivula<br/>Y-tunnus 0987654-3<br/>"
                "kirjaamo@koivula.example, puh. +358 29 123 4000</p>",
                "<p>Rekisteriasioita hoitaa osallisuuskoordinaattori Anna Virtanen, "
                "anna.virtanen@koivula.example, puh. +358 40 100 2001.</p>",
            ),
            heading("Tietosuojavastaava"),
            paragraph(
                "<p>Kunnan tietosuojavastaava<br/>tietosuoja@koivula.example<br/>puh. +358 29 123 4010<br/>"
                "Kunnantie 1, 99990 Koivula</p>"
            ),
            heading("Käsittelyn tarkoitukset ja oikeusperusteet"),
            table(
                "Lomakkeet, niiden käyttötarkoitus ja käsittelyn oikeusperuste",
                ("Lomake", "Mihin tietoja käytetään", "Oikeusperuste"),
                (
                    "Palaute",
                    "Palautteen ohjaaminen vastuuhenkilölle, vastaaminen ja käsittelyn seuranta",
                    "Yleisen edun mukainen tehtävä (tietosuoja-asetus 6 art. 1 e; kuntalaki 22 ja 29 §)",
                ),
                (
                    "Aloitteet ja kannatukset",
                    "Aloitteen käsittely, kannatusten laskeminen ja tiedottaminen aloitteen etenemisestä",
                    "Lakisääteinen velvoite ja yleisen edun mukainen tehtävä (6 art. 1 c ja e; kuntalaki 23 §)",
                ),
                (
                    "Tapahtumiin ilmoittautuminen",
                    "Tilaisuuden järjestäminen, osallistujalista, jonotuslista ja tiedottaminen muutoksista",
                    "Yleisen edun mukainen tehtävä (6 art. 1 e); lisäkysymysten vastaukset, kuten "
                    "erityisruokavalio, suostumuksella (6 art. 1 a ja 9 art. 2 a)",
                ),
                (
                    "Yhdistysten tiedot",
                    "Yhdistyshakemiston ylläpito, ilmoitusten tarkistus ja vuosittainen tietojen vahvistus",
                    "Yleisen edun mukainen tehtävä (6 art. 1 e; kuntalaki 29 §)",
                ),
            ),
            heading("Mitä tietoja käsittelemme"),
            accordion(
                "Tiedot lomakkeittain",
                (
                    "Palaute",
                    bullets(
                        "palautteen aihe ja teksti",
                        "nimi, sähköposti ja puhelinnumero, jos haluat vastauksen (vapaaehtoisia)",
                        "asiointikieli, jotta vastaamme samalla kielellä",
                    ),
                ),
                (
                    "Aloitteet ja kannatukset",
                    bullets(
                        "aloitteen tekijän nimi ja sähköposti; nimi näytetään aloitteen yhteydessä vain, jos "
                        "annat siihen luvan",
                        "kannattajan nimi ja sähköposti, jotta sama henkilö kannattaa vain kerran",
                        "aloitteen seuraajien sähköpostiosoitteet",
                    ),
                ),
                (
                    "Tapahtumiin ilmoittautuminen",
                    bullets(
                        "nimi, sähköposti ja puhelinnumero",
                        "vastaukset tapahtuman lisäkysymyksiin, esimerkiksi erityisruokavalio tai avustajan tarve",
                    ),
                ),
                (
                    "Yhdistysten tiedot",
                    bullets(
                        "yhdistyksen julkiset yhteystiedot, jotka näytetään hakemistossa",
                        "ilmoituksen lähettäjän nimi ja sähköposti, joita ei näytetä sivustolla",
                        "sähköposti tietojen vuosittaista vahvistusta varten, jota ei näytetä sivustolla",
                    ),
                ),
                (
                    "Tekniset tiedot",
                    "<p>Lomakkeiden väärinkäytön estämiseksi IP-osoite tallennetaan välimuistiin muutamaksi "
                    "minuutiksi. Palvelimen lokeihin tallentuvat sivupyynnöt ilman yksityisiä linkkejä ja ilman "
                    "IP-osoitteen loppuosaa, ja lokit poistetaan 14 päivän kuluttua. "
                    "Kuvavarmenteen vastausta ei tallenneta eikä lähetetä sähköpostilla. Sivusto "
                    "käyttää vain toiminnan kannalta välttämättömiä evästeitä (kielivalinta, istunto ja "
                    "lomakkeiden suojaus), ei seuranta- tai mainosevästeitä.</p>",
                ),
            ),
            heading("Säilytysajat"),
            table(
                "Kuinka kauan henkilötietoja säilytetään",
                ("Tieto", "Säilytysaika"),
                ("Palautteen antajan yhteystiedot", "12 kuukautta palautteen sulkemisen jälkeen"),
                ("Kannattajien ja seuraajien nimet ja sähköpostit", "12 kuukautta aloitteen sulkemisen jälkeen"),
                ("Ilmoittautujan nimi, sähköposti ja puhelinnumero", "30 päivää tapahtuman päättymisen jälkeen"),
                ("Vastaukset lisäkysymyksiin (esim. ruokavalio)", "Poistetaan heti tapahtuman päätyttyä"),
                (
                    "Yhdistyksen julkiset tiedot",
                    "Niin kauan kuin yhdistys on hakemistossa; poistetaan pyynnöstä",
                ),
            ),
            paragraph(
                "Poistot tehdään automaattisesti. Palautteisiin ja aloitteisiin annetut julkiset vastaukset "
                "jäävät sivustolle ilman henkilötietoja. Kunnan päätöksiin liittyvät asiakirjat säilytetään "
                "arkistolain ja kunnan tiedonohjaussuunnitelman mukaisesti."
            ),
            heading("Tietojen vastaanottajat"),
            paragraph(
                "Tietoja käsittelevät vain ne kunnan työntekijät, jotka tarvitsevat niitä tehtävässään, "
                "esimerkiksi palautteen käsittelijä tai tapahtuman järjestäjä. Sivuston ylläpidosta vastaava "
                "palveluntarjoaja käsittelee tietoja kunnan lukuun tietojenkäsittelysopimuksen perusteella. "
                "Tietoja ei luovuteta muille, ellei laki sitä edellytä."
            ),
            heading("Siirrot EU:n tai ETA:n ulkopuolelle"),
            paragraph("Tietoja ei siirretä Euroopan unionin tai Euroopan talousalueen ulkopuolelle."),
            heading("Automaattinen päätöksenteko"),
            paragraph("Tietoja ei käytetä automaattiseen päätöksentekoon eikä profilointiin."),
            heading("Sinun oikeutesi"),
            paragraph(
                "Sinulla on oikeus",
                bullets(
                    "saada tietää, mitä tietoja sinusta käsitellään, ja saada jäljennös niistä (15 art.)",
                    "pyytää virheellisten tietojen oikaisemista (16 art.)",
                    "pyytää tietojesi poistamista, kun niitä ei enää tarvita (17 art.)",
                    "pyytää käsittelyn rajoittamista (18 art.)",
                    "vastustaa tietojesi käsittelyä erityisessä tilanteessasi (21 art.)",
                    "peruuttaa antamasi suostumus milloin tahansa",
                ),
                "Pyynnöt voi lähettää kirjaamoon (kirjaamo@koivula.example) tai tietosuojavastaavalle. "
                "Vastaamme kuukauden kuluessa.",
            ),
            heading("Oikeus tehdä valitus valvontaviranomaiselle"),
            paragraph(
                "Jos katsot, että henkilötietojesi käsittely rikkoo tietosuojasäännöksiä, voit tehdä valituksen "
                "tietosuojavaltuutetulle.",
                "<p>Tietosuojavaltuutetun toimisto<br/>PL 800, 00531 Helsinki<br/>tietosuoja@om.fi<br/>"
                f"{link('www.tietosuoja.fi', 'https://tietosuoja.fi/')}</p>",
            ),
        )
    return stream(
        paragraph(
            "I denna dataskyddsbeskrivning berättar vi hur Björkby kommun behandlar de personuppgifter som du "
            "lämnar i webbplatsens formulär: respons, initiativ och stöd för dem, anmälan till evenemang och "
            "uppgifterna i föreningsregistret. Vi samlar bara in de uppgifter som behövs för ärendet och sparar "
            "dem bara så länge som det är nödvändigt.",
            f"Beskrivningen har uppdaterats {STATEMENT_UPDATED[1]}.",
        ),
        heading("Personuppgiftsansvarig"),
        paragraph(
            "<p>Björkby kommun, kommunstyrelsen<br/>Kommunvägen 1, 99990 Björkby<br/>FO-nummer 0987654-3<br/>"
            "kirjaamo@koivula.example, tfn +358 29 123 4000</p>",
            "<p>Kontaktperson i registerärenden är delaktighetskoordinator Anna Virtanen, "
            "anna.virtanen@koivula.example, tfn +358 40 100 2001.</p>",
        ),
        heading("Dataskyddsombud"),
        paragraph(
            "<p>Kommunens dataskyddsombud<br/>tietosuoja@koivula.example<br/>tfn +358 29 123 4010<br/>"
            "Kommunvägen 1, 99990 Björkby</p>"
        ),
        heading("Ändamål och rättslig grund för behandlingen"),
        table(
            "Formulären, ändamålet med uppgifterna och den rättsliga grunden för behandlingen",
            ("Formulär", "Vad uppgifterna används till", "Rättslig grund"),
            (
                "Respons",
                "Responsen styrs till den ansvariga personen, besvaras och behandlingen följs upp",
                "Uppgift av allmänt intresse (dataskyddsförordningen art. 6.1 e; kommunallagen 22 och 29 §)",
            ),
            (
                "Initiativ och stöd",
                "Behandling av initiativet, räkning av stöden och information om hur initiativet framskrider",
                "Rättslig förpliktelse och uppgift av allmänt intresse (art. 6.1 c och e; kommunallagen 23 §)",
            ),
            (
                "Anmälan till evenemang",
                "Ordnande av evenemanget, deltagarlista, reservlista och information om ändringar",
                "Uppgift av allmänt intresse (art. 6.1 e); svar på tilläggsfrågor, till exempel specialkost, "
                "med samtycke (art. 6.1 a och 9.2 a)",
            ),
            (
                "Föreningarnas uppgifter",
                "Underhåll av föreningsregistret, granskning av anmälningar och årlig bekräftelse av uppgifterna",
                "Uppgift av allmänt intresse (art. 6.1 e; kommunallagen 29 §)",
            ),
        ),
        heading("Vilka uppgifter vi behandlar"),
        accordion(
            "Uppgifterna per formulär",
            (
                "Respons",
                bullets(
                    "responsens ämne och text",
                    "namn, e-post och telefonnummer, om du vill ha svar (frivilliga)",
                    "ditt språk, så att vi svarar på samma språk",
                ),
            ),
            (
                "Initiativ och stöd",
                bullets(
                    "initiativtagarens namn och e-post; namnet visas med initiativet endast om du tillåter det",
                    "stödjarens namn och e-post, så att samma person bara kan stödja en gång",
                    "e-postadresserna till dem som följer initiativet",
                ),
            ),
            (
                "Anmälan till evenemang",
                bullets(
                    "namn, e-post och telefonnummer",
                    "svar på evenemangets tilläggsfrågor, till exempel specialkost eller behov av assistent",
                ),
            ),
            (
                "Föreningarnas uppgifter",
                bullets(
                    "föreningens offentliga kontaktuppgifter, som visas i registret",
                    "avsändarens namn och e-post, som inte visas på webbplatsen",
                    "e-post för den årliga bekräftelsen av uppgifterna, som inte visas på webbplatsen",
                ),
            ),
            (
                "Tekniska uppgifter",
                "<p>För att förhindra missbruk av formulären sparas IP-adressen i cacheminnet i några minuter. "
                "I serverns loggar sparas sidförfrågningar utan privata länkar och utan IP-adressens sista del, "
                "och loggarna raderas efter 14 dagar. "
                "Svaret på bildverifieringen sparas inte och skickas inte per e-post. Webbplatsen använder bara "
                "kakor som är nödvändiga för att den ska fungera (språkval, session och skydd av formulären), "
                "inga spårnings- eller reklamkakor.</p>",
            ),
        ),
        heading("Lagringstider"),
        table(
            "Hur länge personuppgifterna sparas",
            ("Uppgift", "Lagringstid"),
            ("Kontaktuppgifter till den som gett respons", "12 månader efter att responsen avslutats"),
            ("Namn och e-post för stödjare och följare", "12 månader efter att initiativet avslutats"),
            ("Namn, e-post och telefonnummer vid anmälan", "30 dagar efter att evenemanget slutat"),
            ("Svar på tilläggsfrågor (t.ex. specialkost)", "Raderas genast efter evenemanget"),
            ("Föreningens offentliga uppgifter", "Så länge föreningen finns i registret; raderas på begäran"),
        ),
        paragraph(
            "Uppgifterna raderas automatiskt. Offentliga svar på respons och initiativ blir kvar på webbplatsen "
            "utan personuppgifter. Handlingar som hör till kommunens beslut bevaras enligt arkivlagen och "
            "kommunens informationsstyrningsplan."
        ),
        heading("Mottagare av uppgifterna"),
        paragraph(
            "Uppgifterna behandlas bara av de anställda vid kommunen som behöver dem i sitt arbete, till exempel "
            "den som handlägger responsen eller ordnar evenemanget. Tjänsteleverantören som sköter webbplatsen "
            "behandlar uppgifterna för kommunens räkning enligt ett personuppgiftsbiträdesavtal. Uppgifterna "
            "lämnas inte ut till andra, om inte lagen kräver det."
        ),
        heading("Överföringar utanför EU eller EES"),
        paragraph("Uppgifterna överförs inte utanför Europeiska unionen eller Europeiska ekonomiska samarbetsområdet."),
        heading("Automatiserat beslutsfattande"),
        paragraph("Uppgifterna används inte för automatiserat beslutsfattande eller profilering."),
        heading("Dina rättigheter"),
        paragraph(
            "Du har rätt att",
            bullets(
                "få veta vilka uppgifter om dig som behandlas och få en kopia av dem (art. 15)",
                "begära rättelse av felaktiga uppgifter (art. 16)",
                "begära att dina uppgifter raderas när de inte längre behövs (art. 17)",
                "begära begränsning av behandlingen (art. 18)",
                "invända mot behandlingen av dina uppgifter i din särskilda situation (art. 21)",
                "när som helst återkalla ditt samtycke",
            ),
            "Begäran kan skickas till registratorskontoret (kirjaamo@koivula.example) eller till "
            "dataskyddsombudet. Vi svarar inom en månad.",
        ),
        heading("Rätt att lämna klagomål till tillsynsmyndigheten"),
        paragraph(
            "Om du anser att behandlingen av dina personuppgifter strider mot dataskyddsbestämmelserna, kan du "
            "lämna ett klagomål till dataombudsmannen.",
            "<p>Dataombudsmannens byrå<br/>PB 800, 00531 Helsingfors<br/>tietosuoja@om.fi<br/>"
            f"{link('www.tietosuoja.fi/sv', 'https://tietosuoja.fi/sv/')}</p>",
        ),
    )


# --- Content pages ---


def about_page(lang, pages):
    image = landscape_image().pk
    if lang == 0:
        return stream(
            (
                "image",
                {
                    "image": image,
                    "alt_text": "Koivuja järven rannalla, taustalla metsäisiä mäkiä iltataivasta vasten.",
                    "decorative": False,
                    "caption": "Koivula on järvien ja koivujen kunta.",
                },
            ),
            paragraph(
                "Koivula on noin 8 400 asukkaan kaksikielinen kunta järven ja peltojen keskellä. Kunnan "
                "virallinen nimi ruotsiksi on Björkby. Asukkaista noin 58 prosenttia puhuu äidinkielenään "
                "suomea ja 38 prosenttia ruotsia, ja kunta palvelee molemmilla kielillä."
            ),
            table(
                "Koivula lukuina",
                ("Tieto", "Määrä"),
                ("Asukkaita", "8 412"),
                ("Suomenkielisiä", "58 %"),
                ("Ruotsinkielisiä", "38 %"),
                ("Muita kieliä puhuvia", "4 %"),
                ("Pinta-ala", "412 km²"),
                ("Kyliä", "14"),
                ("Rekisteröityjä yhdistyksiä", "noin 120"),
            ),
            heading("Kylät ja palvelut"),
            paragraph(
                "Kunnan palvelut ovat Kirkonkylässä, ja kouluja ja kirjastoja on myös Mäkikylässä ja Rantalassa. "
                "Kylätalot ovat kyläyhdistysten ylläpitämiä, ja monet niistä ovat kuntalaisten vuokrattavissa."
            ),
            call_to_action(
                "Miten kunnassa päätetään?",
                "Valtuusto, kunnanhallitus, lautakunnat ja vaikuttamistoimielimet lyhyesti.",
                "Lue päätöksenteosta",
                page=pages["decisions"][0].pk,
            ),
        )
    return stream(
        (
            "image",
            {
                "image": image,
                "alt_text": "Björkar vid en sjöstrand, i bakgrunden skogiga kullar mot kvällshimlen.",
                "decorative": False,
                "caption": "Björkby är sjöarnas och björkarnas kommun.",
            },
        ),
        paragraph(
            "Björkby är en tvåspråkig kommun med cirka 8 400 invånare mitt bland sjöar och åkrar. Kommunens "
            "officiella finska namn är Koivula. Omkring 58 procent av invånarna har finska och 38 procent svenska "
            "som modersmål, och kommunen betjänar på båda språken."
        ),
        table(
            "Björkby i siffror",
            ("Uppgift", "Antal"),
            ("Invånare", "8 412"),
            ("Finskspråkiga", "58 %"),
            ("Svenskspråkiga", "38 %"),
            ("Talar andra språk", "4 %"),
            ("Areal", "412 km²"),
            ("Byar", "14"),
            ("Registrerade föreningar", "cirka 120"),
        ),
        heading("Byarna och tjänsterna"),
        paragraph(
            "Kommunens tjänster finns i Kyrkbyn, och skolor och bibliotek finns också i Backby och Strandby. "
            "Byagårdarna sköts av byaföreningarna, och många av dem kan hyras av kommuninvånarna."
        ),
        call_to_action(
            "Hur fattas besluten i kommunen?",
            "Fullmäktige, kommunstyrelsen, nämnderna och påverkansorganen i korthet.",
            "Läs om beslutsfattandet",
            page=pages["decisions"][1].pk,
        ),
    )


def decisions_page(lang):
    if lang == 0:
        return stream(
            paragraph(
                "Koivulan ylintä päätösvaltaa käyttää kunnanvaltuusto, jonka 27 jäsentä valitaan "
                "kuntavaaleissa neljäksi vuodeksi. Valtuusto päättää talousarviosta, kuntastrategiasta ja "
                "kunnan tärkeimmistä linjauksista. Valtuuston kokoukset ovat julkisia, ja niitä voi seurata "
                "myös suorana lähetyksenä."
            ),
            accordion(
                "Toimielimet",
                (
                    "Kunnanhallitus",
                    "Yhdeksänjäseninen kunnanhallitus johtaa kunnan toimintaa ja taloutta ja valmistelee "
                    "valtuuston päätökset. Se kokoontuu yleensä joka toinen maanantai.",
                ),
                (
                    "Lautakunnat",
                    bullets(
                        "sivistyslautakunta: varhaiskasvatus, koulut, kirjastot, kulttuuri ja liikunta",
                        "tekninen lautakunta: kadut, kiinteistöt ja vesihuolto",
                        "ympäristölautakunta: rakennusvalvonta ja ympäristönsuojelu",
                    ),
                ),
                (
                    "Vaikuttamistoimielimet",
                    "Nuorisovaltuusto, vanhusneuvosto ja vammaisneuvosto tuovat nuorten, ikäihmisten ja "
                    "vammaisten henkilöiden näkemykset päätöksentekoon (kuntalaki 26–28 §).",
                ),
                (
                    "Kielivähemmistön toimielin",
                    "Ruotsinkielisten asioita valmistelee sivistyslautakunnan ruotsinkielinen jaosto, joka "
                    "vastaa ruotsinkielisestä opetuksesta ja varhaiskasvatuksesta.",
                ),
            ),
            quote(
                "Hyvä päätös syntyy, kun sen valmisteluun on päässyt mukaan jokainen, jota asia koskee.",
                "Kunnanvaltuuston puheenjohtaja Helena Nyström",
            ),
        )
    return stream(
        paragraph(
            "Den högsta beslutanderätten i Björkby utövas av kommunfullmäktige, vars 27 ledamöter väljs i "
            "kommunalvalet för fyra år. Fullmäktige beslutar om budgeten, kommunstrategin och kommunens "
            "viktigaste riktlinjer. Fullmäktiges sammanträden är offentliga och kan också följas i direktsändning."
        ),
        accordion(
            "Organen",
            (
                "Kommunstyrelsen",
                "Kommunstyrelsen med nio ledamöter leder kommunens verksamhet och ekonomi och bereder "
                "fullmäktiges beslut. Den sammanträder i regel varannan måndag.",
            ),
            (
                "Nämnderna",
                bullets(
                    "bildningsnämnden: småbarnspedagogik, skolor, bibliotek, kultur och idrott",
                    "tekniska nämnden: gator, fastigheter och vattentjänster",
                    "miljönämnden: byggnadstillsyn och miljöskydd",
                ),
            ),
            (
                "Påverkansorganen",
                "Ungdomsfullmäktige, äldrerådet och rådet för personer med funktionsnedsättning för fram "
                "ungas, äldres och personer med funktionsnedsättnings synpunkter i beslutsfattandet "
                "(kommunallagen 26–28 §).",
            ),
            (
                "Organ för språkminoriteten",
                "Ärenden som gäller den svenskspråkiga befolkningen bereds av bildningsnämndens svenska sektion, "
                "som ansvarar för den svenskspråkiga undervisningen och småbarnspedagogiken.",
            ),
        ),
        quote(
            "Ett gott beslut blir till när alla som berörs har fått vara med och bereda det.",
            "Kommunfullmäktiges ordförande Helena Nyström",
        ),
    )


def _form_urls(lang):
    """The association form and the event submission form, in the page's language."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(("fi", "sv")[lang]):
        return {"association": reverse("directory:association_form"), "event": reverse("events:submit")}


def associations_page(lang, pages):
    forms = _form_urls(lang)
    if lang == 0:
        return stream(
            paragraph(
                "Koivulan noin 120 yhdistystä tekevät valtavan määrän työtä kylien, liikunnan, kulttuurin ja "
                "yhteisen hyvän eteen. Kunta haluaa olla yhdistyksille hyvä kumppani: tuttu, helposti "
                "tavoitettava ja kuunteleva. Tälle sivulle on koottu, mitä kunta tarjoaa yhdistyksille."
            ),
            heading("Kunta tukee yhdistyksiä"),
            paragraph(
                bullets(
                    "avustuksia toimintaan, tapahtumiin ja kylätaloille",
                    f"maksuttomia ja edullisia {page_link('tiloja kokouksiin ja harrastuksiin', pages['venues'][0].pk)}",
                    "yhdistysten tapahtumat kunnan tapahtumakalenteriin ja etusivulle",
                    "oma yhteyshenkilö järjestöyhteistyölle",
                    "kumppanuusfoorumi kahdesti vuodessa",
                )
            ),
            call_to_action(
                "Hae avustusta",
                "Toiminta-avustusten haku päättyy vuosittain 31.3. Kohdeavustuksia voi hakea ympäri vuoden.",
                "Lue avustuksista",
                page=pages["grants"][0].pk,
            ),
            heading("Lomakkeet yhdistyksille"),
            paragraph(
                bullets(
                    link("Ilmoita yhdistyksesi yhdistyshakemistoon tai päivitä sen tiedot", forms["association"]),
                    link("Ilmoita yhdistyksesi tapahtuma kunnan tapahtumakalenteriin", forms["event"]),
                )
            ),
            accordion(
                "Usein kysyttyä",
                (
                    "Miten yhdistyksemme pääsee yhdistyshakemistoon?",
                    f"Täytä {link('yhdistyshakemiston lomake', forms['association'])}. Moderaattori tarkistaa "
                    "tiedot, ja ilmoitamme sinulle sähköpostilla, kun ne on julkaistu. Kerran vuodessa kysymme, "
                    "ovatko tiedot yhä ajan tasalla.",
                ),
                (
                    "Voimmeko ilmoittaa tapahtumamme kunnan sivuilla?",
                    "Kyllä. Yhdistykset voivat lähettää tapahtumansa kalenteriin "
                    f"{link('tapahtumalomakkeella', forms['event'])} ilman tunnuksia; tapahtuma julkaistaan "
                    "tarkistuksen jälkeen.",
                ),
                (
                    "Keneen otan yhteyttä yhdistysasioissa?",
                    "Järjestöyhteistyön suunnittelija Leena Mäkinen, leena.makinen@koivula.example, "
                    "puh. +358 40 100 2003. Hän palvelee suomeksi ja ruotsiksi.",
                ),
            ),
        )
    return stream(
        paragraph(
            "Björkbys cirka 120 föreningar gör ett enormt arbete för byarna, idrotten, kulturen och det "
            "gemensamma bästa. Kommunen vill vara en god partner för föreningarna: bekant, lätt att nå och "
            "lyhörd. På den här sidan finns det som kommunen erbjuder föreningarna."
        ),
        heading("Kommunen stöder föreningarna"),
        paragraph(
            bullets(
                "bidrag till verksamhet, evenemang och byagårdar",
                f"avgiftsfria och förmånliga {page_link('lokaler för möten och hobbyer', pages['venues'][1].pk)}",
                "föreningarnas evenemang i kommunens evenemangskalender och på startsidan",
                "en egen kontaktperson för föreningssamarbetet",
                "partnerskapsforum två gånger om året",
            )
        ),
        call_to_action(
            "Ansök om bidrag",
            "Ansökningstiden för verksamhetsbidrag går ut den 31 mars varje år. Projektbidrag kan sökas året om.",
            "Läs om bidragen",
            page=pages["grants"][1].pk,
        ),
        heading("Formulär för föreningar"),
        paragraph(
            bullets(
                link("Anmäl din förening till föreningsregistret eller uppdatera dess uppgifter", forms["association"]),
                link("Anmäl din förenings evenemang till kommunens evenemangskalender", forms["event"]),
            )
        ),
        accordion(
            "Vanliga frågor",
            (
                "Hur kommer vår förening med i föreningsregistret?",
                f"Fyll i {link('föreningsregistrets formulär', forms['association'])}. En moderator granskar "
                "uppgifterna, och vi meddelar dig per e-post när de har publicerats. En gång om året frågar vi om "
                "uppgifterna fortfarande är aktuella.",
            ),
            (
                "Kan vi annonsera vårt evenemang på kommunens webbplats?",
                "Ja. Föreningar kan skicka in sina evenemang till kalendern med "
                f"{link('evenemangsformuläret', forms['event'])} utan konto; evenemanget publiceras efter "
                "granskning.",
            ),
            (
                "Vem kontaktar jag i föreningsärenden?",
                "Planeraren för föreningssamarbete Leena Mäkinen, leena.makinen@koivula.example, "
                "tfn +358 40 100 2003. Hon betjänar på finska och svenska.",
            ),
        ),
    )


def grants_page(lang):
    if lang == 0:
        return stream(
            paragraph(
                "Kunta myöntää avustuksia rekisteröityneille yhdistyksille, joiden toiminta on avointa kaikille "
                "ja hyödyttää koivulalaisia. Avustukset päättää sivistyslautakunta."
            ),
            table(
                "Yhdistysten avustukset vuonna 2027",
                ("Avustus", "Kenelle", "Haku"),
                ("Toiminta-avustus", "Yhdistyksen säännölliseen toimintaan", "1.2.–31.3.2027"),
                ("Kohdeavustus", "Yksittäiseen tapahtumaan tai hankkeeseen", "Jatkuva haku"),
                ("Kylätaloavustus", "Kylätalon ylläpitoon ja korjauksiin", "1.2.–31.3.2027"),
                ("Nuorten toimintaryhmät", "Nuorten omiin ryhmiin, myös rekisteröimättömiin", "Jatkuva haku"),
            ),
            heading("Näin haet"),
            paragraph(
                "<ol><li>Lue avustusten myöntämisperusteet.</li>"
                "<li>Täytä hakemus ja liitä edellisen vuoden toimintakertomus ja tilinpäätös.</li>"
                "<li>Lähetä hakemus kirjaamoon: kirjaamo@koivula.example.</li>"
                "<li>Saat päätöksen sähköpostilla noin kahden kuukauden kuluessa haun päättymisestä.</li></ol>"
            ),
        )
    return stream(
        paragraph(
            "Kommunen beviljar bidrag till registrerade föreningar vars verksamhet är öppen för alla och gagnar "
            "invånarna i Björkby. Bidragen beviljas av bildningsnämnden."
        ),
        table(
            "Bidrag till föreningar år 2027",
            ("Bidrag", "För vad", "Ansökan"),
            ("Verksamhetsbidrag", "Föreningens regelbundna verksamhet", "1.2–31.3.2027"),
            ("Projektbidrag", "Ett enskilt evenemang eller projekt", "Fortlöpande"),
            ("Byagårdsbidrag", "Underhåll och reparation av byagården", "1.2–31.3.2027"),
            ("Ungas aktionsgrupper", "Ungas egna grupper, också oregistrerade", "Fortlöpande"),
        ),
        heading("Så här ansöker du"),
        paragraph(
            "<ol><li>Läs grunderna för beviljande av bidrag.</li>"
            "<li>Fyll i ansökan och bifoga föregående års verksamhetsberättelse och bokslut.</li>"
            "<li>Skicka ansökan till registratorskontoret: kirjaamo@koivula.example.</li>"
            "<li>Du får beslutet per e-post cirka två månader efter att ansökningstiden gått ut.</li></ol>"
        ),
    )


def venues_page(lang):
    if lang == 0:
        return stream(
            paragraph(
                "Yhdistykset voivat käyttää kunnan tiloja kokouksiin ja harrastuksiin. Koivulalaisten "
                "rekisteröityjen yhdistysten kokoukset ovat maksuttomia; harrastusvuoroista peritään "
                "edullinen tuntimaksu."
            ),
            table(
                "Yhdistysten käytössä olevat tilat",
                ("Tila", "Kylä", "Henkilöä", "Varaukset"),
                ("Kunnantalon valtuustosali", "Kirkonkylä", "80", "Kirjaamo"),
                ("Kirjaston kokoushuone Lukusali", "Kirkonkylä", "20", "Kirjasto"),
                ("Mäkikylän koulun liikuntasali", "Mäkikylä", "60", "Liikuntatoimisto"),
                ("Rantalan nuorisotila", "Rantala", "30", "Nuorisotoimi"),
            ),
            paragraph(
                "Kysy vapaita vuoroja järjestöyhteistyön suunnittelijalta. Kevään vakiovuorot jaetaan "
                "joulukuussa ja syksyn vuorot kesäkuussa."
            ),
        )
    return stream(
        paragraph(
            "Föreningarna kan använda kommunens lokaler för möten och hobbyer. Möten för registrerade "
            "föreningar i Björkby är avgiftsfria; för hobbyturer tas en förmånlig timavgift ut."
        ),
        table(
            "Lokaler som föreningarna kan använda",
            ("Lokal", "By", "Personer", "Bokning"),
            ("Fullmäktigesalen i kommunhuset", "Kyrkbyn", "80", "Registratorskontoret"),
            ("Bibliotekets mötesrum Läsesalen", "Kyrkbyn", "20", "Biblioteket"),
            ("Gymnastiksalen i Backby skola", "Backby", "60", "Idrottsbyrån"),
            ("Ungdomsgården i Strandby", "Strandby", "30", "Ungdomsväsendet"),
        ),
        paragraph(
            "Fråga planeraren för föreningssamarbete om lediga turer. Vårens fasta turer fördelas i december "
            "och höstens i juni."
        ),
    )


def partnership_page(lang):
    if lang == 0:
        return stream(
            paragraph(
                "Koivulan kumppanuusohjelma syntyi keväällä 2026 työpajassa, jossa yhdistysten edustajat, "
                "kuntalaiset ja kunnan viranhaltijat pohtivat, millainen kumppani kunta on parhaimmillaan. "
                "Ohjelma ohjaa sitä, miten kunta tekee työtä yhdistysten ja asukkaiden kanssa."
            ),
            quote(
                "Kumppanuus on ennen kaikkea asenne ja sitä, että tunnetaan toisemme. Kun virkailijan nimi ja "
                "kasvot ovat tuttuja, yhteydenotto on helppoa.",
                "Työpajan osallistuja, Mäkikylän kyläyhdistys",
            ),
            heading("Ohjelman periaatteet"),
            accordion(
                "",
                (
                    "Tutut ihmiset",
                    "Jokaisella aiheella, kanavalla ja lomakkeella on nimetty, tavoitettava yhteyshenkilö.",
                ),
                (
                    "Matala kynnys",
                    "Palautetta, aloitteita ja ilmoittautumisia voi lähettää ilman tunnuksia, suomeksi tai "
                    "ruotsiksi, ja jokainen saa vastauksen omalla kielellään.",
                ),
                (
                    "Kuunteleminen, ei vain kuuleminen",
                    "Kerromme julkisesti, mitä palautteelle ja aloitteille tapahtui ja kuinka nopeasti vastasimme.",
                ),
                (
                    "Yli hallintorajojen",
                    "Asia ohjataan oikealle ihmiselle toimialasta riippumatta, eikä mitään suljeta ilman vastausta.",
                ),
                (
                    "Vapaaehtoistyön arvostus",
                    "Yhdistykset pitävät omat tietonsa ajan tasalla, ja niiden tapahtumat näkyvät kunnan etusivulla.",
                ),
            ),
            heading("Seuraava kumppanuusfoorumi"),
            paragraph(
                "Kumppanuusfoorumi kokoaa yhdistykset ja kunnan yhteen kahdesti vuodessa. Foorumissa "
                "käydään läpi ohjelman toteutumista ja sovitaan seuraavista askelista. Kaikki yhdistykset "
                "ovat tervetulleita."
            ),
        )
    return stream(
        paragraph(
            "Björkbys partnerskapsprogram kom till våren 2026 i en workshop där företrädare för föreningar, "
            "kommuninvånare och kommunens tjänsteinnehavare funderade på hurdan partner kommunen är när den är "
            "som bäst. Programmet styr hur kommunen arbetar tillsammans med föreningar och invånare."
        ),
        quote(
            "Partnerskap handlar framför allt om attityd och om att vi känner varandra. När man känner "
            "tjänsteinnehavarens namn och ansikte är det lätt att ta kontakt.",
            "Deltagare i workshopen, Backby byaförening",
        ),
        heading("Programmets principer"),
        accordion(
            "",
            (
                "Bekanta personer",
                "Varje ämne, kanal och formulär har en namngiven kontaktperson som går att nå.",
            ),
            (
                "Låg tröskel",
                "Respons, initiativ och anmälningar kan skickas utan konto, på svenska eller finska, och alla "
                "får svar på sitt eget språk.",
            ),
            (
                "Lyssna, inte bara höra",
                "Vi berättar öppet vad som hände med responsen och initiativen och hur snabbt vi svarade.",
            ),
            (
                "Över förvaltningsgränserna",
                "Ärendet styrs till rätt person oberoende av sektor, och inget avslutas utan svar.",
            ),
            (
                "Uppskattning av frivilligarbetet",
                "Föreningarna håller själva sina uppgifter aktuella, och deras evenemang syns på kommunens startsida.",
            ),
        ),
        heading("Nästa partnerskapsforum"),
        paragraph(
            "Partnerskapsforumet samlar föreningarna och kommunen två gånger om året. På forumet går man igenom "
            "hur programmet har genomförts och kommer överens om nästa steg. Alla föreningar är välkomna."
        ),
    )


def home_body(lang, pages):
    if lang == 0:
        return stream(
            paragraph(
                "Koivula – Björkby on kaksikielinen kunta, jossa kunta, yhdistykset ja asukkaat tekevät asioita "
                "yhdessä. Tältä sivustolta löydät tavat osallistua ja vaikuttaa, yhdistysten palvelut ja "
                "tapahtumat sekä kunnan yhteyshenkilöt – suomeksi ja ruotsiksi."
            ),
            call_to_action(
                "Yhdistyksille",
                "Avustukset, tilat, tapahtumakalenteri ja yhdistyshakemisto samassa paikassa.",
                "Katso, mitä kunta tarjoaa yhdistyksille",
                page=pages["associations"][0].pk,
            ),
            quote(
                "Haluamme olla kunta, joka kuuntelee. Jokainen palaute ja aloite saa vastauksen, ja vastaukset "
                "ovat kaikkien nähtävillä.",
                "Kunnanjohtaja Petri Saarinen",
            ),
            heading("Kumppanuusohjelma"),
            paragraph(
                "Kumppanuusohjelma kertoo, miten kunta tekee yhteistyötä yhdistysten ja kuntalaisten kanssa. "
                f"{page_link('Lue ohjelman periaatteista', pages['partnership'][0].pk)}."
            ),
            accordion(
                "Usein kysyttyä",
                (
                    "Millä kielellä saan palvelua?",
                    "Kaikki kunnan palvelut, lomakkeet ja vastaukset ovat saatavilla suomeksi ja ruotsiksi. "
                    "Vastaamme sillä kielellä, jolla otit yhteyttä.",
                ),
                (
                    "Tarvitsenko tunnukset palautteen antamiseen?",
                    "Et tarvitse. Palautetta, aloitteita ja ilmoittautumisia voi lähettää ilman kirjautumista.",
                ),
                (
                    "Miten kunta käsittelee tietojani?",
                    f"<p>Siitä kerrotaan {page_link('tietosuojaselosteessa', pages['privacy'][0].pk)}.</p>",
                ),
            ),
        )
    return stream(
        paragraph(
            "Björkby – Koivula är en tvåspråkig kommun där kommunen, föreningarna och invånarna gör saker "
            "tillsammans. På den här webbplatsen hittar du sätt att delta och påverka, tjänster och evenemang "
            "för föreningar och kommunens kontaktpersoner – på svenska och finska."
        ),
        call_to_action(
            "För föreningar",
            "Bidrag, lokaler, evenemangskalendern och föreningsregistret på ett och samma ställe.",
            "Se vad kommunen erbjuder föreningarna",
            page=pages["associations"][1].pk,
        ),
        quote(
            "Vi vill vara en kommun som lyssnar. All respons och alla initiativ får svar, och svaren är "
            "offentliga för alla.",
            "Kommundirektör Petri Saarinen",
        ),
        heading("Partnerskapsprogrammet"),
        paragraph(
            "Partnerskapsprogrammet beskriver hur kommunen samarbetar med föreningar och kommuninvånare. "
            f"{page_link('Läs om programmets principer', pages['partnership'][1].pk)}."
        ),
        accordion(
            "Vanliga frågor",
            (
                "På vilket språk får jag service?",
                "Alla kommunens tjänster, formulär och svar finns på svenska och finska. Vi svarar på det språk "
                "som du kontaktade oss på.",
            ),
            (
                "Behöver jag ett konto för att ge respons?",
                "Nej. Respons, initiativ och anmälningar kan skickas utan att logga in.",
            ),
            (
                "Hur behandlar kommunen mina uppgifter?",
                f"<p>Det beskrivs i {page_link('dataskyddsbeskrivningen', pages['privacy'][1].pk)}.</p>",
            ),
        ),
    )


FOOTER_TEXT = (
    "<p>Koivulan kunta palvelee suomeksi ja ruotsiksi. Asiointipiste on avoinna ma–to klo 9–15.</p>",
    "<p>Björkby kommun betjänar på svenska och finska. Servicepunkten är öppen mån–tors kl. 9–15.</p>",
)
FOOTER_LINKS = (
    (("accessibility", "Saavutettavuusseloste"), ("privacy", "Tietosuojaseloste"), ("about", "Tietoa kunnasta")),
    (("accessibility", "Tillgänglighetsutlåtande"), ("privacy", "Dataskyddsbeskrivning"), ("about", "Om kommunen")),
)


def _pair(parent_fi, fi, sv, body, **shared):
    """A content page pair whose bodies are made once both languages' targets exist."""
    return page_pair(parent_fi, ContentPage, fi={**fi, "body": body(0)}, sv={**sv, "body": body(1)}, **shared)


def load(stdout):
    locale_fi, locale_sv = locales()
    home_fi, _home_sv = home_pages()
    pages = {}

    pages["privacy"] = _pair(
        home_fi,
        {
            "title": "Tietosuojaseloste",
            "slug": PRIVACY_SLUGS[0],
            "intro": "Miten Koivulan kunta käsittelee verkkosivuston lomakkeilla annettuja henkilötietoja.",
        },
        {
            "title": "Dataskyddsbeskrivning",
            "slug": PRIVACY_SLUGS[1],
            "intro": "Hur Björkby kommun behandlar de personuppgifter som lämnas i webbplatsens formulär.",
        },
        privacy_notice,
    )
    pages["accessibility"] = _pair(
        home_fi,
        {
            "title": "Saavutettavuusseloste",
            "slug": ACCESSIBILITY_SLUGS[0],
            "intro": "Miten hyvin Koivulan kunnan verkkosivusto täyttää saavutettavuusvaatimukset ja miten "
            "voit antaa palautetta saavutettavuudesta.",
        },
        {
            "title": "Tillgänglighetsutlåtande",
            "slug": ACCESSIBILITY_SLUGS[1],
            "intro": "Hur väl Björkby kommuns webbplats uppfyller tillgänglighetskraven och hur du kan ge "
            "respons om tillgängligheten.",
        },
        lambda lang: accessibility_statement(lang, pages),
    )

    pages["about"] = _pair(
        home_fi,
        {
            "title": "Tietoa kunnasta",
            "slug": "tietoa-kunnasta",
            "intro": "Koivula on kaksikielinen kunta, jossa on 14 kylää ja noin 120 yhdistystä.",
        },
        {
            "title": "Om kommunen",
            "slug": "om-kommunen",
            "intro": "Björkby är en tvåspråkig kommun med 14 byar och cirka 120 föreningar.",
        },
        lambda lang: stream(paragraph("…")),  # replaced below, once its child page exists
        show_in_menus=True,
    )
    pages["decisions"] = _pair(
        pages["about"][0],
        {
            "title": "Päätöksenteko",
            "slug": "paatoksenteko",
            "intro": "Valtuusto, kunnanhallitus, lautakunnat ja vaikuttamistoimielimet lyhyesti.",
        },
        {
            "title": "Beslutsfattande",
            "slug": "beslutsfattande",
            "intro": "Fullmäktige, kommunstyrelsen, nämnderna och påverkansorganen i korthet.",
        },
        decisions_page,
        show_in_menus=True,
    )

    pages["associations"] = _pair(
        home_fi,
        {
            "title": "Yhdistyksille",
            "slug": "yhdistyksille",
            "intro": "Avustukset, tilat ja yhteistyö: mitä kunta tarjoaa Koivulan yhdistyksille.",
        },
        {
            "title": "För föreningar",
            "slug": "for-foreningar",
            "intro": "Bidrag, lokaler och samarbete: vad kommunen erbjuder föreningarna i Björkby.",
        },
        lambda lang: stream(paragraph("…")),  # replaced below, once its child pages exist
        show_in_menus=True,
    )
    pages["grants"] = _pair(
        pages["associations"][0],
        {
            "title": "Avustukset yhdistyksille",
            "slug": "avustukset",
            "intro": "Toiminta-, kohde- ja kylätaloavustukset sekä nuorten toimintaryhmien tuki.",
        },
        {
            "title": "Bidrag till föreningar",
            "slug": "bidrag",
            "intro": "Verksamhets-, projekt- och byagårdsbidrag samt stöd till ungas aktionsgrupper.",
        },
        grants_page,
        show_in_menus=True,
    )
    pages["venues"] = _pair(
        pages["associations"][0],
        {
            "title": "Tilat yhdistysten käyttöön",
            "slug": "tilat",
            "intro": "Kokous- ja harrastustilat kunnantalolla, kirjastossa, kouluilla ja nuorisotiloissa.",
        },
        {
            "title": "Lokaler för föreningar",
            "slug": "lokaler",
            "intro": "Mötes- och hobbylokaler i kommunhuset, biblioteket, skolorna och ungdomsgårdarna.",
        },
        venues_page,
        show_in_menus=True,
    )
    pages["partnership"] = _pair(
        home_fi,
        {
            "title": "Kumppanuusohjelma",
            "slug": "kumppanuusohjelma",
            "intro": "Miten kunta on hyvä kumppani yhdistyksille ja asukkaille: ohjelman periaatteet.",
        },
        {
            "title": "Partnerskapsprogrammet",
            "slug": "partnerskapsprogrammet",
            "intro": "Hur kommunen är en god partner för föreningar och invånare: programmets principer.",
        },
        partnership_page,
        show_in_menus=True,
    )

    # Bodies that link to pages made after them, and the home pages: set only while still a placeholder
    # or empty, so an editor's changes survive another load.
    bodies = [
        (pages["about"], lambda lang: about_page(lang, pages)),
        (pages["associations"], lambda lang: associations_page(lang, pages)),
    ]
    for pair, body in bodies:
        for lang, page in enumerate(pair):
            # Fresh from the database: a stale numchild saved with the revision would break the tree.
            page = ContentPage.objects.get(pk=page.pk)
            if _is_placeholder(page.body):
                page.body = body(lang)
                page.save_revision().publish()

    intros = (
        "Tervetuloa Koivulan kunnan sivustolle! Täällä kunta, yhdistykset ja kuntalaiset tekevät yhteistyötä: "
        "anna palautetta, tee aloite, ilmoittaudu tilaisuuksiin ja löydä yhdistykset ja yhteyshenkilöt.",
        "Välkommen till Björkby kommuns webbplats! Här samarbetar kommunen, föreningarna och invånarna: ge "
        "respons, lämna ett initiativ, anmäl dig till möten och hitta föreningar och kontaktpersoner.",
    )
    for lang, home in enumerate(home_pages()):
        if not home.body:
            home.intro = intros[lang]
            home.body = home_body(lang, pages)
            home.save_revision().publish()

    _load_footer(locale_fi, locale_sv, pages)
    _load_settings()
    stdout.write(
        f"Site: home pages, {ContentPage.objects.filter(locale=locale_fi).count()} content pages per language, "
        "accessibility statement, privacy notice, footer and settings."
    )


def _is_placeholder(body):
    return len(body) == 1 and body[0].block_type == "paragraph" and body[0].value.source == "<p>…</p>"


def _load_footer(locale_fi, locale_sv, pages):
    footer_fi = Footer.objects.filter(locale=locale_fi).first()
    if footer_fi is None:
        footer_fi = Footer.objects.create(locale=locale_fi, text=FOOTER_TEXT[0], links=_footer_links(0, pages))
    footer_sv = footer_fi.get_translation_or_none(locale_sv)
    if footer_sv is None:
        # A translation made elsewhere without the shared key would be a second footer for the language.
        Footer.objects.filter(locale=locale_sv).delete()
        footer_sv = footer_fi.copy_for_translation(locale_sv)
        footer_sv.text = FOOTER_TEXT[1]
        footer_sv.links = _footer_links(1, pages)
        footer_sv.save()


def _footer_links(lang, pages):
    return stream(*[("link", {"page": pages[key][lang].pk, "url": "", "text": text}) for key, text in FOOTER_LINKS[lang]])


def _load_settings():
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    changed = False
    for field, value in SETTINGS.items():
        if not getattr(settings, field):
            setattr(settings, field, value)
            changed = True
    if changed:
        settings.save()


def reset():
    # Runs last of the demo modules' resets: whatever the other modules left under the home pages goes too,
    # by path, so pages orphaned by a stale numchild elsewhere can't survive and block the rebuild.
    for home in home_pages():
        Page.objects.filter(path__startswith=home.path, depth__gt=home.depth).delete()
    Footer.objects.all().delete()
    for home in home_pages():
        home.intro = ""
        home.body = []
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        SiteSettings.objects.filter(site=site).delete()
    for image in get_image_model().objects.filter(title=LANDSCAPE_TITLE):
        image.file.delete(save=False)
        image.delete()
