"""Demo content for events: the events page under both home pages, categories, and about fifteen events
of Koivula – Björkby over the coming two months, from the municipality and from associations, some
with sign-up (one full with a waiting list) and one cancelled."""

import datetime

from django.utils import timezone

from home.demo.helpers import home_pages, locales, page_pair

CATEGORIES = [
    ("asukastilaisuus", "Asukastilaisuus", "Invånarmöte"),
    ("kulttuuri", "Kulttuuri", "Kultur"),
    ("liikunta", "Liikunta ja ulkoilu", "Motion och friluftsliv"),
    ("koulutus", "Kurssit ja koulutus", "Kurser och utbildning"),
    ("yhdistykset", "Yhdistystoiminta", "Föreningsverksamhet"),
]

# slug fi, slug sv, (title fi, title sv), (intro fi, intro sv), days from today, hour, minutes long,
# (place fi, place sv), address, organiser association slug or "", category, languages, sign-up, status
EVENTS = [
    ("kaavoituksen-asukasilta", "invanarkvall-om-planering", ("Asukasilta: Kirkonkylän osayleiskaava",
      "Invånarkväll: delgeneralplanen för kyrkbyn"),
     ("Kaavoittaja esittelee luonnoksen ja kuulee kuntalaisten toiveita. Kahvitarjoilu.",
      "Planläggaren presenterar utkastet och hör invånarnas önskemål. Kaffeservering."),
     5, 18, 120, ("Kunnantalon valtuustosali", "Kommunhusets fullmäktigesal"), "Kirkkotie 1, 12345 Koivula", "",
     "asukastilaisuus", ["fi", "sv"], {"capacity": 60, "max_companions": 1}, "scheduled"),
    ("yhdistysfoorumi", "foreningsforum", ("Yhdistysfoorumi 2026", "Föreningsforum 2026"),
     ("Kunnan ja yhdistysten yhteinen ilta: avustukset, tilat ja yhteistyö ensi vuonna.",
      "Kommunens och föreningarnas gemensamma kväll: bidrag, lokaler och samarbete nästa år."),
     12, 17, 180, ("Koivulan koulun auditorio", "Björkby skolas auditorium"), "Koulutie 4, 12345 Koivula", "",
     "yhdistykset", ["fi", "sv"], {"capacity": 80, "max_companions": 2, "questions": True}, "scheduled"),
    ("digiklinikka", "digiklinik", ("Digiklinikka ikäihmisille", "Digiklinik för äldre"),
     ("Apua älypuhelimen, pankkitunnusten ja Omakannan käyttöön. Tuo oma laite mukaan.",
      "Hjälp med smarttelefon, bankkoder och Mina Kanta-sidor. Ta med din egen enhet."),
     3, 13, 120, ("Pääkirjaston lukusali", "Huvudbibliotekets läsesal"), "Kirjastokuja 2, 12345 Koivula",
     "koivulan-elakelaiset", "koulutus", ["fi", "sv"], {"capacity": 8, "full": True}, "scheduled"),
    ("marttojen-joulupajat", "marthornas-julverkstad", ("Marttojen joulupaja", "Marthornas julverkstad"),
     ("Leivotaan joulutortut ja tehdään piparitaloja yhdessä. Sopii koko perheelle.",
      "Vi bakar jultårtor och bygger pepparkakshus tillsammans. Passar hela familjen."),
     20, 10, 240, ("Marttala", "Marthagården"), "Niittytie 7, 12345 Koivula", "koivulan-martat", "koulutus",
     ["fi"], {"capacity": 20, "questions": True}, "scheduled"),
    ("vpk-avoimet-ovet", "fbk-oppet-hus", ("VPK:n avoimet ovet", "FBK:s öppet hus"),
     ("Tutustu paloasemaan ja kalustoon. Lapset pääsevät istumaan paloautoon.",
      "Bekanta dig med brandstationen och utrustningen. Barnen får sitta i brandbilen."),
     9, 12, 180, ("Koivulan paloasema", "Björkby brandstation"), "Teollisuustie 3, 12345 Koivula", "koivulan-vpk",
     "yhdistykset", ["fi", "sv"], None, "scheduled"),
    ("bjorkby-sangkor-julkonsert", "bjorkby-sangkor-julkonsert", ("Björkby Sångkör: joulukonsertti",
      "Björkby Sångkör: julkonsert"),
     ("Perinteinen joulukonsertti ruotsiksi ja suomeksi. Vapaa pääsy, ohjelma 10 €.",
      "Den traditionella julkonserten på svenska och finska. Fritt inträde, program 10 €."),
     24, 19, 90, ("Koivulan kirkko", "Björkby kyrka"), "Kirkkomäki 1, 12345 Koivula", "bjorkby-sangkor",
     "kulttuuri", ["sv", "fi"], None, "scheduled"),
    ("kisa-hiihtokoulu", "kisa-skidskola", ("Kisan hiihtokoulu alkaa", "Kisas skidskola börjar"),
     ("Hiihtokoulu 5–10-vuotiaille neljänä lauantaina. Välineitä voi lainata seuralta.",
      "Skidskola för 5–10-åringar fyra lördagar. Utrustning kan lånas av klubben."),
     33, 10, 90, ("Koivulan urheilukenttä", "Björkby idrottsplan"), "Urheilutie 5, 12345 Koivula", "koivulan-kisa",
     "liikunta", ["fi"], {"capacity": 25}, "scheduled"),
    ("nuorisovaltuuston-avoin-kokous", "ungdomsfullmaktiges-oppna-mote", ("Nuorisovaltuuston avoin kokous",
      "Ungdomsfullmäktiges öppna möte"),
     ("Nuoret kertovat, mitä nuorisotiloilta ja harrastuksilta toivotaan. Kaikki 13–20-vuotiaat tervetulleita.",
      "De unga berättar vad de önskar av ungdomslokaler och hobbyer. Alla 13–20-åringar välkomna."),
     14, 16, 90, ("Nuorisotalo Verstas", "Ungdomsgården Verstas"), "Asematie 10, 12345 Koivula", "",
     "asukastilaisuus", ["fi", "sv"], None, "scheduled"),
    ("budjetti-verkkoinfo", "budget-webbinfo", ("Ensi vuoden talousarvio: verkkoinfo", "Nästa års budget: webbinfo"),
     ("Talousjohtaja kertoo talousarvioehdotuksesta ja vastaa kysymyksiin verkossa.",
      "Ekonomidirektören berättar om budgetförslaget och svarar på frågor online."),
     7, 17, 60, ("", ""), "", "", "asukastilaisuus", ["fi", "sv"], {"capacity": None, "online": True}, "scheduled"),
    ("rantalan-kylailta", "strandby-byakvall", ("Rantalan kyläilta", "Byakväll i Strandby"),
     ("Kyläyhdistys kertoo uimarannan kunnostuksesta ja kyselee talkoolaisia kevääseen.",
      "Byaföreningen berättar om iståndsättningen av badstranden och söker talkofolk till våren."),
     17, 18, 120, ("Rantalan seurojentalo", "Strandby föreningshus"), "Rantatie 22, 12345 Koivula",
     "rantalan-kylayhdistys", "yhdistykset", ["fi"], None, "scheduled"),
    ("ostra-bjorkby-julmarknad", "ostra-bjorkby-julmarknad", ("Itä-Koivulan joulumarkkinat",
      "Julmarknad i Östra Björkby"),
     ("Käsitöitä, leivonnaisia ja glögiä kylätalon pihalla.", "Hantverk, bakverk och glögg på byagårdens gård."),
     27, 11, 300, ("Itä-Koivulan kylätalo", "Östra Björkby byagård"), "Östra vägen 14, 12345 Koivula",
     "ostra-bjorkby-bygdeforening", "kulttuuri", ["sv", "fi"], None, "cancelled"),
    ("kotiseutuilta", "hembygdskvall", ("Kotiseutuilta: Koivulan vanhat kuvat", "Hembygdskväll: gamla bilder av Björkby"),
     ("Katsotaan vanhoja valokuvia ja kuullaan tarinoita kylien historiasta.",
      "Vi tittar på gamla fotografier och hör berättelser om byarnas historia."),
     40, 18, 120, ("Kotiseutumuseo", "Hembygdsmuseet"), "Museotie 1, 12345 Koivula", "kotiseutuyhdistys",
     "kulttuuri", ["fi"], None, "scheduled"),
    ("makikylan-latu", "backby-skidspar", ("Mäkikylän latujen avajaiset", "Invigning av skidspåren i Backby"),
     ("Avataan valaistu latu ja nautitaan nuotiomakkaroista.", "Vi öppnar det belysta spåret och grillar korv."),
     47, 17, 120, ("Mäkikylän kuntorata", "Backby motionsbana"), "Mäkikyläntie 40, 12345 Koivula",
     "makikylan-kylayhdistys", "liikunta", ["fi"], None, "postponed"),
    ("vammaisneuvosto-kuuleminen", "radet-for-personer-med-funktionsnedsattning-horande",
     ("Vammaisneuvoston kuuleminen: esteettömyys keskustassa", "Rådet för personer med funktionsnedsättning: tillgänglighet i centrum"),
     ("Kerro, missä keskustassa on esteitä. Paikalla viittomakielen tulkki ja induktiosilmukka.",
      "Berätta var det finns hinder i centrum. Teckenspråkstolk och hörslinga på plats."),
     21, 14, 120, ("Kunnantalon valtuustosali", "Kommunhusets fullmäktigesal"), "Kirkkotie 1, 12345 Koivula", "",
     "asukastilaisuus", ["fi", "sv"], {"capacity": 40}, "scheduled"),
    ("verstas-pelipaiva", "verstas-spelkvall", ("Verstaan pelipäivä", "Spelkväll på Verstas"),
     ("Lautapelejä ja konsolipelejä nuorille. Välipala tarjolla.", "Brädspel och konsolspel för unga. Mellanmål bjuds."),
     10, 15, 180, ("Nuorisotalo Verstas", "Ungdomsgården Verstas"), "Asematie 10, 12345 Koivula",
     "nuorten-tyopaja-verstas", "liikunta", ["fi", "sv"], None, "scheduled"),
]

FULL_EVENT_PEOPLE = [
    ("Raili Koskinen", "fi"), ("Erkki Nieminen", "fi"), ("Gun Lindqvist", "sv"), ("Pentti Mäkinen", "fi"),
    ("Ulla Heikkinen", "fi"), ("Bo Sjöberg", "sv"), ("Marjatta Laine", "fi"), ("Sirkka Salo", "fi"),
    ("Kaj Holmström", "sv"), ("Aulis Järvinen", "fi"),
]


def _at(days, hour):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _snippet_pair(model, slug, name_fi, name_sv):
    locale_fi, locale_sv = locales()
    obj_fi = model.objects.filter(locale=locale_fi, slug=slug).first()
    if obj_fi is None:
        obj_fi = model.objects.create(locale=locale_fi, slug=slug, name=name_fi)
    obj_sv = obj_fi.get_translation_or_none(locale_sv)
    if obj_sv is None:
        obj_sv = obj_fi.copy_for_translation(locale_sv)
        obj_sv.name = name_sv
        obj_sv.save()
    return obj_fi, obj_sv


def load(stdout):
    from home.models import AssociationPage, ContactPerson

    from .models import EventCategory, SignUp
    from .pages import EventIndexPage, EventPage

    locale_fi, locale_sv = locales()
    home_fi, _home_sv = home_pages()
    categories = {slug: _snippet_pair(EventCategory, slug, fi, sv) for slug, fi, sv in CATEGORIES}
    index_fi, index_sv = page_pair(
        home_fi,
        EventIndexPage,
        fi={"title": "Tapahtumat", "slug": "tapahtumat",
            "intro": "Kunnan ja yhdistysten tapahtumat ja tilaisuudet. Moniin voi ilmoittautua suoraan täällä."},
        sv={"title": "Evenemang", "slug": "evenemang",
            "intro": "Kommunens och föreningarnas evenemang och möten. Till många kan du anmäla dig direkt här."},
        show_in_menus=True,
    )
    contact_fi = ContactPerson.objects.filter(locale=locale_fi).order_by("pk").first()
    contact_sv = contact_fi.get_translation_or_none(locale_sv) if contact_fi else None
    created = 0
    for (slug_fi, slug_sv, titles, intros, days, hour, minutes, places, address, organiser_slug, category,
         languages, signup, status) in EVENTS:
        start = _at(days, hour)
        organiser_fi = organiser_sv = None
        if organiser_slug:
            organiser_fi = AssociationPage.objects.filter(locale=locale_fi, slug=organiser_slug).first()
            organiser_sv = organiser_fi.get_translation_or_none(locale_sv) if organiser_fi else None
        shared = {
            "start": start,
            "end": start + datetime.timedelta(minutes=minutes),
            "status": status,
            "address": address,
            "map_url": f"https://www.openstreetmap.org/search?query={address.replace(' ', '+')}" if address else "",
            "languages": languages,
            "accessibility": ["step_free", "accessible_toilet"] + (["induction_loop"] if not organiser_slug else []),
        }
        if signup is not None:
            shared.update(
                signup_enabled=True,
                capacity=signup.get("capacity"),
                max_companions=signup.get("max_companions", 0),
                waiting_list=True,
                signup_closes=start - datetime.timedelta(hours=12),
            )
            if signup.get("online"):
                shared["online_url"] = "https://meet.koivula.example/talousarvio"
        exists = EventPage.objects.filter(locale=locale_fi, slug=slug_fi).exists()
        fi = {"title": titles[0], "slug": slug_fi, "intro": intros[0], "place_name": places[0],
              "organiser": organiser_fi, "category": categories[category][0], "contact": contact_fi}
        sv = {"title": titles[1], "slug": slug_sv, "intro": intros[1], "place_name": places[1],
              "organiser": organiser_sv or organiser_fi, "category": categories[category][1],
              "contact": contact_sv or contact_fi}
        if signup and signup.get("questions"):
            fi["extra_questions"] = [("question", "Erityisruokavalio tai allergiat")]
            sv["extra_questions"] = [("question", "Specialkost eller allergier")]
        page_fi, _page_sv = page_pair(index_fi, EventPage, fi=fi, sv=sv, **shared)
        created += not exists
        if signup and signup.get("full") and not SignUp.objects.filter(event_key=page_fi.translation_key).exists():
            capacity = signup["capacity"]
            for number, (name, language) in enumerate(FULL_EVENT_PEOPLE):
                SignUp.objects.create(
                    event_key=page_fi.translation_key, event=page_fi, name=name,
                    email=f"{name.split()[0].lower()}.{number}@example.invalid", language=language,
                    status=SignUp.Status.CONFIRMED if number < capacity else SignUp.Status.WAITING,
                    event_ends_at=page_fi.ends_at,
                )
    stdout.write(f"Events: {created} new of {len(EVENTS)} events, {len(CATEGORIES)} categories, index {index_sv.url}.")


def reset():
    from .models import EventCategory, SignUp
    from .pages import EventIndexPage

    for page in EventIndexPage.objects.filter(slug__in=["tapahtumat", "evenemang"]).order_by("-depth"):
        keys = [child.translation_key for child in page.get_children()]
        SignUp.objects.filter(event_key__in=keys).delete()
        page.delete()
    EventCategory.objects.filter(slug__in=[slug for slug, *_names in CATEGORIES]).delete()
