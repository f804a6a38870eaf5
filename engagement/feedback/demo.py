"""Demo content for feedback: the feedback page under both home pages, topics across departments
with their responsible people, and about twenty feedback items of Koivula – Björkby residents in
both languages and every state, some answered in public."""

from datetime import timedelta

from django.utils import timezone

from home.demo.helpers import home_pages, link_channel_form, locales, page_pair, promote_in_search

# code, fi, sv, people (names), reply days, accessibility, notify
TOPICS = [
    ("kadut", "Kadut, liikenne ja talvikunnossapito", "Gator, trafik och vinterunderhåll", ["Sari Nieminen"], 10, False,
     "tekniset@koivula.example"),
    ("puistot", "Puistot, leikkipaikat ja luonto", "Parker, lekplatser och natur", ["Sari Nieminen"], 14, False, ""),
    ("kirjasto", "Kirjasto, kulttuuri ja liikunta", "Bibliotek, kultur och idrott",
     ["Leena Mäkinen", "Jonas Holmström"], 14, False, ""),
    ("nuoret", "Nuoriso- ja koulupalvelut", "Ungdoms- och skoltjänster", ["Tuomas Heikkilä"], 14, False, ""),
    ("asiointi", "Asiointi ja kunnan hallinto", "Ärenden och kommunens förvaltning",
     ["Päivi Koskinen", "Erik Söderberg"], 14, False, "kirjaamo@koivula.example"),
    ("saavutettavuus", "Verkkosivujen saavutettavuus", "Webbplatsens tillgänglighet", ["Mikael Lindholm"], 14, True,
     "viestinta@koivula.example"),
    ("muu", "Muu palaute", "Övrig respons", ["Anna Virtanen"], 14, False, ""),
]

# topic, language, channel, status, days ago, answered days after, consent, message, place, name, answer
ITEMS = [
    ("kadut", "fi", "web", "closed", 60, 3, True,
     "Kirkkotien ja Koulutien risteyksen katuvalo on ollut pimeänä kaksi viikkoa. Koululaiset kulkevat siitä aamulla pimeässä.",
     "Kirkkotie / Koulutie", "Aino Virtanen",
     "Kiitos ilmoituksesta. Valaisimen liitäntälaite vaihdettiin, ja valo toimii taas. Tarkistamme samalla koko Kirkkotien valaistuksen."),
    ("kadut", "sv", "web", "answered", 40, 2, True,
     "Cykelvägen längs Strandvägen plogas först på eftermiddagen. Den borde plogas före skolan börjar.",
     "Strandvägen", "Elin Holm",
     "Tack för responsen. Cykelvägen längs Strandvägen har flyttats till den första plogningsrutten, som börjar kl. 5."),
    ("kadut", "fi", "phone", "in_progress", 6, None, False,
     "Soittaja kertoi, että Myllytien kuoppa on kasvanut niin suureksi, että autot joutuvat väistämään vastaantulijoiden kaistalle.",
     "Myllytie 12", "Matti Laine", ""),
    ("kadut", "fi", "web", "received", 1, None, True,
     "Torin pysäköintiruutujen maalaukset ovat kuluneet näkymättömiin.", "Koivulan tori", "", ""),
    ("kadut", "sv", "letter", "received", 16, None, False,
     "Jag skriver om hastigheten på Björkbyvägen vid daghemmet. Bilarna kör alldeles för fort.",
     "Björkbyvägen", "Gunnar Åberg", ""),
    ("puistot", "fi", "web", "answered", 90, 10, True,
     "Rantapuiston leikkipaikan keinun istuin on haljennut.", "Rantapuisto", "",
     "Rikkoutunut istuin vaihdettiin uuteen 12.9. Kiitos, että ilmoititte."),
    ("puistot", "sv", "web", "closed", 120, 12, True,
     "Kan man få fler soptunnor vid badstranden? På sommaren är de alltid fulla.", "Björkby badstrand", "",
     "Vi har ställt ut tre nya soptunnor och töms dem två gånger i veckan under badsäsongen."),
    ("puistot", "fi", "social_media", "in_progress", 9, None, False,
     "Facebookissa kysyttiin, milloin kuntoportaiden valaistus korjataan.", "Kuntoportaat, Harjula", "", ""),
    ("kirjasto", "fi", "web", "answered", 30, 6, True,
     "Kirjaston lukusali voisi olla auki myös lauantaisin kokeiden aikaan.", "Pääkirjasto", "Mikko Lahtinen",
     "Lukusali on auki lauantaisin klo 10–15 lukion koeviikkojen ajan kevätlukukaudesta alkaen."),
    ("kirjasto", "sv", "walk_in", "closed", 75, 8, True,
     "En besökare önskade fler svenska ljudböcker för barn.", "Huvudbiblioteket", "",
     "Biblioteket har köpt in 40 nya svenska ljudböcker för barn. De finns på hyllan vid barnavdelningen."),
    ("kirjasto", "fi", "web", "received", 3, None, False,
     "Uimahallin aukioloajat verkkosivuilla eivät vastaa ovessa olevia.", "Uimahalli", "", ""),
    ("kirjasto", "sv", "web", "in_progress", 12, None, True,
     "Kan kören få öva i skolans aula på onsdagar?", "Björkby skola", "Kerstin Lind", ""),
    ("nuoret", "fi", "web", "answered", 45, 9, True,
     "Nuorisotalo voisi olla auki myös sunnuntai-iltaisin.", "Nuorisotalo", "",
     "Nuorisotalo kokeilee sunnuntain iltavuoroa klo 17–21 kevään ajan. Kokeilun jatkosta päätetään kesäkuussa."),
    ("nuoret", "sv", "web", "received", 2, None, False,
     "Skolskjutsen från Västerby kommer ofta för sent till skolan.", "Västerby", "", ""),
    ("asiointi", "fi", "web", "closed", 100, 5, True,
     "Rakennuslupahakemuksen tila ei näy sähköisessä asioinnissa.", "", "",
     "Vika korjattiin järjestelmän päivityksessä. Hakemuksen tila näkyy nyt asiointipalvelussa."),
    ("asiointi", "sv", "phone", "answered", 20, 4, False,
     "Uppringaren fick inte svar på sin fråga om hemtjänstens avgifter på svenska.", "", "Birgitta Nyström",
     "Vi beklagar. Avgiftsbeskedet finns nu på svenska, och rådgivningen betjänar på svenska varje vardag."),
    ("saavutettavuus", "fi", "web", "answered", 25, 7, True,
     "Tapahtumakalenterin päivämäärävalitsinta ei voi käyttää näppäimistöllä.", "", "",
     "Kiitos. Päivämäärävalitsin korjattiin toimimaan näppäimistöllä, ja korjaus on testattu ruudunlukijalla."),
    ("saavutettavuus", "sv", "web", "received", 18, None, True,
     "PDF-filerna med föredragningslistor går inte att läsa med skärmläsare.", "", "", ""),
    ("muu", "fi", "web", "closed", 50, None, False,
     "Sama palaute toiseen kertaan: Myllytien kuoppa.", "Myllytie", "", ""),
    ("muu", "sv", "web", "answered", 35, 3, True,
     "Tack för den fina invånarkvällen i Björkby! Mer sådant.", "Björkby bygdegård", "",
     "Tack! Nästa invånarkväll ordnas i februari, och datumet publiceras bland evenemangen."),
]


def _topics():
    from engagement.feedback.models import FeedbackTopic
    from home.demo.directory import snippet_pair
    from home.models import ContactPerson

    locale_fi, locale_sv = locales()
    topics = {}
    for order, (code, fi, sv, people, days, accessibility, notify) in enumerate(TOPICS):
        topic_fi, topic_sv = snippet_pair(
            FeedbackTopic, {"code": code}, fi={"name": fi}, sv={"name": sv},
            reply_days=days, is_accessibility=accessibility, notify_email=notify, sort_order=(order + 1) * 10,
        )
        for topic, locale in ((topic_fi, locale_fi), (topic_sv, locale_sv)):
            if not topic.contact_people.exists():
                topic.contact_people.set(ContactPerson.objects.filter(locale=locale, name__in=people))
        topics[code] = topic_fi
    return topics


def _link_privacy_notice(pages):
    from wagtail.models import Page

    from home.demo.site import PRIVACY_SLUGS

    for page, slug in zip(pages, PRIVACY_SLUGS, strict=True):
        notice = Page.objects.filter(slug=slug, locale=page.locale).first()
        if notice is not None and page.privacy_notice_id is None:
            page.privacy_notice = notice
            page.save_revision().publish()


def load(stdout):
    from engagement.feedback.models import Feedback, FeedbackEvent
    from engagement.feedback.pages import FeedbackPage

    home_fi, _home_sv = home_pages()
    pages = page_pair(
        home_fi,
        FeedbackPage,
        fi={
            "title": "Anna palautetta",
            "slug": "palaute",
            "intro": "Kerro meille, mikä toimii ja mikä ei. Jokainen palaute luetaan ja siihen vastataan, "
            "ja voit seurata käsittelyä palautteen seurantalinkistä.",
        },
        sv={
            "title": "Ge respons",
            "slug": "respons",
            "intro": "Berätta för oss vad som fungerar och vad som inte gör det. All respons läses och besvaras, "
            "och du kan följa behandlingen via länken som du får.",
        },
        show_in_menus=True,
    )
    _link_privacy_notice(pages)
    link_channel_form("palaute", pages)
    promote_in_search(pages, ["palaute", "palautetta", "anna palautetta", "respons", "ge respons"])
    topics = _topics()
    now = timezone.now()
    created = 0
    for code, language, channel, status, days, answered_after, consent, message, place, name, answer in ITEMS:
        if Feedback.objects.filter(message=message).exists():
            continue
        topic = topics[code]
        created_at = now - timedelta(days=days)
        feedback = Feedback.objects.create(
            topic=topic, message=message, place=place, name=name, language=language, channel=channel,
            publish_consent=consent, created_at=created_at,
            email=f"{name.split()[0].lower()}@example.com" if name and language == "fi" else "",
            wants_reply=bool(name and language == "fi"),
        )
        FeedbackEvent.objects.create(feedback=feedback, kind="received", status="received", created_at=created_at)
        if status in ("in_progress", "answered", "closed"):
            FeedbackEvent.objects.create(feedback=feedback, kind="status", status="in_progress",
                                         created_at=created_at + timedelta(days=1))
        if answer:
            answered_at = created_at + timedelta(days=answered_after)
            feedback.public_answer = answer
            feedback.answer_published = consent
            feedback.answered_at = answered_at
            FeedbackEvent.objects.create(feedback=feedback, kind="answer", status="answered", text=answer,
                                         created_at=answered_at)
        if status == "closed":
            feedback.closed_at = created_at + timedelta(days=(answered_after or 2) + 1)
            feedback.closing_reason = "" if answer else "Sama asia on jo käsittelyssä toisessa palautteessa."
            FeedbackEvent.objects.create(feedback=feedback, kind="closed", status="closed",
                                         text=feedback.closing_reason, created_at=feedback.closed_at)
        feedback.status = status
        feedback.save()
        created += 1
    stdout.write(f"Feedback: {len(topics)} topics, {created} new feedback items")


def reset():
    from engagement.feedback.models import Feedback, FeedbackTopic
    from engagement.feedback.pages import FeedbackPage

    Feedback.objects.filter(message__in=[item[7] for item in ITEMS]).delete()
    FeedbackTopic.objects.filter(code__in=[item[0] for item in TOPICS]).delete()
    for page in FeedbackPage.objects.filter(slug__in=["palaute", "respons"]).order_by("-depth"):
        page.delete()
