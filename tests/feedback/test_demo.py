"""The feedback demo: page pair, topics and items in both languages, idempotent."""

import io

import pytest

from engagement.feedback.models import Feedback, FeedbackTopic
from engagement.feedback.pages import FeedbackPage
from kumppanuus.demo import directory, site
from kumppanuus.demo import feedback as demo

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_pages_work(client):
    out = io.StringIO()
    site.load(out)
    directory.load(out)
    demo.load(out)
    counts = (Feedback.objects.count(), FeedbackTopic.objects.count(), FeedbackPage.objects.count())
    demo.load(out)
    assert (Feedback.objects.count(), FeedbackTopic.objects.count(), FeedbackPage.objects.count()) == counts
    assert counts[0] >= 20 and counts[2] == 2
    assert set(Feedback.objects.values_list("language", flat=True)) == {"fi", "sv"}
    assert set(Feedback.objects.values_list("status", flat=True)) == {"received", "in_progress", "answered", "closed"}
    assert Feedback.objects.published().count() >= 5
    assert not Feedback.objects.filter(status="closed", public_answer="", closing_reason="").exists()
    assert FeedbackTopic.objects.filter(is_accessibility=True, contact_people__isnull=False).exists()
    page_fi = FeedbackPage.objects.get(slug="palaute")
    assert page_fi.privacy_notice is not None
    html = client.get(page_fi.url).content.decode()
    assert "Verkkosivujen saavutettavuus" in html and "tietosuojaseloste" in html
    page_sv = FeedbackPage.objects.get(slug="respons")
    assert page_sv.translation_key == page_fi.translation_key
    assert "Webbplatsens tillgänglighet" in client.get(page_sv.url).content.decode()
    assert "Cykelvägen" in client.get("/sv/feedback/answered/").content.decode()
    demo.reset()
    assert not Feedback.objects.exists() and not FeedbackPage.objects.exists()
