"""A cache namespace for what the consultation pages show: any change of a comment, agreement, answer or
summary bumps it."""

from home.models import ContactPerson
from kumppanuus.caching import CacheNamespace
from kumppanuus.pagecache import pages

from .models import Answer, Comment, CommentAgreement, ConsultationTheme, SectionSummary

consultations = CacheNamespace("consultations", timeout=600)
cached = consultations.cached


def bump():
    """Stale now: the consultations' own cache and the full-page cache. Counting a report or an
    agreement, hiding a comment and publishing a summary are UPDATEs, which send no save signal."""
    consultations.bump()
    pages.changed()


def connect_signals():
    consultations.invalidate_on(
        Comment, CommentAgreement, Answer, SectionSummary, ConsultationTheme, ContactPerson,
        m2m=[SectionSummary.cited_comments.through],
    )
