"""Demo content for consultations: the consultations page under both home pages, an open consultation on
Mäkikylä's village master plan (four sections, one with a question, published comments in both
languages), a closed one on the library's opening hours with its published summary, and the influence
channel "Kuulemiset" / "Samråd" that leads to them. Idempotent, like the rest of the demo."""

import datetime

from django.utils import timezone

from engagement.consultations import services
from engagement.consultations.models import (
    Answer,
    Comment,
    ConsultationContact,
    ConsultationSection,
    ConsultationTheme,
    SectionSummary,
)
from engagement.consultations.pages import ConsultationIndexPage, ConsultationPage
from home.models import ContactPerson, InfluenceChannelIndexPage, InfluenceChannelPage
from kumppanuus.demo.helpers import home_pages, link_channel_form, locales, page_pair

THEMES = [("maankaytto", "Maankäyttö ja kaavoitus", "Markanvändning och planläggning"), ("palvelut", "Palvelut", "Tjänster")]

# (heading fi, heading sv, text fi, text sv, question fi, question sv, kind, options fi, options sv)
MASTER_PLAN = [
    ("Asuminen", "Boende",
     "Kaava osoittaa kylän keskustaan 24 uutta omakotitonttia ja kaksi rivitalotonttia koulun läheisyyteen.",
     "Planen anvisar 24 nya egnahemstomter i bycentrum och två radhustomter nära skolan.", "", "", "", "", ""),
    ("Liikenne", "Trafik",
     "Mäkikyläntien varteen suunnitellaan kevyen liikenteen väylä koululta kauppaan. Raskas liikenne ohjataan "
     "kylän ohi uutta kokoojakatua pitkin.",
     "Längs Mäkikyläntie planeras en gång- och cykelled från skolan till butiken. Den tunga trafiken leds förbi "
     "byn längs en ny matargata.",
     "Pitäisikö kevyen liikenteen väylä rakentaa ensimmäisenä?", "Borde gång- och cykelleden byggas först?",
     "single", "Kyllä\nEi\nEn osaa sanoa", "Ja\nNej\nVet inte"),
    ("Virkistys ja luonto", "Rekreation och natur",
     "Rantaniitty ja kylämetsä säilyvät virkistysalueina. Uimarannalle tulee esteetön polku.",
     "Strandängen och byskogen förblir rekreationsområden. Till badstranden byggs en tillgänglig stig.",
     "", "", "", "", ""),
    ("Palvelut", "Service",
     "Kyläkoulun yhteyteen varataan tila päiväkodille ja kirjaston lainauspisteelle.",
     "Vid byskolan reserveras utrymme för ett daghem och ett utlåningsställe för biblioteket.", "", "", "", "", ""),
]

# (section number or None, language, nickname, text, agree count)
MASTER_PLAN_COMMENTS = [
    (1, "fi", "Koululainen äiti", "Väylä on todella tarpeen. Lapset kulkevat nyt tien reunaa pimeällä.", 12),
    (1, "fi", "Mäkikyläläinen", "Kokoojakatu kylän ohi on hyvä ajatus, mutta se ei saa kulkea rantaniityn kautta.", 4),
    (1, "sv", "Cyklist", "Leden borde fortsätta ända till busshållplatsen vid landsvägen.", 7),
    (0, "fi", "", "Tontteja on hyvä olla, mutta osa niistä voisi olla isompia maatilan tapaan.", 2),
    (0, "sv", "Nyinflyttad", "Fler hyresbostäder behövs också, inte bara egnahemstomter.", 3),
    (2, "fi", "Uimari", "Esteetön polku rantaan on hieno asia. Lisää myös penkkejä matkan varrelle.", 5),
    (None, "fi", "Pekka", "Kiitos selkeästä luonnoksesta ja kartoista.", 1),
    (None, "sv", "Byaföreningen", "Bra att byn får växa. Vi vill gärna ordna en byvandring om planen.", 6),
]

LIBRARY = [
    ("Aukioloajat arkisin", "Öppettider på vardagar",
     "Pääkirjasto olisi auki arkisin kello 9–20 ja omatoimikirjastona kello 7–9 ja 20–22.",
     "Huvudbiblioteket skulle vara öppet vardagar kl. 9–20 och som meröppet bibliotek kl. 7–9 och 20–22.",
     "Kuinka hyvin ehdotetut aukioloajat sopivat sinulle?", "Hur väl passar de föreslagna öppettiderna dig?",
     "scale", "", ""),
    ("Viikonloput", "Veckoslut",
     "Lauantaisin kirjasto olisi auki kello 10–16 ja sunnuntaisin omatoimikirjastona.",
     "På lördagar skulle biblioteket vara öppet kl. 10–16 och på söndagar som meröppet bibliotek.",
     "", "", "", "", ""),
]

LIBRARY_COMMENTS = [
    (0, "fi", "Opiskelija", "Iltaisin aukiolo kello 22 asti olisi loistava lukemiseen.", 8),
    (0, "sv", "Pensionär", "Jag behöver personal på plats på morgonen, inte bara meröppet.", 5),
    (1, "fi", "Perheellinen", "Sunnuntain omatoimikirjasto on hyvä, mutta lasten osasto pitäisi olla auki.", 9),
]
LIBRARY_ANSWERS = {1: 2, 2: 3, 3: 6, 4: 11, 5: 7}

LIBRARY_SUMMARIES = {
    0: (
        ("Moni toivoi pitkiä iltoja opiskeluun ja henkilökuntaa paikalle aamuisin.",
         "Henkilökunta on paikalla arkiaamuisin kello 9 alkaen, ja omatoimiaika jatkuu kello 22:een."),
        ("Många önskade långa kvällar för studier och personal på plats på morgonen.",
         "Personalen finns på plats vardagsmorgnar från kl. 9, och meröppet fortsätter till kl. 22."),
    ),
    1: (
        ("Sunnuntain omatoimikirjastoa kannatettiin, kunhan lasten osasto on auki.",
         "Lasten osasto on auki myös omatoimiaikana."),
        ("Meröppet på söndagar fick stöd, bara barnavdelningen är öppen.",
         "Barnavdelningen är öppen också under meröppet."),
    ),
}


def _themes():

    locale_fi, locale_sv = locales()
    themes = {}
    for slug, name_fi, name_sv in THEMES:
        theme = ConsultationTheme.objects.filter(locale=locale_fi, slug=slug).first()
        if theme is None:
            theme = ConsultationTheme.objects.create(locale=locale_fi, slug=slug, name=name_fi)
        if theme.get_translation_or_none(locale_sv) is None:
            theme_sv = theme.copy_for_translation(locale_sv)
            theme_sv.name = name_sv
            theme_sv.save()
        themes[slug] = theme
    return themes


def _contact(name):

    locale_fi, _sv = locales()
    return ContactPerson.objects.filter(locale=locale_fi, name=name).first()


def _consultation(index_fi, slugs, titles, summaries, sections, **shared):
    """(page_fi, page_sv) with the sections of `sections`, the Swedish texts on the Swedish page."""

    contact = shared.pop("contact", None)
    theme = shared.pop("theme")
    theme_sv = theme.get_translation_or_none(locales()[1]) or theme
    page_fi, page_sv = page_pair(
        index_fi,
        ConsultationPage,
        fi={
            "title": titles[0], "slug": slugs[0], "summary": summaries[0],
            "sections": [
                ConsultationSection(heading=h_fi, text=f"<p>{t_fi}</p>", question=q_fi, question_kind=kind, options=o_fi)
                for h_fi, _h, t_fi, _t, q_fi, _q, kind, o_fi, _o in sections
            ],
            "contacts": [ConsultationContact(person=contact)] if contact else [],
            "theme": theme,
        },
        sv={"title": titles[1], "slug": slugs[1], "summary": summaries[1], "theme": theme_sv},
        **shared,
    )
    rows = list(page_sv.sections.all())
    if rows and rows[0].heading != sections[0][1]:
        for row, (_h, h_sv, _t, t_sv, _q, q_sv, _kind, _o, o_sv) in zip(rows, sections, strict=True):
            row.heading, row.text, row.question, row.options = h_sv, f"<p>{t_sv}</p>", q_sv, o_sv
        page_sv.sections = rows
        page_sv.save_revision().publish()
    return page_fi, ConsultationPage.objects.get(pk=page_sv.pk)


def _comments(pages, items, now, days_ago):

    if Comment.objects.of(pages[0]).exists():
        return []
    by_language = {"fi": pages[0], "sv": pages[1]}
    sections = {language: list(page.sections.all()) for language, page in by_language.items()}
    comments = []
    for number, (section, language, nickname, text, agrees) in enumerate(items):
        comments.append(Comment.objects.create(
            consultation=by_language[language], section=sections[language][section] if section is not None else None,
            language=language, nickname=nickname, text=text, agree_count=agrees, status=Comment.Status.PUBLISHED,
            created_at=now - datetime.timedelta(days=days_ago - number % 5, hours=number),
        ))
    return comments


def load(stdout):


    home_fi, _home_sv = home_pages()
    now = timezone.now()
    themes = _themes()
    index_fi, index_sv = page_pair(
        home_fi,
        ConsultationIndexPage,
        fi={"title": "Kommentoi luonnoksia", "slug": "kuulemiset",
            "intro": "Kunta kysyy mielipidettäsi luonnoksista ennen päätöstä. Kommentoi ilman tunnuksia ja "
                     "katso, mitä kuulimme ja mitä muutimme."},
        sv={"title": "Kommentera utkast", "slug": "samrad",
            "intro": "Kommunen frågar vad du tycker om utkast innan beslut fattas. Kommentera utan konto och "
                     "se vad vi hörde och vad vi ändrade."},
        show_in_menus=True,
    )
    plan = _consultation(
        index_fi, ("makikylan-osayleiskaava", "makikyla-delgeneralplan"),
        ("Mäkikylän osayleiskaava", "Delgeneralplan för Mäkikylä"),
        ("Mäkikylän osayleiskaavan luonnos ohjaa kylän rakentamista seuraavat 15 vuotta. Kerro, mitä mieltä olet.",
         "Utkastet till delgeneralplan för Mäkikylä styr byggandet i byn de kommande 15 åren. Berätta vad du tycker."),
        MASTER_PLAN,
        opens_at=now - datetime.timedelta(days=10), closes_at=now + datetime.timedelta(days=20),
        theme=themes["maankaytto"], moderation="pre",
        preparation_started=(now - datetime.timedelta(days=120)).date(),
        decision_expected=(now + datetime.timedelta(days=90)).date(), contact=_contact("Sari Nieminen"),
    )
    _comments(plan, MASTER_PLAN_COMMENTS, now, 8)

    library = _consultation(
        index_fi, ("kirjaston-aukioloajat", "bibliotekets-oppettider"),
        ("Kirjaston aukioloajat", "Bibliotekets öppettider"),
        ("Pääkirjaston aukioloajat muuttuvat ensi vuonna. Kysyimme, millaiset ajat sopivat asukkaille.",
         "Huvudbibliotekets öppettider ändras nästa år. Vi frågade vilka tider som passar invånarna."),
        LIBRARY,
        opens_at=now - datetime.timedelta(days=60), closes_at=now - datetime.timedelta(days=30),
        theme=themes["palvelut"], moderation="post",
        preparation_started=(now - datetime.timedelta(days=90)).date(),
        decision_expected=(now + datetime.timedelta(days=14)).date(),
    )
    library_comments = _comments(library, LIBRARY_COMMENTS, now, 45)
    if library_comments:
        first_sections = [page.sections.all()[0] for page in library]
        Answer.objects.bulk_create(
            Answer(consultation=library[number % 2], section=first_sections[number % 2], choice=choice,
                   language=("fi", "sv")[number % 2])
            for choice, count in LIBRARY_ANSWERS.items() for number in range(count)
        )
        for number, texts in LIBRARY_SUMMARIES.items():
            for page, (themes_text, changes) in zip(library, texts, strict=True):
                summary = SectionSummary.objects.create(
                    consultation=page, section=page.sections.all()[number], themes=themes_text, changes=changes,
                )
                summary.cited_comments.set([c for c in library_comments if c.section and c.section.sort_order == number])
        services.publish_summary(library[0])

    # The influence channel that leads to the consultations.
    channels_fi = InfluenceChannelIndexPage.objects.filter(locale__language_code="fi").first()
    if channels_fi is not None:
        page_pair(
            channels_fi,
            InfluenceChannelPage,
            fi={"title": "Kuulemiset", "slug": "kuulemiset",
                "intro": "Kommentoi kunnan luonnoksia ennen päätöstä: kaavoja, talousarviota, palveluja."},
            sv={"title": "Samråd", "slug": "samrad",
                "intro": "Kommentera kommunens utkast innan beslut fattas: planer, budget, tjänster."},
            group="feedback", eligibility=["anyone"],
        )
        link_channel_form("kuulemiset", (index_fi, index_sv))
    stdout.write("Consultations: the consultations page, one open and one closed consultation.")


def reset():


    for page in InfluenceChannelPage.objects.filter(slug__in=["kuulemiset", "samrad"]).order_by("-depth"):
        page.delete()
    for page in ConsultationIndexPage.objects.filter(slug__in=["kuulemiset", "samrad"]).order_by("-depth"):
        page.delete()
    ConsultationTheme.objects.filter(slug__in=[slug for slug, *_names in THEMES]).delete()
