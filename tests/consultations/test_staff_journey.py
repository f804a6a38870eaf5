"""The staff journey of a consultation, through the admin as a moderator clicks it (Django's test
client): a resident comments in Swedish and leaves an email; the moderator starts at the dashboard,
finds the pending comment in the queue and approves it; after closing, writes the summary of the section
citing the comment and publishes it from the report; the resident's summary email goes out in Swedish,
and the page shows the answer in the chart and the comment as considered in the summary."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.consultations.models import Comment, SectionSummary
from engagement.consultations.pages import ConsultationPage
from engagement.models import OutgoingEmail
from home.groups import MODERATORS

pytestmark = pytest.mark.django_db
CAPTCHA = {"captcha_0": "x", "captcha_1": "PASSED"}


def links(body):
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', body)]


def test_moderator_approves_then_summarises_and_the_resident_hears_in_swedish(client, consultation, staff_user_factory):
    page_fi, page_sv = consultation
    traffic_sv = page_sv.sections.all()[1]
    resident = client.post(page_sv.url + page_sv.reverse_subpage("comment_section", args=[traffic_sv.pk]), {
        "text": "Leden till skolan behövs för barnens säkerhet.", "answer": "1", "nickname": "Bybo",
        "email": "bybo@example.com", **CAPTCHA,
    })
    assert resident.status_code == 200
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING and comment.language == "sv"

    moderator = staff_user_factory(MODERATORS)
    assert not moderator.is_superuser
    client.force_login(moderator)

    # The dashboard says one comment waits, and links to the queue filtered to pending comments.
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 kommentti odottaa moderointia" in dashboard
    queue_url = next(href for href in links(dashboard) if "status=pending" in href)
    queue = client.get(queue_url).content.decode()
    moderate_url = reverse("consultations_comment:edit", args=[comment.pk])
    assert "Leden till skolan behövs" in queue and moderate_url in links(queue)

    moderate = client.get(moderate_url).content.decode()
    assert "Leden till skolan behövs för barnens säkerhet." in moderate and "Ja" in moderate  # the answer
    assert "bybo@example.com" not in moderate  # a moderator does not see emails
    response = client.post(moderate_url, {"action": "approve"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert "Leden till skolan behövs" in client.get(page_sv.url).content.decode()
    assert "Leden till skolan behövs" in client.get(page_fi.url + "?languages=all").content.decode()

    # The consultation closes; the report says it has no summary yet.
    ConsultationPage.objects.filter(translation_key=page_fi.translation_key).update(
        closes_at=timezone.now() - timedelta(minutes=5))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    report_url = reverse("consultations_comment:report", args=[page_fi.pk])
    assert report_url in links(dashboard)
    report = client.get(report_url).content.decode()
    assert "Yhteenvetoa ei ole vielä kirjoitettu." in report

    # The summary of the section, in Swedish, citing the comment (comments are chosen after the first save).
    add_url = next(href for href in links(report) if href.startswith(reverse("wagtailsnippets_consultations_sectionsummary:add")))
    response = client.post(add_url, {
        "consultation": page_sv.pk, "section": traffic_sv.pk,
        "themes": "Många vill ha en trygg led till skolan.", "changes": "Leden finns nu i planen.",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    summary = SectionSummary.objects.get()
    edit_url = reverse("wagtailsnippets_consultations_sectionsummary:edit", args=[summary.pk])
    assert f'value="{comment.pk}"' in client.get(edit_url).content.decode()
    response = client.post(edit_url, {
        "consultation": page_sv.pk, "section": traffic_sv.pk, "themes": summary.themes, "changes": summary.changes,
        "cited_comments": [comment.pk],
    })
    assert response.status_code == 302
    assert list(summary.cited_comments.all()) == [comment]

    # Published from the report: the emails go out once, in the resident's language.
    report = client.get(report_url).content.decode()
    assert "Julkaise yhteenveto ja lähetä sähköpostit" in report
    response = client.post(report_url, {"action": "publish_summary"}, follow=True)
    assert "Yhteenveto julkaistiin. Sähköposti lähti 1 henkilölle." in response.content.decode()
    email = OutgoingEmail.objects.get(template="consultations/emails/summary")
    assert email.to == ["bybo@example.com"]
    assert email.subject.startswith("Sammanfattningen är publicerad") and "Byns generalplan" in email.subject
    assert "Många vill ha en trygg led till skolan." in email.body_text and page_sv.url in email.body_text

    # The page shows the summary, the answer in the chart, and the comment as considered in the summary.
    client.logout()
    page = client.get(page_sv.url).content.decode()
    assert "Många vill ha en trygg led till skolan." in page
    assert "Beaktad i sammanfattningen" in page
    assert re.search(r"<th scope=\"row\">Ja</th><td>1</td>", page)
    dashboard_pages = ConsultationPage.objects.filter(translation_key=page_fi.translation_key)
    assert all(page.stage().value == "summary" for page in dashboard_pages)
