"""Demo content for consultations: the consultations page under both home pages, an open consultation on
Mäkikylä's village master plan (four sections, one with a question, published comments in both
languages), a closed one on the library's opening hours with its published summary, and the influence
channel "Kuulemiset" / "Samråd" that leads to them. Idempotent, like the rest of the demo. The texts are in
content/{fi,sv}/consultations.toml."""

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
from kumppanuus.demo.helpers import LANGUAGES, content, home_pages, link_channel_form, locales, page_pair

# key: the kind of each section's question ("" for none), in order; the texts are in
# content/{fi,sv}/consultations.toml
QUESTION_KINDS = {"plan": ["", "single", "", ""], "library": ["scale", ""]}
THEMES = ["maankaytto", "palvelut"]
# The library consultation's answers to its first question: choice -> how many.
LIBRARY_ANSWERS = {1: 2, 2: 3, 3: 6, 4: 11, 5: 7}


def _texts():
    return {language: content(language, "consultations") for language in LANGUAGES}


def _themes(texts):
    locale_fi, locale_sv = locales()
    themes = {}
    for slug in THEMES:
        theme = ConsultationTheme.objects.filter(locale=locale_fi, slug=slug).first()
        if theme is None:
            theme = ConsultationTheme.objects.create(locale=locale_fi, slug=slug, name=texts["fi"]["themes"][slug])
        if theme.get_translation_or_none(locale_sv) is None:
            theme_sv = theme.copy_for_translation(locale_sv)
            theme_sv.name = texts["sv"]["themes"][slug]
            theme_sv.save()
        themes[slug] = theme
    return themes


def _contact(name):

    locale_fi, _sv = locales()
    return ContactPerson.objects.filter(locale=locale_fi, name=name).first()


def _consultation(index_fi, texts, key, **shared):
    """(page_fi, page_sv) of the consultation `key`, its sections with the Swedish texts on the Swedish page."""
    contact = shared.pop("contact", None)
    theme = shared.pop("theme")
    theme_sv = theme.get_translation_or_none(locales()[1]) or theme
    fi, sv = (texts[language]["consultations"][key] for language in LANGUAGES)

    def section(text, kind):
        return ConsultationSection(
            heading=text["heading"], text=f"<p>{text['text']}</p>", question=text.get("question", ""),
            question_kind=kind, options=text.get("options", ""),
        )

    page_fi, page_sv = page_pair(
        index_fi,
        ConsultationPage,
        fi={
            "title": fi["title"], "slug": fi["slug"], "summary": fi["summary"],
            "sections": [section(text, kind) for text, kind in zip(fi["sections"], QUESTION_KINDS[key], strict=True)],
            "contacts": [ConsultationContact(person=contact)] if contact else [],
            "theme": theme,
        },
        sv={"title": sv["title"], "slug": sv["slug"], "summary": sv["summary"], "theme": theme_sv},
        **shared,
    )
    rows = list(page_sv.sections.all())
    if rows and rows[0].heading != sv["sections"][0]["heading"]:
        for row, text in zip(rows, sv["sections"], strict=True):
            row.heading, row.text = text["heading"], f"<p>{text['text']}</p>"
            row.question, row.options = text.get("question", ""), text.get("options", "")
        page_sv.sections = rows
        page_sv.save_revision().publish()
    return page_fi, ConsultationPage.objects.get(pk=page_sv.pk)


def _comments(pages, texts, key, now, days_ago):
    """The published comments of both languages, in the order of their `order`."""
    if Comment.objects.of(pages[0]).exists():
        return []
    by_language = dict(zip(LANGUAGES, pages, strict=True))
    sections = {language: list(page.sections.all()) for language, page in by_language.items()}
    items = sorted(
        (item["order"], language, item)
        for language in LANGUAGES for item in texts[language]["consultations"][key].get("comments", [])
    )
    comments = []
    for order, language, item in items:
        number = item["section"]
        comments.append(Comment.objects.create(
            consultation=by_language[language], section=sections[language][number] if number >= 0 else None,
            language=language, nickname=item["nickname"], text=item["text"], agree_count=item["agrees"],
            status=Comment.Status.PUBLISHED,
            created_at=now - datetime.timedelta(days=days_ago - order % 5, hours=order),
        ))
    return comments


def load(stdout):
    texts = _texts()
    home_fi, _home_sv = home_pages()
    now = timezone.now()
    themes = _themes(texts)

    def each(*path):
        values = {}
        for language in LANGUAGES:
            value = texts[language]
            for part in path:
                value = value[part]
            values[language] = value
        return values

    index_fi, index_sv = page_pair(home_fi, ConsultationIndexPage, **each("pages", "index"), show_in_menus=True)
    plan = _consultation(
        index_fi, texts, "plan",
        opens_at=now - datetime.timedelta(days=10), closes_at=now + datetime.timedelta(days=20),
        theme=themes["maankaytto"], moderation="pre",
        preparation_started=(now - datetime.timedelta(days=120)).date(),
        decision_expected=(now + datetime.timedelta(days=90)).date(), contact=_contact("Sari Nieminen"),
    )
    _comments(plan, texts, "plan", now, 8)

    library = _consultation(
        index_fi, texts, "library",
        opens_at=now - datetime.timedelta(days=60), closes_at=now - datetime.timedelta(days=30),
        theme=themes["palvelut"], moderation="post",
        preparation_started=(now - datetime.timedelta(days=90)).date(),
        decision_expected=(now + datetime.timedelta(days=14)).date(),
    )
    library_comments = _comments(library, texts, "library", now, 45)
    if library_comments:
        first_sections = [page.sections.all()[0] for page in library]
        Answer.objects.bulk_create(
            Answer(consultation=library[number % 2], section=first_sections[number % 2], choice=choice,
                   language=LANGUAGES[number % 2])
            for choice, count in LIBRARY_ANSWERS.items() for number in range(count)
        )
        for page, language in zip(library, LANGUAGES, strict=True):
            for item in texts[language]["consultations"]["library"]["summaries"]:
                number = item["section"]
                summary = SectionSummary.objects.create(
                    consultation=page, section=page.sections.all()[number], themes=item["themes"],
                    changes=item["changes"],
                )
                summary.cited_comments.set(
                    [c for c in library_comments if c.section and c.section.sort_order == number]
                )
        services.publish_summary(library[0])

    # The influence channel that leads to the consultations.
    channels_fi = InfluenceChannelIndexPage.objects.filter(locale__language_code="fi").first()
    if channels_fi is not None:
        page_pair(
            channels_fi, InfluenceChannelPage, **each("pages", "channel"), group="feedback", eligibility=["anyone"],
        )
        link_channel_form(texts["fi"]["pages"]["channel"]["slug"], (index_fi, index_sv))
    stdout.write("Consultations: the consultations page, one open and one closed consultation.")


def reset():
    for page in InfluenceChannelPage.objects.filter(slug__in=["kuulemiset", "samrad"]).order_by("-depth"):
        page.delete()
    for page in ConsultationIndexPage.objects.filter(slug__in=["kuulemiset", "samrad"]).order_by("-depth"):
        page.delete()
    ConsultationTheme.objects.filter(slug__in=THEMES).delete()
