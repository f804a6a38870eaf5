"""Demo content for events: the events page under both home pages, categories, and about fifteen events
of Koivula – Björkby over the coming two months, from the municipality and from associations, some
with sign-up (one full with a waiting list) and one cancelled. The texts are in content/{fi,sv}/events.toml."""

import datetime

from django.utils import timezone

from engagement.events.models import EventCategory, SignUp
from engagement.events.pages import EventIndexPage, EventPage
from home.models import AssociationPage, ContactPerson
from kumppanuus.demo.helpers import LANGUAGES, content, home_pages, locales, page_pair, snippet_pair

CATEGORIES = ["asukastilaisuus", "kulttuuri", "liikunta", "koulutus", "yhdistykset"]

# Finnish slug (the key of its texts in content/{fi,sv}/events.toml), days from today, hour, minutes long,
# address, organiser association slug or "", category, languages, sign-up, status
EVENTS = [
    ("kaavoituksen-asukasilta", 5, 18, 120, "Kirkkotie 1, 12345 Koivula", "", "asukastilaisuus", ["fi", "sv"], {"capacity": 60, "max_companions": 1}, "scheduled"),
    ("yhdistysfoorumi", 12, 17, 180, "Koulutie 4, 12345 Koivula", "", "yhdistykset", ["fi", "sv"], {"capacity": 80, "max_companions": 2, "questions": True}, "scheduled"),
    ("digiklinikka", 3, 13, 120, "Kirjastokuja 2, 12345 Koivula", "koivulan-elakelaiset", "koulutus", ["fi", "sv"], {"capacity": 8, "full": True}, "scheduled"),
    ("marttojen-joulupajat", 20, 10, 240, "Niittytie 7, 12345 Koivula", "koivulan-martat", "koulutus", ["fi"], {"capacity": 20, "questions": True}, "scheduled"),
    ("vpk-avoimet-ovet", 9, 12, 180, "Teollisuustie 3, 12345 Koivula", "koivulan-vpk", "yhdistykset", ["fi", "sv"], None, "scheduled"),
    ("bjorkby-sangkor-julkonsert", 24, 19, 90, "Kirkkomäki 1, 12345 Koivula", "bjorkby-sangkor", "kulttuuri", ["sv", "fi"], None, "scheduled"),
    ("kisa-hiihtokoulu", 33, 10, 90, "Urheilutie 5, 12345 Koivula", "koivulan-kisa", "liikunta", ["fi"], {"capacity": 25}, "scheduled"),
    ("nuorisovaltuuston-avoin-kokous", 14, 16, 90, "Asematie 10, 12345 Koivula", "", "asukastilaisuus", ["fi", "sv"], None, "scheduled"),
    ("budjetti-verkkoinfo", 7, 17, 60, "", "", "asukastilaisuus", ["fi", "sv"], {"capacity": None, "online": True}, "scheduled"),
    ("rantalan-kylailta", 17, 18, 120, "Rantatie 22, 12345 Koivula", "rantalan-kylayhdistys", "yhdistykset", ["fi"], None, "scheduled"),
    ("ostra-bjorkby-julmarknad", 27, 11, 300, "Östra vägen 14, 12345 Koivula", "ostra-bjorkby-bygdeforening", "kulttuuri", ["sv", "fi"], None, "cancelled"),
    ("kotiseutuilta", 40, 18, 120, "Museotie 1, 12345 Koivula", "kotiseutuyhdistys", "kulttuuri", ["fi"], None, "scheduled"),
    ("makikylan-latu", 47, 17, 120, "Mäkikyläntie 40, 12345 Koivula", "makikylan-kylayhdistys", "liikunta", ["fi"], None, "postponed"),
    ("vammaisneuvosto-kuuleminen", 21, 14, 120, "Kirkkotie 1, 12345 Koivula", "", "asukastilaisuus", ["fi", "sv"], {"capacity": 40}, "scheduled"),
    ("verstas-pelipaiva", 10, 15, 180, "Asematie 10, 12345 Koivula", "nuorten-tyopaja-verstas", "liikunta", ["fi", "sv"], None, "scheduled"),
]

FULL_EVENT_PEOPLE = [
    ("Raili Koskinen", "fi"), ("Erkki Nieminen", "fi"), ("Gun Lindqvist", "sv"), ("Pentti Mäkinen", "fi"),
    ("Ulla Heikkinen", "fi"), ("Bo Sjöberg", "sv"), ("Marjatta Laine", "fi"), ("Sirkka Salo", "fi"),
    ("Kaj Holmström", "sv"), ("Aulis Järvinen", "fi"),
]


def _at(days, hour):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def load(stdout):
    locale_fi, locale_sv = locales()
    home_fi, _home_sv = home_pages()
    fi, sv = (content(language, "events") for language in LANGUAGES)
    categories = {
        slug: snippet_pair(EventCategory, {"slug": slug}, fi={"name": fi["categories"][slug]},
                           sv={"name": sv["categories"][slug]})
        for slug in CATEGORIES
    }
    index_fi, index_sv = page_pair(home_fi, EventIndexPage, fi=fi["page"], sv=sv["page"], show_in_menus=True)
    contact_fi = ContactPerson.objects.filter(locale=locale_fi).order_by("pk").first()
    contact_sv = contact_fi.get_translation_or_none(locale_sv) if contact_fi else None
    created = 0
    for slug, days, hour, minutes, address, organiser_slug, category, languages, signup, status in EVENTS:
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
        exists = EventPage.objects.filter(locale=locale_fi, slug=slug).exists()
        event_fi = {**fi["events"][slug], "organiser": organiser_fi, "category": categories[category][0],
                    "contact": contact_fi}
        event_sv = {**sv["events"][slug], "organiser": organiser_sv or organiser_fi,
                    "category": categories[category][1], "contact": contact_sv or contact_fi}
        if signup and signup.get("questions"):
            event_fi["extra_questions"] = [("question", fi["question"])]
            event_sv["extra_questions"] = [("question", sv["question"])]
        page_fi, _page_sv = page_pair(index_fi, EventPage, fi=event_fi, sv=event_sv, **shared)
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
    slugs = [content(language, "events")["page"]["slug"] for language in LANGUAGES]
    for page in EventIndexPage.objects.filter(slug__in=slugs).order_by("-depth"):
        keys = [child.translation_key for child in page.get_children()]
        SignUp.objects.filter(event_key__in=keys).delete()
        page.delete()
    EventCategory.objects.filter(slug__in=CATEGORIES).delete()
