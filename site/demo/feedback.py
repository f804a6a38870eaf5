"""Demo content for feedback: the feedback page under both home pages, topics across departments
with their responsible people, and about twenty feedback items of Koivula – Björkby residents in
both languages and every state, some answered in public. The texts are in content/{fi,sv}/feedback.toml."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page

from engagement.feedback.models import Feedback, FeedbackEvent, FeedbackTopic
from engagement.feedback.pages import FeedbackPage
from home.models import ContactPerson
from kumppanuus.demo.helpers import (
    LANGUAGES,
    content,
    home_pages,
    link_channel_form,
    locales,
    page_pair,
    promote_in_search,
    snippet_pair,
)
from kumppanuus.demo.site import PRIVACY_SLUGS

# code (the key of its name in content/{fi,sv}/feedback.toml), people (names), reply days, accessibility, notify
TOPICS = [
    ("kadut", ["Sari Nieminen"], 10, False, "tekniset@koivula.example"),
    ("puistot", ["Sari Nieminen"], 14, False, ""),
    ("kirjasto", ["Leena Mäkinen", "Jonas Holmström"], 14, False, ""),
    ("nuoret", ["Tuomas Heikkilä"], 14, False, ""),
    ("asiointi", ["Päivi Koskinen", "Erik Söderberg"], 14, False, "kirjaamo@koivula.example"),
    ("saavutettavuus", ["Mikael Lindholm"], 14, True, "viestinta@koivula.example"),
    ("muu", ["Anna Virtanen"], 14, False, ""),
]

# key (of its texts in the file of its language), topic, language, channel, status, days ago, answered days after,
# consent, name
ITEMS = [
    ("kadut-1", "kadut", "fi", "web", "closed", 60, 3, True, "Aino Virtanen"),
    ("kadut-2", "kadut", "sv", "web", "answered", 40, 2, True, "Elin Holm"),
    ("kadut-3", "kadut", "fi", "phone", "in_progress", 6, None, False, "Matti Laine"),
    ("kadut-4", "kadut", "fi", "web", "received", 1, None, True, ""),
    ("kadut-5", "kadut", "sv", "letter", "received", 16, None, False, "Gunnar Åberg"),
    ("puistot-1", "puistot", "fi", "web", "answered", 90, 10, True, ""),
    ("puistot-2", "puistot", "sv", "web", "closed", 120, 12, True, ""),
    ("puistot-3", "puistot", "fi", "social_media", "in_progress", 9, None, False, ""),
    ("kirjasto-1", "kirjasto", "fi", "web", "answered", 30, 6, True, "Mikko Lahtinen"),
    ("kirjasto-2", "kirjasto", "sv", "walk_in", "closed", 75, 8, True, ""),
    ("kirjasto-3", "kirjasto", "fi", "web", "received", 3, None, False, ""),
    ("kirjasto-4", "kirjasto", "sv", "web", "in_progress", 12, None, True, "Kerstin Lind"),
    ("nuoret-1", "nuoret", "fi", "web", "answered", 45, 9, True, ""),
    ("nuoret-2", "nuoret", "sv", "web", "received", 2, None, False, ""),
    ("asiointi-1", "asiointi", "fi", "web", "closed", 100, 5, True, ""),
    ("asiointi-2", "asiointi", "sv", "phone", "answered", 20, 4, False, "Birgitta Nyström"),
    ("saavutettavuus-1", "saavutettavuus", "fi", "web", "answered", 25, 7, True, ""),
    ("saavutettavuus-2", "saavutettavuus", "sv", "web", "received", 18, None, True, ""),
    ("muu-1", "muu", "fi", "web", "closed", 50, None, False, ""),
    ("muu-2", "muu", "sv", "web", "answered", 35, 3, True, ""),
]


def _topics():
    locale_fi, locale_sv = locales()
    topics = {}
    fi, sv = (content(language, "feedback")["topics"] for language in LANGUAGES)
    for order, (code, people, days, accessibility, notify) in enumerate(TOPICS):
        topic_fi, topic_sv = snippet_pair(
            FeedbackTopic, {"code": code}, fi={"name": fi[code]}, sv={"name": sv[code]},
            reply_days=days, is_accessibility=accessibility, notify_email=notify, sort_order=(order + 1) * 10,
        )
        for topic, locale in ((topic_fi, locale_fi), (topic_sv, locale_sv)):
            if not topic.contact_people.exists():
                topic.contact_people.set(ContactPerson.objects.filter(locale=locale, name__in=people))
        topics[code] = topic_fi
    return topics


def _link_privacy_notice(pages):
    for page, slug in zip(pages, PRIVACY_SLUGS, strict=True):
        notice = Page.objects.filter(slug=slug, locale=page.locale).first()
        if notice is not None and page.privacy_notice_id is None:
            page.privacy_notice = notice
            page.save_revision().publish()


def load(stdout):
    home_fi, _home_sv = home_pages()
    pages = page_pair(
        home_fi,
        FeedbackPage,
        fi=content("fi", "feedback")["page"],
        sv=content("sv", "feedback")["page"],
        show_in_menus=True,
    )
    _link_privacy_notice(pages)
    link_channel_form("palaute", pages)
    promote_in_search(pages, ["palaute", "palautetta", "anna palautetta", "respons", "ge respons"])
    topics = _topics()
    now = timezone.now()
    created = 0
    for key, code, language, channel, status, days, answered_after, consent, name in ITEMS:
        texts = content(language, "feedback")
        message, place, answer = (texts["items"][key][field] for field in ("message", "place", "answer"))
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
            feedback.closing_reason = "" if answer else texts["closing_reason"]
            FeedbackEvent.objects.create(feedback=feedback, kind="closed", status="closed",
                                         text=feedback.closing_reason, created_at=feedback.closed_at)
        feedback.status = status
        feedback.save()
        created += 1
    stdout.write(f"Feedback: {len(topics)} topics, {created} new feedback items")


def reset():
    texts = [content(language, "feedback") for language in LANGUAGES]
    Feedback.objects.filter(message__in=[item["message"] for text in texts for item in text["items"].values()]).delete()
    FeedbackTopic.objects.filter(code__in=[item[0] for item in TOPICS]).delete()
    for page in FeedbackPage.objects.filter(slug__in=[text["page"]["slug"] for text in texts]).order_by("-depth"):
        page.delete()
