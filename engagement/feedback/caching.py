"""Cached topic lists and reply-time figures, so the feedback page costs few queries of its own.
Topics change rarely: any save or delete of a topic bumps the version; medians may lag ten minutes.

Feedback shows publicly only once staff publish its answer (with the sender's consent): on the answered
feedback page and in Open311. Only then, or when a published one changes or leaves, does a save purge
those; new feedback and its handling purge nothing."""

from django.conf import settings
from django.db.models.signals import pre_save
from django.urls import reverse
from django.utils import translation

from kumppanuus import pagecache
from kumppanuus.caching import CacheNamespace

from .models import Feedback, FeedbackEvent, FeedbackTopic, Open311ApiKey, reply_time_medians

feedback = CacheNamespace("feedback", timeout=600)


def topics_for(locale_id):
    return feedback.cached(f"topics:{locale_id}", lambda: list(FeedbackTopic.objects.filter(locale_id=locale_id)))


def medians():
    return feedback.cached("medians", reply_time_medians)


def is_public(item):
    """The rule of Feedback.objects.published(), on one object in memory."""
    return bool(item.publish_consent and item.answer_published and item.public_answer)


def _remember_public(sender, instance, raw=False, **kwargs):
    """Before a save: was it public? (Then taking the answer back must purge too.)"""
    instance._was_public = (
        not raw and instance.pk is not None and not is_public(instance)
        and Feedback.objects.published().filter(pk=instance.pk).exists()
    )


def feedback_targets(item):
    """The answered feedback pages and Open311 when the item is (or was until this save) public."""
    if not (is_public(item) or getattr(item, "_was_public", False)):
        return []
    targets = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            targets.append(reverse("feedback:answered"))
    for fmt in ("json", "xml"):
        targets += [reverse(f"open311_requests_{fmt}"), reverse(f"open311_request_{fmt}", args=[item.pk])]
    return targets


def connect_signals():
    feedback.invalidate_on(FeedbackTopic)
    pre_save.connect(_remember_public, sender=Feedback, dispatch_uid="feedback-was-public")
    pagecache.declare(Feedback, feedback_targets)
    pagecache.ignore(FeedbackEvent, "the timeline shows on the tracking page only, which is never cached")
    pagecache.ignore(Open311ApiKey, "API keys are for staff")
