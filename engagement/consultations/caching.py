"""A cache namespace for what the consultation pages show (any change of a consultation page, a view
restriction, a comment, agreement, answer or summary bumps it; the index's cards also expire when the
next consultation opens or closes), and what those changes purge from the page cache: the consultation's
pages in every language, their comment lists, and the API."""

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from home.models import ContactPerson
from kumppanuus import pagecache
from kumppanuus.caching import CacheNamespace

from .models import (
    Answer,
    Comment,
    CommentAgreement,
    CommentReport,
    ConsultationContact,
    ConsultationDocument,
    ConsultationSection,
    ConsultationTheme,
    SectionSummary,
)

consultations = CacheNamespace("consultations", timeout=600)
cached = consultations.cached


def consultation_targets(consultation_id):
    """The consultation's page in every language with its comment lists (the whole draft and each
    section), and the API: everything that shows its comments, answers and summaries."""
    # The page type sits above this module (pages.py imports it): found through the registry.
    ConsultationPage = apps.get_model("consultations", "ConsultationPage")
    key = ConsultationPage.objects.filter(pk=consultation_id).values_list("translation_key", flat=True).first()
    if key is None:
        return []
    sections = ["draft", *{str(section) for section in ConsultationSection.objects.filter(
        page__translation_key=key).values_list("translation_key", flat=True)}]
    targets = listings()
    for page in ConsultationPage.objects.live().filter(translation_key=key).only("url_path"):
        for root_url, path in pagecache.url_path_urls(page.url_path):
            targets.append(root_url + path)
            targets.extend(root_url + path + page.reverse_subpage("comments", args=[section]) for section in sections)
    return targets


def listings(page=None):
    """On top of the page rule for a consultation page: the API and the deadlines calendars."""
    return [
        "/api/consultations/", "/api/consultations/comments/",
        *(reverse("consultations_deadlines", args=[language]) for language, _name in settings.LANGUAGES),
    ]


def bump(consultation_id=None):
    """Stale now and after commit: the consultations' own cache and the pages of the consultation (every
    page without one). Counting a report or an agreement, hiding a comment and publishing a summary are
    UPDATEs, which send no save signal."""
    consultations.changed()
    if consultation_id is None:
        pagecache.purge_all()
    else:
        pagecache.purge(*consultation_targets(consultation_id))


def connect_signals():
    consultations.invalidate_on(
        Comment, CommentAgreement, Answer, SectionSummary, ConsultationTheme, ContactPerson,
        # The index's cached cards: a consultation's title, summary, dates, theme, and who may see it.
        apps.get_model("consultations", "ConsultationPage"), PageViewRestriction,
        m2m=[SectionSummary.cited_comments.through], signals=[page_published, page_unpublished],
    )
    pagecache.declare(apps.get_model("consultations", "ConsultationPage"), listings)
    for model in (Comment, Answer, SectionSummary):
        pagecache.declare(model, lambda obj: consultation_targets(obj.consultation_id))
    for model in (CommentAgreement, CommentReport):
        pagecache.ignore(model, "counted by an UPDATE of the comment, which purges (services.agree, services.report)")
    for model in (ConsultationSection, ConsultationDocument, ConsultationContact):
        pagecache.ignore(model, "part of its consultation page: saved when the page is published, which purges")
