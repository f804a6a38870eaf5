"""Demo content for proposals: the proposals page under both home pages, themes, and about ten
proposals of Koivula – Björkby residents and associations in both languages, across the states. The texts are in
content/{fi,sv}/proposals.toml."""

import datetime

from django.utils import timezone
from wagtail.models import Site

from engagement.proposals.models import (
    Proposal,
    ProposalState,
    ProposalTheme,
    Support,
    threshold_for,
)
from engagement.proposals.pages import ProposalIndexPage
from home.models import AssociationPage, SiteSettings
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

THEMES = ["liikenne", "kulttuuri-ja-vapaa-aika", "ymparisto", "palvelut"]

# key (of its texts in content/{fi,sv}/proposals.toml: title, summary and text in the proposal's language, the
# official answer in both), language, theme, state, name, show name, association slug keyword, supports,
# days ago, answered days ago (or None)
PROPOSALS = [
    ("suojatie-koivulan-koulun-eteen", "fi", "liikenne", "accepted", "Aino Virtanen", True, "", 46, 200, 120),
    ("fler-bankar-langs-strandpromenaden", "sv", "ymparisto", "in-preparation", "Pensionärsklubben", False, "elake", 31, 90, None),
    ("kirjasto-auki-myos-sunnuntaisin", "fi", "kulttuuri-ja-vapaa-aika", "published", "Mikko Lahtinen", False, "", 12, 20, None),
    ("ovningsplats-for-unga-musiker", "sv", "kulttuuri-ja-vapaa-aika", "partly-accepted", "Elin Holm", True, "nuor", 58, 260, 150),
    ("koirapuisto-koivulan-keskustaan", "fi", "ymparisto", "not-accepted", "Sari Koskinen", False, "", 23, 300, 210),
    ("kylatalon-peruskorjaus-makikylassa", "fi", "palvelut", "implemented", "Mäkikylän kyläyhdistys", False, "kyl", 74, 420, 380),
    ("battre-kollektivtrafik-till-strandby", "sv", "liikenne", "published", "Anders Lind", False, "", 5, 10, None),
    ("ulkokuntosali-urheilukentan-viereen", "fi", "kulttuuri-ja-vapaa-aika", "in-preparation", "Koivulan Kisa", False, "kisa", 39, 60, None),
    ("sommaroppet-simstrand-vid-bjorksjon", "sv", "ymparisto", "closed", "Karin Ström", False, "", 8, 500, None),
    ("puistonpenkit-koivulan-torille", "fi", "palvelut", "received", "Helvi Nieminen", False, "", 0, 2, None),
]

SUPPORTER_NAMES = ["Anna", "Pekka", "Lotta", "Jussi", "Maria", "Olli", "Sofia", "Erik", "Kaisa", "Johan"]


def _themes():
    fi, sv = (content(language, "proposals")["themes"] for language in LANGUAGES)
    return {
        slug: snippet_pair(ProposalTheme, {"slug": slug}, fi={"name": fi[slug]}, sv={"name": sv[slug]})[0]
        for slug in THEMES
    }


def _association(keyword):
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
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return 0
    site_settings = SiteSettings.for_site(site)
    if not site_settings.entitled_voters:
        site_settings.entitled_voters = DEMO_ENTITLED_VOTERS
        site_settings.save(update_fields=["entitled_voters"])
    return threshold_for(site_settings.entitled_voters)


def load(stdout):
    home_fi, _home_sv = home_pages()
    pages = page_pair(
        home_fi,
        ProposalIndexPage,
        fi=content("fi", "proposals")["page"],
        sv=content("sv", "proposals")["page"],
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
    for index, (key, language, theme, state, name, show, assoc, supports, days, answered_days) in enumerate(PROPOSALS):
        texts = {code: content(code, "proposals")["proposals"].get(key, {}) for code in LANGUAGES}
        title, summary, text = (texts[language][field] for field in ("title", "summary", "text"))
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
        if answered_days is not None:
            # The council answers in both languages.
            proposal.answer_text, proposal.answer_text_sv = texts["fi"]["answer"], texts["sv"]["answer"]
            proposal.answer_decided_by = texts[language]["decided_by"]
            proposal.answer_date = (now - datetime.timedelta(days=answered_days)).date()
            proposal.answered_at = now - datetime.timedelta(days=answered_days)
            proposal.answer_link = "https://koivula.example/paatokset/"
            proposal.measures = texts[language]["measures"]
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
    texts = [content(language, "proposals") for language in LANGUAGES]
    titles = [proposal["title"] for text in texts for proposal in text["proposals"].values() if "title" in proposal]
    Proposal.objects.filter(title__in=titles).delete()
    ProposalTheme.objects.filter(slug__in=THEMES).delete()
    for page in ProposalIndexPage.objects.filter(slug__in=[text["page"]["slug"] for text in texts]).order_by("-depth"):
        page.delete()
