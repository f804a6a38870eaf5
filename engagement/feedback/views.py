"""Public feedback views: tracking by token and the list of published answers."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from home.caching import active_locale_id

from .models import Feedback, FeedbackTopic, reply_time_medians

PER_PAGE = 20


def _topic_names(locale):
    return {topic.translation_key: topic for topic in FeedbackTopic.objects.filter(locale_id=locale)}


@require_GET
def track(request, token):
    feedback = get_object_or_404(Feedback.objects.select_related("topic"), token=token)
    topic = _topic_names(active_locale_id()).get(feedback.topic.translation_key, feedback.topic)
    events = [event for event in feedback.events.all() if event.is_public]
    response = TemplateResponse(
        request, "feedback/track.html", {"feedback": feedback, "topic": topic, "events": events}
    )
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def answered(request):
    locale = active_locale_id()
    topics = _topic_names(locale)
    code = request.GET.get("topic", "")[:60]
    items = Feedback.objects.published().select_related("topic").order_by("-answered_at", "-pk")
    if code:
        items = items.filter(topic__code=code)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.topic_here = topics.get(item.topic.translation_key, item.topic)
    medians = reply_time_medians()
    topic_list = list(topics.values())
    for topic in topic_list:
        topic.median_days = medians.get(topic.translation_key)
    return TemplateResponse(
        request, "feedback/answered.html", {"items": page, "topics": topic_list, "selected_topic": code}
    )
