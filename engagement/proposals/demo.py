"""Demo content for proposals: the proposals page under both home pages, themes, and about ten
proposals of Koivula – Björkby residents and associations in both languages, across the states."""

import datetime

from django.utils import timezone

from home.demo.helpers import home_pages, link_channel_form, locales, page_pair, promote_in_search

THEMES = [
    ("liikenne", "Liikenne ja kadut", "Trafik och gator"),
    ("kulttuuri-ja-vapaa-aika", "Kulttuuri ja vapaa-aika", "Kultur och fritid"),
    ("ymparisto", "Ympäristö ja luonto", "Miljö och natur"),
    ("palvelut", "Palvelut", "Tjänster"),
]

# The official answers in the other language: the council answers in both.
ANSWERS_IN_OTHER_LANGUAGE = {
    "Tekninen lautakunta päätti rakentaa suojatien ja hidastetöyssyn kesällä. Nopeusrajoitus laskettiin 30 "
    "km/h:iin koulun kohdalla.": "Tekniska nämnden beslöt att bygga ett övergångsställe och ett farthinder i "
    "sommar. Hastighetsgränsen vid skolan sänktes till 30 km/h.",
    "Bildningsnämnden beslöt att ungdomsgårdens källare kan användas för övning två kvällar i veckan. "
    "Ljudisoleringen förverkligas i etapper.": "Sivistyslautakunta päätti, että nuorisotalon kellaria voi käyttää "
    "harjoitteluun kahtena iltana viikossa. Äänieristys toteutetaan vaiheittain.",
    "Tekninen lautakunta ei puoltanut koirapuistoa keskustaan, koska sopivaa aluetta ei ole kaavassa. "
    "Koirapuiston paikkaa selvitetään osana uutta yleiskaavaa.": "Tekniska nämnden förordade inte en hundpark i "
    "centrum, eftersom planen inte har något lämpligt område. Platsen för en hundpark utreds som en del av den nya "
    "generalplanen.",
    "Kunnanhallitus myönsi kyläyhdistykselle avustuksen kylätalon peruskorjaukseen.": "Kommunstyrelsen beviljade "
    "byaföreningen ett bidrag för grundrenoveringen av byagården.",
}

# (title, summary, text, language, theme, state, name, show name, association slug keyword, supports, days ago, answer)
PROPOSALS = [
    (
        "Suojatie Koivulan koulun eteen",
        "Koulutielle Kirkkotien risteykseen suojatie ja hidastetöyssy.",
        "Koulun edessä Kirkkotiellä ajetaan usein ylinopeutta, ja lapset ylittävät tien ilman suojatietä. "
        "Ehdotamme suojatietä, hidastetöyssyä ja 30 km/h nopeusrajoitusta koulupäivien ajaksi.",
        "fi", "liikenne", "accepted", "Aino Virtanen", True, "", 46, 200,
        ("Tekninen lautakunta päätti rakentaa suojatien ja hidastetöyssyn kesällä. Nopeusrajoitus "
         "laskettiin 30 km/h:iin koulun kohdalla.", "Tekninen lautakunta", 120, "Suojatie ja töyssy valmistuivat elokuussa."),
    ),
    (
        "Fler bänkar längs strandpromenaden",
        "Bänkar med ryggstöd var tvåhundrade meter längs strandpromenaden i Björkby.",
        "Många äldre promenerar gärna vid stranden men behöver vila. I dag finns bara två bänkar på hela sträckan. "
        "Vi föreslår bänkar med ryggstöd och armstöd med jämna mellanrum.",
        "sv", "ymparisto", "in-preparation", "Pensionärsklubben", False, "elake", 31, 90, None,
    ),
    (
        "Kirjasto auki myös sunnuntaisin",
        "Pääkirjasto avoinna sunnuntaisin kello 12–16 omatoimikirjastona.",
        "Moni työssäkäyvä ehtii kirjastoon vain viikonloppuisin. Omatoimikirjasto sunnuntaisin ei juuri lisäisi "
        "kustannuksia, ja lukusali olisi perheiden ja opiskelijoiden käytössä.",
        "fi", "kulttuuri-ja-vapaa-aika", "published", "Mikko Lahtinen", False, "", 12, 20, None,
    ),
    (
        "Övningsplats för unga musiker",
        "Ett rum i ungdomsgården där unga band kan öva kvällstid.",
        "I Björkby finns flera unga band men ingen plats att öva på. Källaren i ungdomsgården står tom på kvällarna. "
        "Med enkel ljudisolering kunde den bli en övningslokal som bokas via kommunens bokningssystem.",
        "sv", "kulttuuri-ja-vapaa-aika", "partly-accepted", "Elin Holm", True, "nuor", 58, 260,
        ("Bildningsnämnden beslöt att ungdomsgårdens källare kan användas för övning två kvällar i veckan. "
         "Ljudisoleringen förverkligas i etapper.", "Bildningsnämnden", 150, "Övning tisdagar och torsdagar från hösten."),
    ),
    (
        "Koirapuisto Koivulan keskustaan",
        "Aidattu koirapuisto keskustan puistoalueelle.",
        "Keskustan alueella asuu paljon koiranomistajia, mutta lähin koirapuisto on viiden kilometrin päässä. "
        "Ehdotamme aidattua koirapuistoa, jossa on erillinen alue pienille koirille.",
        "fi", "ymparisto", "not-accepted", "Sari Koskinen", False, "", 23, 300,
        ("Tekninen lautakunta ei puoltanut koirapuistoa keskustaan, koska sopivaa aluetta ei ole kaavassa. "
         "Koirapuiston paikkaa selvitetään osana uutta yleiskaavaa.", "Tekninen lautakunta", 210, ""),
    ),
    (
        "Kylätalon peruskorjaus Mäkikylässä",
        "Mäkikylän kylätalon katto ja lämmitys korjattava ennen talvea.",
        "Kylätalo on kylän ainoa kokoontumistila. Katto vuotaa ja öljylämmitys on lopussa. "
        "Kylätalo on yhdistyksen ylläpitämä, mutta kunnan avustus tarvitaan korjaukseen.",
        "fi", "palvelut", "implemented", "Mäkikylän kyläyhdistys", False, "kyl", 74, 420,
        ("Kunnanhallitus myönsi kyläyhdistykselle avustuksen kylätalon peruskorjaukseen.", "Kunnanhallitus", 380,
         "Katto uusittiin ja talo liitettiin kaukolämpöön."),
    ),
    (
        "Bättre kollektivtrafik till Strandby",
        "En tur till på kvällen mellan Björkby centrum och Strandby.",
        "Den sista bussen från centrum går klockan 18. Den som arbetar eller går på kvällskurs kommer inte hem. "
        "Vi föreslår en kvällstur klockan 21 på vardagar.",
        "sv", "liikenne", "published", "Anders Lind", False, "", 5, 10, None,
    ),
    (
        "Ulkokuntosali urheilukentän viereen",
        "Maksuton ulkokuntosali kaiken ikäisille urheilukentän laidalle.",
        "Ulkokuntosali innostaisi liikkumaan myös niitä, jotka eivät käy kuntosalilla. Laitteet sopisivat "
        "ikääntyneille ja nuorille. Urheiluseura voisi pitää ohjattuja kertoja.",
        "fi", "kulttuuri-ja-vapaa-aika", "in-preparation", "Koivulan Kisa", False, "kisa", 39, 60, None,
    ),
    (
        "Sommaröppet simstrand vid Björksjön",
        "Livräddare vid simstranden under juli månad.",
        "Simstranden vid Björksjön är populär bland barnfamiljer. Vi föreslår livräddare på vardagar i juli.",
        "sv", "ymparisto", "closed", "Karin Ström", False, "", 8, 500, None,
    ),
    (
        "Puistonpenkit Koivulan torille",
        "Torille lisää penkkejä ja kesäksi kukkaistutuksia.",
        "Torilla ei ole tarpeeksi istumapaikkoja, ja ikääntyneet joutuvat seisomaan torikahvilla. "
        "Ehdotamme kuutta uutta penkkiä ja kukkaistutuksia.",
        "fi", "palvelut", "received", "Helvi Nieminen", False, "", 0, 2, None,
    ),
]

SUPPORTER_NAMES = ["Anna", "Pekka", "Lotta", "Jussi", "Maria", "Olli", "Sofia", "Erik", "Kaisa", "Johan"]


def _themes():
    from engagement.proposals.models import ProposalTheme

    locale_fi, locale_sv = locales()
    themes = {}
    for slug, name_fi, name_sv in THEMES:
        theme_fi = ProposalTheme.objects.filter(locale=locale_fi, slug=slug).first()
        if theme_fi is None:
            theme_fi = ProposalTheme.objects.create(locale=locale_fi, slug=slug, name=name_fi)
        if theme_fi.get_translation_or_none(locale_sv) is None:
            theme_sv = theme_fi.copy_for_translation(locale_sv)
            theme_sv.name = name_sv
            theme_sv.save()
        themes[slug] = theme_fi
    return themes


def _association(keyword):
    from home.models import AssociationPage

    if not keyword:
        return None
    locale_fi, _sv = locales()
    return (
        AssociationPage.objects.live().filter(locale=locale_fi, slug__icontains=keyword).first()
        or AssociationPage.objects.live().filter(locale=locale_fi, title__icontains=keyword).first()
    )


# Koivula – Björkby has about 2 600 residents entitled to vote: an initiative needs 52 supports.
DEMO_ENTITLED_VOTERS = 2600


def _entitled_voters():
    """Set the number of voters for the initiative threshold, unless someone already set it."""
    from wagtail.models import Site

    from engagement.proposals.models import threshold_for
    from home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return 0
    site_settings = SiteSettings.for_site(site)
    if not site_settings.entitled_voters:
        site_settings.entitled_voters = DEMO_ENTITLED_VOTERS
        site_settings.save(update_fields=["entitled_voters"])
    return threshold_for(site_settings.entitled_voters)


def load(stdout):
    from engagement.proposals.models import Proposal, ProposalState, Support
    from engagement.proposals.pages import ProposalIndexPage

    home_fi, _home_sv = home_pages()
    pages = page_pair(
        home_fi,
        ProposalIndexPage,
        fi={
            "title": "Aloitteet",
            "slug": "aloitteet",
            "intro": "Tee aloite kunnalle, kannata muiden aloitteita ja lue kunnan vastaukset. "
            "Jos aloitetta kannattaa 2 % äänioikeutetuista kuntalaisista, valtuusto käsittelee sen kuuden kuukauden kuluessa.",
        },
        sv={
            "title": "Initiativ",
            "slug": "initiativ",
            "intro": "Lämna ett initiativ till kommunen, stöd andras initiativ och läs kommunens svar. "
            "Om 2 % av de röstberättigade kommuninvånarna stöder ett initiativ behandlar fullmäktige det inom sex månader.",
        },
        show_in_menus=True,
    )
    link_channel_form("kuntalaisaloite", pages)
    promote_in_search(pages, ["aloite", "aloitteet", "tee aloite", "kuntalaisaloite", "initiativ", "initiativet",
                              "invånarinitiativ"])
    themes = _themes()
    states = {state.slug: state for state in ProposalState.objects.all()}
    threshold = _entitled_voters()
    now = timezone.now()
    created = 0
    for index, (title, summary, text, language, theme, state, name, show, assoc, supports, days, answer) in enumerate(PROPOSALS):
        if Proposal.objects.filter(title=title).exists():
            continue
        created_at = now - datetime.timedelta(days=days)
        published = state != "received"
        proposal = Proposal.objects.create(
            title=title,
            summary=summary,
            text=text,
            language=language,
            theme=themes[theme],
            proposer_name=name,
            show_name=show,
            proposer_email=f"ehdottaja{index + 1}@example.com",
            association=_association(assoc),
            state=states[state],
            notified_state=states[state] if published else None,
            moderation=Proposal.Moderation.PUBLISHED if published else Proposal.Moderation.PENDING,
            created_at=created_at,
            published_at=created_at + datetime.timedelta(days=1) if published else None,
            closed_at=now - datetime.timedelta(days=30) if states[state].is_closed else None,
            threshold_reached_at=created_at + datetime.timedelta(days=20) if threshold and supports >= threshold else None,
        )
        if answer:
            answer_text, decided_by, answered_days, measures = answer
            texts = {language: answer_text, "sv" if language == "fi" else "fi": ANSWERS_IN_OTHER_LANGUAGE[answer_text]}
            proposal.answer_text, proposal.answer_text_sv = texts["fi"], texts["sv"]
            proposal.answer_decided_by = decided_by
            proposal.answer_date = (now - datetime.timedelta(days=answered_days)).date()
            proposal.answered_at = now - datetime.timedelta(days=answered_days)
            proposal.answer_link = "https://koivula.example/paatokset/"
            proposal.measures = measures
            proposal.save()
        Support.objects.bulk_create(
            [
                Support(
                    proposal=proposal,
                    name=f"{SUPPORTER_NAMES[number % len(SUPPORTER_NAMES)]} {number + 1}",
                    email=f"kannattaja{number + 1}.{index + 1}@example.com",
                    language=language if number % 3 else ("sv" if language == "fi" else "fi"),
                    created_at=created_at + datetime.timedelta(days=2),
                    confirmed_at=created_at + datetime.timedelta(days=2, hours=1),
                )
                for number in range(supports)
            ]
        )
        created += 1
    stdout.write(f"Proposals: {created} created.")


def reset():
    from engagement.proposals.models import Proposal, ProposalTheme
    from engagement.proposals.pages import ProposalIndexPage

    Proposal.objects.filter(title__in=[item[0] for item in PROPOSALS]).delete()
    ProposalTheme.objects.filter(slug__in=[slug for slug, *_names in THEMES]).delete()
    for page in ProposalIndexPage.objects.filter(slug__in=["aloitteet", "initiativ"]).order_by("-depth"):
        page.delete()
