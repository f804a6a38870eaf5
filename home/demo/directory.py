"""Demo content: the directory of Koivula – Björkby – contact people, associations, influence channels."""

from engagement.directory.demo import add_association_form, remove_association_form
from home.demo.helpers import home_pages, locales, page_pair
from home.models import (
    AssociationCategory,
    AssociationIndexPage,
    AssociationPage,
    ChannelContact,
    ContactIndexPage,
    ContactPerson,
    Department,
    InfluenceChannelIndexPage,
    InfluenceChannelPage,
)


def p(text):
    return f"<p>{text}</p>"


def snippet_pair(model, lookup, fi, sv, **shared):
    """A translatable snippet in Finnish and its Swedish translation (same translation_key)."""
    locale_fi, locale_sv = locales()
    obj_fi = model.objects.filter(locale=locale_fi, **lookup).first()
    if obj_fi is None:
        obj_fi = model.objects.create(locale=locale_fi, **lookup, **fi, **shared)
    obj_sv = obj_fi.get_translation_or_none(locale_sv)
    if obj_sv is None:
        obj_sv = obj_fi.copy_for_translation(locale_sv)
        for field, value in {**shared, **sv}.items():
            setattr(obj_sv, field, value)
        obj_sv.save()
    return obj_fi, obj_sv


DEPARTMENTS = [
    ("hallinto", 10, "Hallinto- ja elinvoimapalvelut", "Förvaltnings- och livskraftstjänster"),
    ("sivistys", 20, "Sivistys- ja vapaa-aikapalvelut", "Bildnings- och fritidstjänster"),
    ("tekniset", 30, "Tekniset palvelut ja ympäristö", "Tekniska tjänster och miljö"),
    ("osallisuus", 40, "Osallisuus ja viestintä", "Delaktighet och kommunikation"),
]

# key, name, department, (role fi, role sv), languages, (topics fi, topics sv), phone
PEOPLE = [
    (
        "anna",
        "Anna Virtanen",
        "osallisuus",
        ("Osallisuuskoordinaattori", "Delaktighetskoordinator"),
        ["fi", "sv", "en"],
        ("osallisuus, asukasillat, palaute, vaikuttaminen", "delaktighet, invånarkvällar, respons, påverkan"),
        "+358 40 100 2001",
    ),
    (
        "mikael",
        "Mikael Lindholm",
        "osallisuus",
        ("Viestintäpäällikkö", "Kommunikationschef"),
        ["sv", "fi"],
        ("viestintä, verkkosivut, tiedotteet", "kommunikation, webbplats, meddelanden"),
        "+358 40 100 2002",
    ),
    (
        "leena",
        "Leena Mäkinen",
        "sivistys",
        ("Järjestöyhteistyön suunnittelija", "Planerare för föreningssamarbete"),
        ["fi", "sv"],
        ("yhdistykset, kumppanuusfoorumi, tilat", "föreningar, partnerskapsforum, lokaler"),
        "+358 40 100 2003",
    ),
    (
        "jonas",
        "Jonas Holmström",
        "sivistys",
        ("Nuorisosihteeri", "Ungdomssekreterare"),
        ["sv", "fi", "en"],
        ("nuoret, nuorisovaltuusto, nuorisotilat", "unga, ungdomsfullmäktige, ungdomsgårdar"),
        "+358 40 100 2004",
    ),
    (
        "tuomas",
        "Tuomas Heikkilä",
        "sivistys",
        ("Vapaa-aikasihteeri", "Fritidssekreterare"),
        ["fi"],
        ("avustukset, liikunta, kulttuuri", "understöd, idrott, kultur"),
        "+358 40 100 2005",
    ),
    (
        "paivi",
        "Päivi Koskinen",
        "hallinto",
        ("Kunnansihteeri", "Kommunsekreterare"),
        ["fi", "sv"],
        (
            "kuntalaisaloite, valtuusto, kokoukset, pöytäkirjat",
            "invånarinitiativ, fullmäktige, möten, protokoll",
        ),
        "+358 40 100 2006",
    ),
    (
        "erik",
        "Erik Söderberg",
        "hallinto",
        ("Vanhus- ja vammaisneuvoston sihteeri", "Sekreterare för äldrerådet och funktionsrättsrådet"),
        ["sv", "fi"],
        (
            "vanhusneuvosto, vammaisneuvosto, esteettömyys",
            "äldrerådet, rådet för personer med funktionsnedsättning, tillgänglighet",
        ),
        "+358 40 100 2007",
    ),
    (
        "sari",
        "Sari Nieminen",
        "tekniset",
        ("Kuntatekniikan päällikkö", "Chef för kommunteknik"),
        ["fi", "sv"],
        ("kadut, tiet, puistot, katuvalot, lumityöt, auraus", "gator, parker, gatubelysning, snöröjning"),
        "+358 40 100 2008",
    ),
]

# What some people answer for, in running text: residents search it in their own word forms.
RESPONSIBILITIES = {
    "jonas": (
        "Vastaa kunnan nuorisopalveluista: nuorisotiloista, nuorisovaltuuston toiminnasta ja nuorten "
        "harrastustoiminnan tukemisesta.",
        "Ansvarar för kommunens ungdomstjänst: ungdomsgårdarna, ungdomsfullmäktiges verksamhet och stödet "
        "till ungas fritidsaktiviteter.",
    ),
    "sari": (
        "Vastaa katujen ja teiden kunnossapidosta, talvella lumen aurauksesta ja hiekoituksesta, sekä "
        "puistoista ja katuvalaistuksesta.",
        "Ansvarar för gatu- och vägunderhållet, snöplogningen och sandningen på vintern samt parkerna och "
        "gatubelysningen.",
    ),
}

CATEGORIES = [
    ("urheilu", "Liikunta ja urheilu", "Motion och idrott"),
    ("kylat", "Kylä- ja asukasyhdistykset", "By- och invånarföreningar"),
    ("elakelaiset", "Eläkeläiset", "Pensionärer"),
    ("nuoret", "Lapset ja nuoret", "Barn och unga"),
    ("kulttuuri", "Kulttuuri ja kotiseutu", "Kultur och hembygd"),
    ("turvallisuus", "Turvallisuus ja pelastus", "Säkerhet och räddning"),
    ("vapaaehtoistyo", "Vapaaehtoistyö ja kotitalous", "Frivilligarbete och hushåll"),
]

AREAS = {
    "kk": ("Kirkonkylä", "Kyrkbyn"),
    "maki": ("Mäkikylä", "Backby"),
    "ranta": ("Rantala", "Strandby"),
    "niitty": ("Niittylä", "Ängsby"),
    "ita": ("Itä-Koivula", "Östra Björkby"),
}

# slug, (title fi, title sv), categories, area, languages, (intro fi, intro sv), (meeting fi, meeting sv),
# (join fi, join sv), contact name, register number
ASSOCIATIONS = [
    (
        "koivulan-kisa",
        ("Koivulan Kisa ry", "Koivulan Kisa rf"),
        ["urheilu", "nuoret"],
        "kk",
        ["fi"],
        (
            "Yleisurheilua, hiihtoa ja salibandyä kaikenikäisille – lasten liikuntakerhoista kuntoilijoiden ryhmiin.",
            "Friidrott, skidåkning och innebandy för alla åldrar – från barnens motionsklubbar till motionärsgrupper.",
        ),
        ("Koivulan urheilukenttä ja koulun liikuntasali", "Koivula idrottsplan och skolans gymnastiksal"),
        (
            "Tule kokeilemaan mihin tahansa ryhmään kaksi kertaa maksutta.",
            "Kom och prova vilken grupp som helst två gånger gratis.",
        ),
        "Marko Lehtinen",
        "123.456",
    ),
    (
        "makikylan-kylayhdistys",
        ("Mäkikylän kyläyhdistys ry", "Backby byaförening rf"),
        ["kylat"],
        "maki",
        ["fi", "sv"],
        (
            "Pidämme kylätalon auki, järjestämme kesäjuhlat ja talkoot sekä tuomme kylän asiat kunnan tietoon.",
            "Vi håller bystugan öppen, ordnar sommarfest och talkon och för fram byns frågor till kommunen.",
        ),
        ("Mäkikylän kylätalo, Mäkikyläntie 12", "Backby bystuga, Backbyvägen 12"),
        (
            "Jäseneksi pääsee jokainen kylän asukas ja kesäasukas. Jäsenmaksu 15 € vuodessa.",
            "Alla bybor och sommarboende kan bli medlemmar. Medlemsavgiften är 15 € per år.",
        ),
        "Riitta Salo",
        "204.117",
    ),
    (
        "rantalan-kylayhdistys",
        ("Rantalan kyläyhdistys ry", "Strandby byaförening rf"),
        ["kylat", "vapaaehtoistyo"],
        "ranta",
        ["fi"],
        (
            "Uimarannan ja venevalkaman kunnossapitoa, kyläkirppis ja joulupolku.",
            "Vi sköter badstranden och båtplatsen och ordnar byloppis och julstig.",
        ),
        ("Rantalan seuratalo", "Strandby föreningshus"),
        (
            "Ilmoittaudu talkoolistalle tai tule kyläkokoukseen.",
            "Anmäl dig till talkolistan eller kom till bymötet.",
        ),
        "Jari Heinonen",
        "",
    ),
    (
        "koivulan-elakelaiset",
        ("Koivulan Eläkeläiset ry", "Koivula pensionärer rf"),
        ["elakelaiset"],
        "kk",
        ["fi"],
        (
            "Viikoittaiset kerhot, tuolijumppa, retket ja teatterimatkat eläkeläisille.",
            "Veckoträffar, stolgymnastik, utflykter och teaterresor för pensionärer.",
        ),
        ("Palvelukeskus Koivukodin kerhohuone", "Klubbrummet på servicecentret Koivukoti"),
        (
            "Tule mukaan tiistain kerhoon, kahvi on valmiina kello 13.",
            "Kom med på tisdagsträffen, kaffet är färdigt klockan 13.",
        ),
        "Raili Karjalainen",
        "098.332",
    ),
    (
        "nuorten-tyopaja-verstas",
        ("Nuorten työpaja Verstas", "Ungdomsverkstaden Verstas"),
        ["nuoret"],
        "kk",
        ["fi", "sv"],
        (
            "Työpaja 16–29-vuotiaille: puu- ja metallitöitä, kokkausta ja tukea opiskelupaikan löytämiseen.",
            "Verkstad för 16–29-åringar: trä- och metallarbete, matlagning och stöd att hitta en studieplats.",
        ),
        ("Verstas, Teollisuustie 4", "Verstas, Industrivägen 4"),
        (
            "Ota yhteyttä nuorisotoimeen tai tule käymään arkipäivisin kello 9–15.",
            "Kontakta ungdomsväsendet eller kom förbi vardagar klockan 9–15.",
        ),
        "Jonna Ahonen",
        "",
    ),
    (
        "koivulan-martat",
        ("Koivulan Martat ry", "Koivula Marthaförening rf"),
        ["vapaaehtoistyo"],
        "niitty",
        ["fi"],
        (
            "Ruoka- ja puutarhakursseja, kodin neuvontaa ja vapaaehtoistyötä kunnan tapahtumissa.",
            "Mat- och trädgårdskurser, hemrådgivning och frivilligarbete vid kommunens evenemang.",
        ),
        ("Niittylän koulun kotitalousluokka", "Ängsby skolas hushållsklass"),
        (
            "Jäseneksi voi liittyä Marttaliiton sivuilla tai tulemalla illanviettoon.",
            "Du kan gå med via Marthaförbundets sidor eller genom att komma till en träff.",
        ),
        "Helena Rantanen",
        "077.910",
    ),
    (
        "koivulan-vpk",
        ("Koivulan VPK ry", "Koivula FBK rf"),
        ["turvallisuus", "nuoret"],
        "kk",
        ["fi", "sv"],
        (
            "Vapaapalokunta: sammutus- ja pelastustehtäviä, nuoriso-osasto 10–16-vuotiaille ja turvallisuuskoulutusta.",
            "Frivillig brandkår: släcknings- och räddningsuppdrag, ungdomsavdelning för 10–16-åringar och säkerhetsutbildning.",
        ),
        ("Paloasema, Asematie 2", "Brandstationen, Stationsvägen 2"),
        (
            "Harjoitukset maanantaisin kello 18. Uudet jäsenet aloittavat peruskurssilla.",
            "Övningar måndagar klockan 18. Nya medlemmar börjar med grundkursen.",
        ),
        "Timo Laine",
        "045.221",
    ),
    (
        "bjorkby-sangkor",
        ("Björkby Sångkör r.f.", "Björkby Sångkör r.f."),
        ["kulttuuri"],
        "ita",
        ["sv"],
        (
            "Ruotsinkielinen sekakuoro, joka laulaa kirkossa, joulukonserteissa ja kesäjuhlilla.",
            "Svenskspråkig blandad kör som sjunger i kyrkan, på julkonserter och på sommarfester.",
        ),
        ("Björkbyn seurakuntatalo", "Björkby församlingshem"),
        (
            "Nya sångare är välkomna, särskilt tenorer! Övning torsdagar kl. 18.30.",
            "Nya sångare är välkomna, särskilt tenorer! Övning torsdagar kl. 18.30.",
        ),
        "Karin Sjöberg",
        "031.876",
    ),
    (
        "ostra-bjorkby-bygdeforening",
        ("Östra Björkby bygdeförening r.f.", "Östra Björkby bygdeförening r.f."),
        ["kylat", "kulttuuri"],
        "ita",
        ["sv"],
        (
            "Itä-Koivulan ruotsinkielinen kyläyhdistys: midsommar-juhla, kylätalo ja paikallishistoria.",
            "Byaförening i Östra Björkby: midsommarfest, bygdegården och lokalhistoria.",
        ),
        ("Bygdegården, Östra byvägen 7", "Bygdegården, Östra byvägen 7"),
        (
            "Alla som bor eller har sommarställe i Östra Björkby är välkomna som medlemmar.",
            "Alla som bor eller har sommarställe i Östra Björkby är välkomna som medlemmar.",
        ),
        "Anders Nyberg",
        "112.409",
    ),
    (
        "kotiseutuyhdistys",
        ("Koivula–Björkby kotiseutuyhdistys ry", "Koivula–Björkby hembygdsförening rf"),
        ["kulttuuri"],
        "kk",
        ["fi", "sv"],
        (
            "Kaksikielinen kotiseutuyhdistys: kotiseutumuseo, kylähistoriat ja perinnepäivät suomeksi ja ruotsiksi.",
            "Tvåspråkig hembygdsförening: hembygdsmuseet, byhistorier och traditionsdagar på finska och svenska.",
        ),
        ("Kotiseutumuseo, Museotie 1", "Hembygdsmuseet, Museivägen 1"),
        (
            "Liity jäseneksi museolla tai sähköpostitse. Jäsenmaksu 20 € vuodessa.",
            "Bli medlem på museet eller per e-post. Medlemsavgiften är 20 € per år.",
        ),
        "Sofia Grönlund",
        "066.543",
    ),
    (
        "koivulan-shakkikerho",
        ("Koivulan Shakkikerho", "Koivula schackklubb"),
        ["kulttuuri", "nuoret"],
        "kk",
        ["fi"],
        (
            "Shakkia kaikentasoisille pelaajille, junioreille oma ryhmä keskiviikkoisin.",
            "Schack för spelare på alla nivåer, juniorerna har egen grupp på onsdagar.",
        ),
        ("Koivulan kirjasto", "Koivula bibliotek"),
        (
            "Tule pelaamaan, laudat ja kellot löytyvät kerholta.",
            "Kom och spela, klubben har brädor och klockor.",
        ),
        "Ville Hakala",
        "",
    ),
    (
        "aaneskosken-soutajat",
        ("Ääneskosken Soutajat ry", "Ääneskoski roddare rf"),
        ["urheilu"],
        "ranta",
        ["fi"],
        (
            "Kirkkovenesoutua ja melontaa Ääneskoskella toukokuusta syyskuuhun.",
            "Kyrkbåtsrodd och paddling vid Ääneskoski från maj till september.",
        ),
        ("Rantalan venevalkama", "Strandby båtplats"),
        ("Kesän ensimmäinen soutuilta on avoin kaikille.", "Sommarens första roddkväll är öppen för alla."),
        "Pekka Salminen",
        "150.002",
    ),
]


def step(title, text=""):
    return ("step", {"title": title, "text": p(text) if text else ""})


# slug fi, slug sv, group, eligibility, contacts, (title, intro, can_affect, steps, handling time, note) per language
CHANNELS = [
    (
        "kuntalaisaloite",
        "invanarinitiativ",
        "initiative",
        ["residents", "voters", "associations"],
        ["paivi", "anna"],
        {
            "title": "Kuntalaisaloite",
            "intro": "Tee aloite kunnan toiminnasta. Aloitteen voi tehdä yksin, yhdessä muiden kanssa tai yhdistyksenä.",
            "can_affect": p("Kaikkea kunnan toimintaa: palveluja, rakentamista, ympäristöä, tapahtumia."),
            "steps": [
                step("Kirjoita aloite", "Kerro, mitä ehdotat ja miksi."),
                step("Kerää kannattajia", "Kannatus näkyy aloitteen sivulla."),
                step("Kunta vastaa", "Vastuuhenkilö valmistelee vastauksen, joka julkaistaan."),
                step(
                    "Valtuusto käsittelee",
                    "Jos kannattajia on vähintään 2 % äänioikeutetuista, valtuusto käsittelee aloitteen.",
                ),
            ],
            "handling_time": "Vastaus yleensä kolmessa kuukaudessa; 2 %:n aloitteet valtuustoon kuuden kuukauden kuluessa.",
            "eligibility_note": "Kuntalaki 23 §: 2 % äänioikeutetuista vie aloitteen valtuuston käsiteltäväksi.",
        },
        {
            "title": "Invånarinitiativ",
            "intro": "Gör ett initiativ om kommunens verksamhet. Du kan göra det ensam, tillsammans med andra eller som förening.",
            "can_affect": p("All kommunal verksamhet: tjänster, byggande, miljö, evenemang."),
            "steps": [
                step("Skriv initiativet", "Berätta vad du föreslår och varför."),
                step("Samla stöd", "Stödet syns på initiativets sida."),
                step("Kommunen svarar", "En ansvarsperson bereder ett svar som publiceras."),
                step(
                    "Fullmäktige behandlar",
                    "Om minst 2 % av de röstberättigade stöder initiativet tar fullmäktige upp det.",
                ),
            ],
            "handling_time": "Svar i regel inom tre månader; 2 %-initiativ till fullmäktige inom sex månader.",
            "eligibility_note": "Kommunallagen 23 §: 2 % av de röstberättigade för initiativet till fullmäktige.",
        },
    ),
    (
        "palaute",
        "respons",
        "feedback",
        ["anyone"],
        ["anna", "sari"],
        {
            "title": "Palaute kunnalle",
            "intro": "Kiitos, kysymys, epäkohta tai idea – palaute menee suoraan asiasta vastaavalle.",
            "can_affect": p("Palveluiden laatua, katujen ja puistojen kuntoa, tiedottamista."),
            "steps": [
                step("Valitse aihe"),
                step("Kirjoita palaute", "Kerro myös paikka, jos asia koskee tiettyä katua, puistoa tai rakennusta."),
                step("Saat vastauksen", "Vastaus julkaistaan, jos annat siihen luvan."),
            ],
            "handling_time": "Vastaamme kahden viikon kuluessa.",
            "eligibility_note": "",
        },
        {
            "title": "Respons till kommunen",
            "intro": "Tack, fråga, missförhållande eller idé – responsen går direkt till den som ansvarar.",
            "can_affect": p("Tjänsternas kvalitet, gatornas och parkernas skick, informationen."),
            "steps": [
                step("Välj ämne"),
                step("Skriv din respons", "Berätta också var, om saken gäller en viss gata, park eller byggnad."),
                step("Du får svar", "Svaret publiceras om du tillåter det."),
            ],
            "handling_time": "Vi svarar inom två veckor.",
            "eligibility_note": "",
        },
    ),
    (
        "nuorisovaltuusto",
        "ungdomsfullmaktige",
        "councils",
        ["young"],
        ["jonas"],
        {
            "title": "Nuorisovaltuusto",
            "intro": "Nuorisovaltuusto tuo nuorten äänen kunnan päätöksiin.",
            "can_affect": p("Nuorisotiloja, koulujen asioita, harrastuksia ja liikennettä."),
            "steps": [
                step("Ota yhteyttä nuorisovaltuutettuun tai nuorisosihteeriin"),
                step("Asia otetaan kokouksen esityslistalle"),
                step("Nuorisovaltuusto antaa lausunnon tai tekee aloitteen"),
            ],
            "handling_time": "Kokoukset kerran kuukaudessa.",
            "eligibility_note": "Vaaleissa voi asettua ehdolle 13–20-vuotias.",
        },
        {
            "title": "Ungdomsfullmäktige",
            "intro": "Ungdomsfullmäktige för fram ungas röst i kommunens beslut.",
            "can_affect": p("Ungdomslokaler, skolfrågor, fritidsaktiviteter och trafik."),
            "steps": [
                step("Kontakta en ledamot eller ungdomssekreteraren"),
                step("Frågan tas upp på mötets föredragningslista"),
                step("Ungdomsfullmäktige ger ett utlåtande eller gör ett initiativ"),
            ],
            "handling_time": "Möten en gång i månaden.",
            "eligibility_note": "13–20-åringar kan ställa upp i valet.",
        },
    ),
    (
        "vanhusneuvosto",
        "aldreradet",
        "councils",
        ["elderly", "associations"],
        ["erik"],
        {
            "title": "Vanhusneuvosto",
            "intro": "Vanhusneuvosto vaikuttaa ikääntyneiden palveluihin ja arkeen.",
            "can_affect": p("Palveluja, liikkumista, asumista ja esteettömyyttä."),
            "steps": [
                step("Kerro asiasta sihteerille tai jäsenelle"),
                step("Neuvosto käsittelee asian kokouksessaan"),
                step("Neuvosto antaa lausunnon kunnan päättäjille"),
            ],
            "handling_time": "Kokoukset noin kuusi kertaa vuodessa.",
            "eligibility_note": "Jäsenet tulevat eläkeläisjärjestöistä.",
        },
        {
            "title": "Äldrerådet",
            "intro": "Äldrerådet påverkar de äldres tjänster och vardag.",
            "can_affect": p("Tjänster, rörlighet, boende och tillgänglighet."),
            "steps": [
                step("Berätta om frågan för sekreteraren eller en ledamot"),
                step("Rådet behandlar frågan på sitt möte"),
                step("Rådet ger ett utlåtande till kommunens beslutsfattare"),
            ],
            "handling_time": "Möten ungefär sex gånger per år.",
            "eligibility_note": "Ledamöterna kommer från pensionärsföreningarna.",
        },
    ),
    (
        "vammaisneuvosto",
        "funktionsrattsradet",
        "councils",
        ["disabled", "associations"],
        ["erik"],
        {
            "title": "Vammaisneuvosto",
            "intro": "Vammaisneuvosto edistää vammaisten henkilöiden osallisuutta ja yhdenvertaisuutta.",
            "can_affect": p("Esteettömyyttä, palveluja ja tiedottamista."),
            "steps": [
                step("Ota yhteyttä sihteeriin"),
                step("Asia käsitellään neuvostossa"),
                step("Neuvosto vie asian eteenpäin"),
            ],
            "handling_time": "Kokoukset noin neljä kertaa vuodessa.",
            "eligibility_note": "",
        },
        {
            "title": "Rådet för personer med funktionsnedsättning",
            "intro": "Rådet främjar delaktighet och jämlikhet för personer med funktionsnedsättning.",
            "can_affect": p("Tillgänglighet, tjänster och information."),
            "steps": [
                step("Kontakta sekreteraren"),
                step("Frågan behandlas i rådet"),
                step("Rådet för frågan vidare"),
            ],
            "handling_time": "Möten ungefär fyra gånger per år.",
            "eligibility_note": "",
        },
    ),
    (
        "valtuusto-ja-lautakunnat",
        "fullmaktige-och-namnder",
        "meetings",
        ["anyone"],
        ["paivi"],
        {
            "title": "Valtuuston ja lautakuntien kokoukset",
            "intro": "Valtuuston kokoukset ovat julkisia. Esityslistat ja pöytäkirjat julkaistaan verkossa.",
            "can_affect": p("Voit seurata päätöksentekoa ja ottaa yhteyttä valtuutettuihin ennen päätöksiä."),
            "steps": [
                step("Lue esityslista"),
                step("Ota yhteyttä valtuutettuun"),
                step("Seuraa kokousta paikan päällä tai verkossa"),
            ],
            "handling_time": "",
            "eligibility_note": "",
        },
        {
            "title": "Fullmäktiges och nämndernas möten",
            "intro": "Fullmäktiges möten är offentliga. Föredragningslistor och protokoll publiceras på webben.",
            "can_affect": p("Du kan följa beslutsfattandet och kontakta ledamöterna före besluten."),
            "steps": [
                step("Läs föredragningslistan"),
                step("Kontakta en ledamot"),
                step("Följ mötet på plats eller på webben"),
            ],
            "handling_time": "",
            "eligibility_note": "",
        },
    ),
    (
        "asukasillat",
        "invanarkvallar",
        "meetings",
        ["anyone"],
        ["anna"],
        {
            "title": "Asukasillat",
            "intro": "Keskustelemme kylien ja kirkonkylän asioista yhdessä viranhaltijoiden kanssa.",
            "can_affect": p("Lähiympäristöä, palveluja ja kunnan suunnitelmia."),
            "steps": [
                step("Katso seuraava asukasilta tapahtumista"),
                step("Tule paikalle tai lähetä kysymys etukäteen"),
                step("Muistio ja vastaukset julkaistaan"),
            ],
            "handling_time": "Muistio julkaistaan kahden viikon kuluessa.",
            "eligibility_note": "",
        },
        {
            "title": "Invånarkvällar",
            "intro": "Vi diskuterar byarnas och kyrkbyns frågor tillsammans med tjänstemännen.",
            "can_affect": p("Närmiljön, tjänsterna och kommunens planer."),
            "steps": [
                step("Se nästa invånarkväll bland evenemangen"),
                step("Kom på plats eller skicka en fråga på förhand"),
                step("Minnesanteckningar och svar publiceras"),
            ],
            "handling_time": "Minnesanteckningarna publiceras inom två veckor.",
            "eligibility_note": "",
        },
    ),
    (
        "kumppanuusfoorumi",
        "partnerskapsforum",
        "meetings",
        ["associations"],
        ["leena"],
        {
            "title": "Järjestöjen kumppanuusfoorumi",
            "intro": "Yhdistysten ja kunnan yhteinen foorumi kaksi kertaa vuodessa.",
            "can_affect": p("Yhteistyön muotoja, tiloja, avustuksia ja yhteisiä tapahtumia."),
            "steps": [
                step("Ilmoittaudu foorumiin"),
                step("Tuo aiheesi esityslistalle"),
                step("Sovitut asiat kirjataan ja niitä seurataan"),
            ],
            "handling_time": "Kokoontuu keväällä ja syksyllä.",
            "eligibility_note": "",
        },
        {
            "title": "Föreningarnas partnerskapsforum",
            "intro": "Föreningarnas och kommunens gemensamma forum två gånger per år.",
            "can_affect": p("Samarbetsformer, lokaler, understöd och gemensamma evenemang."),
            "steps": [
                step("Anmäl dig till forumet"),
                step("För upp ditt ämne på föredragningslistan"),
                step("Det som avtalas antecknas och följs upp"),
            ],
            "handling_time": "Träffas på våren och hösten.",
            "eligibility_note": "",
        },
    ),
    (
        "yhdistysavustukset",
        "foreningsunderstod",
        "officials",
        ["associations"],
        ["tuomas", "leena"],
        {
            "title": "Yhdistysavustusten haku",
            "intro": "Kunta tukee yhdistysten toimintaa toiminta- ja kohdeavustuksilla.",
            "can_affect": p("Yhdistyksen toimintaedellytyksiä ja tapahtumia."),
            "steps": [
                step("Lue avustusperiaatteet"),
                step("Hae avustusta helmikuun loppuun mennessä"),
                step("Lautakunta päättää avustuksista"),
            ],
            "handling_time": "Päätökset huhtikuussa.",
            "eligibility_note": "Rekisteröidyt yhdistykset, joiden toiminta on Koivulassa.",
        },
        {
            "title": "Understöd till föreningar",
            "intro": "Kommunen stöder föreningarnas verksamhet med verksamhets- och projektunderstöd.",
            "can_affect": p("Föreningens verksamhetsförutsättningar och evenemang."),
            "steps": [
                step("Läs principerna för understöd"),
                step("Ansök senast i slutet av februari"),
                step("Nämnden beslutar om understöden"),
            ],
            "handling_time": "Besluten fattas i april.",
            "eligibility_note": "Registrerade föreningar med verksamhet i Björkby.",
        },
    ),
    (
        "ota-yhteytta-viranhaltijaan",
        "kontakta-tjansteman",
        "officials",
        ["anyone"],
        ["anna", "leena"],
        {
            "title": "Ota yhteyttä viranhaltijaan",
            "intro": "Jokaisella asialla on vastuuhenkilö. Soita, lähetä sähköpostia tai varaa tapaaminen.",
            "can_affect": p("Asian valmistelua jo ennen päätöksiä."),
            "steps": [
                step("Etsi oikea henkilö yhteystiedoista"),
                step("Ota yhteyttä omalla kielelläsi"),
                step("Sovi tarvittaessa tapaaminen"),
            ],
            "handling_time": "Vastaamme yleensä viikon kuluessa.",
            "eligibility_note": "",
        },
        {
            "title": "Kontakta en tjänsteman",
            "intro": "Varje fråga har en ansvarsperson. Ring, skicka e-post eller boka ett möte.",
            "can_affect": p("Beredningen av ärenden redan före besluten."),
            "steps": [
                step("Sök rätt person bland kontaktuppgifterna"),
                step("Ta kontakt på ditt eget språk"),
                step("Boka vid behov ett möte"),
            ],
            "handling_time": "Vi svarar i regel inom en vecka.",
            "eligibility_note": "",
        },
    ),
]

GUIDE = [
    (
        "Haluan ehdottaa muutosta kunnan toimintaan",
        "Jag vill föreslå en ändring i kommunens verksamhet",
        "kuntalaisaloite",
    ),
    ("Huomasin epäkohdan kadulla tai puistossa", "Jag märkte ett fel på en gata eller i en park", "palaute"),
    ("Olen nuori ja haluan vaikuttaa", "Jag är ung och vill påverka", "nuorisovaltuusto"),
    (
        "Yhdistyksemme tarvitsee tukea toimintaan",
        "Vår förening behöver stöd för verksamheten",
        "yhdistysavustukset",
    ),
    (
        "Haluan tavata kunnan väkeä ja muita asukkaita",
        "Jag vill träffa kommunens personal och andra invånare",
        "asukasillat",
    ),
]


def load(stdout):
    locale_fi, _locale_sv = locales()
    home_fi, _home_sv = home_pages()

    departments = {}
    for key, order, name_fi, name_sv in DEPARTMENTS:
        departments[key] = snippet_pair(
            Department, {"name": name_fi}, fi={}, sv={"name": name_sv}, sort_order=order
        )
    people = {}
    for index, (key, name, department, roles, languages, topics, phone) in enumerate(PEOPLE):
        dept_fi, dept_sv = departments[department]
        email = name.lower().replace(" ", ".").replace("ä", "a").replace("ö", "o") + "@koivula.example"
        people[key] = snippet_pair(
            ContactPerson,
            {"email": email},
            fi={
                "role": roles[0],
                "topics": topics[0],
                "department": dept_fi,
                "availability": "Puhelimitse ma–to klo 9–11, muulloin sähköpostitse.",
                "responsibilities": p(RESPONSIBILITIES[key][0]) if key in RESPONSIBILITIES else "",
            },
            sv={
                "role": roles[1],
                "topics": topics[1],
                "department": dept_sv,
                "availability": "Per telefon mån–tors kl. 9–11, annars per e-post.",
                "responsibilities": p(RESPONSIBILITIES[key][1]) if key in RESPONSIBILITIES else "",
            },
            name=name,
            phone=phone,
            languages=languages,
            sort_order=(index + 1) * 10,
        )
    categories = {}
    for slug, name_fi, name_sv in CATEGORIES:
        categories[slug] = snippet_pair(
            AssociationCategory, {"slug": slug}, fi={"name": name_fi}, sv={"name": name_sv}
        )

    page_pair(
        home_fi,
        ContactIndexPage,
        fi={
            "title": "Keneen ottaa yhteyttä",
            "slug": "yhteyshenkilot",
            "intro": "Kunnan yhteyshenkilöt toimialoittain. Jokainen vastaa viesteihin omalla vastuualueellaan.",
        },
        show_in_menus=True,
        sv={
            "title": "Vem kontaktar jag",
            "slug": "kontaktpersoner",
            "intro": "Kommunens kontaktpersoner per sektor. Var och en svarar inom sitt eget ansvarsområde.",
        },
    )

    directory_fi, _directory_sv = page_pair(
        home_fi,
        AssociationIndexPage,
        fi={
            "title": "Yhdistykset ja järjestöt",
            "slug": "yhdistykset",
            "intro": "Koivulan yhdistykset kylistä urheiluseuroihin. Yhdistykset pitävät tietonsa itse ajan tasalla.",
        },
        sv={
            "title": "Föreningar och organisationer",
            "slug": "foreningar",
            "intro": "Föreningarna i Björkby, från byaföreningar till idrottsföreningar. Föreningarna håller själva sina uppgifter aktuella.",
        },
        show_in_menus=True,
    )
    add_association_form(directory_fi)
    for (
        slug,
        titles,
        category_slugs,
        area,
        languages,
        intros,
        meeting,
        join,
        contact_name,
        register_number,
    ) in ASSOCIATIONS:
        email_name = slug.replace("-", "")[:20]
        page_fi, _page_sv = page_pair(
            directory_fi,
            AssociationPage,
            fi={
                "title": titles[0],
                "slug": slug,
                "intro": intros[0],
                "area": AREAS[area][0],
                "meeting_place": meeting[0],
                "how_to_join": p(join[0]),
            },
            sv={
                "title": titles[1],
                "slug": slug,
                "intro": intros[1],
                "area": AREAS[area][1],
                "meeting_place": meeting[1],
                "how_to_join": p(join[1]),
            },
            languages=languages,
            contact_name=contact_name,
            contact_email=f"{email_name}@yhdistys.example",
            contact_phone="+358 50 555 " + str(1000 + len(slug) * 37)[:4],
            register_number=register_number,
            steward_email=f"hallitus.{email_name}@yhdistys.example",
        )
        if not page_fi.categories.exists():
            page_fi.categories.set([categories[c][0] for c in category_slugs])
            page_fi.save_revision().publish()

    channels_fi, channels_sv = page_pair(
        home_fi,
        InfluenceChannelIndexPage,
        fi={
            "title": "Vaikuta ja osallistu",
            "slug": "vaikuta",
            "intro": "Näin voit vaikuttaa Koivulan asioihin – yksin, yhdessä tai yhdistyksenä.",
        },
        sv={
            "title": "Påverka och delta",
            "slug": "paverka",
            "intro": "Så kan du påverka i Björkby – ensam, tillsammans med andra eller som förening.",
        },
        show_in_menus=True,
    )
    channel_pages = {}
    for slug_fi, slug_sv, group, eligibility, contact_keys, fi, sv in CHANNELS:
        channel_pages[slug_fi] = page_pair(
            channels_fi,
            InfluenceChannelPage,
            fi={
                **fi,
                "slug": slug_fi,
                "contacts": [
                    ChannelContact(person=people[k][0], sort_order=i) for i, k in enumerate(contact_keys)
                ],
            },
            sv={**sv, "slug": slug_sv},
            group=group,
            eligibility=eligibility,
        )
    for stale_index_page, position in ((channels_fi, 0), (channels_sv, 1)):
        # Re-read: adding the channel pages changed the index page's child count in the tree.
        index_page = InfluenceChannelIndexPage.objects.get(pk=stale_index_page.pk)
        if not index_page.guide:
            index_page.guide = [
                ("item", {"matter": item[position], "channel": channel_pages[item[2]][position]})
                for item in GUIDE
            ]
            index_page.save_revision().publish()
    stdout.write(
        f"Directory: {ContactPerson.objects.filter(locale=locale_fi).count()} contact people, "
        f"{AssociationPage.objects.filter(locale=locale_fi).count()} associations, "
        f"{InfluenceChannelPage.objects.filter(locale=locale_fi).count()} influence channels per language."
    )


def reset():
    remove_association_form()
    for model in (InfluenceChannelIndexPage, AssociationIndexPage, ContactIndexPage):
        for page in model.objects.all():
            page.delete()
    ContactPerson.objects.all().delete()
    Department.objects.all().delete()
    AssociationCategory.objects.all().delete()
