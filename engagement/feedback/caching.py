"""Cached topic lists and reply-time figures, so the feedback page costs few queries of its own.
Topics change rarely: any save or delete of a topic bumps the version; medians may lag ten minutes."""

from django.core.cache import cache

VERSION_KEY = "feedback:topics:version"


def _version():
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        value = cache.get(VERSION_KEY) or 1
    return value


def bump(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def cached(key, compute, timeout=600):
    full_key = f"feedback:{_version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def topics_for(locale_id):
    from .models import FeedbackTopic

    return cached(f"topics:{locale_id}", lambda: list(FeedbackTopic.objects.filter(locale_id=locale_id)))


def medians():
    from .models import reply_time_medians

    return cached("medians", reply_time_medians)


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from .models import FeedbackTopic

    post_save.connect(bump, sender=FeedbackTopic, dispatch_uid="feedback-topic-saved")
    post_delete.connect(bump, sender=FeedbackTopic, dispatch_uid="feedback-topic-deleted")
