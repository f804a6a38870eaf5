"""Cached topic lists and reply-time figures, so the feedback page costs few queries of its own.
Topics change rarely: any save or delete of a topic bumps the version; medians may lag ten minutes."""

from kumppanuus.caching import CacheNamespace

from .models import FeedbackTopic, reply_time_medians

feedback = CacheNamespace("feedback", timeout=600)


def topics_for(locale_id):
    return feedback.cached(f"topics:{locale_id}", lambda: list(FeedbackTopic.objects.filter(locale_id=locale_id)))


def medians():
    return feedback.cached("medians", reply_time_medians)


def connect_signals():
    feedback.invalidate_on(FeedbackTopic)
