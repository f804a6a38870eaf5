"""What we heard, what we did: summaries per section, their publication and emails per language, the
chart of each question's answers, cited comments, and the retention and erasure of commenters' emails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from engagement.consultations import services
from engagement.consultations.models import Answer, Comment, SectionSummary
from engagement.consultations.pages import ConsultationPage
from engagement.consultations.retention import CommenterEmails
from engagement.privacy import data as privacy_data
from engagement.privacy.registry import unregistered_fields
from tests.factories.consultations import make_comment, make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(index):
    """A closed consultation with comments in both languages, two with an email, and answers."""
    page_fi, page_sv = make_consultation(index[0], opens=-20, closes=-1)
    traffic_fi, traffic_sv = page_fi.sections.all()[1], page_sv.sections.all()[1]
    fi = make_comment(page_fi, traffic_fi, text="Väylä kouluun heti", email="aino@example.com")
    sv = make_comment(page_sv, traffic_sv, text="Leden behövs", email="Erik@Example.com")
    make_comment(page_sv, traffic_sv, text="Andra kommentaren", email="erik@example.com")  # the same person
    for choice, page, section in ((1, page_fi, traffic_fi), (1, page_sv, traffic_sv), (2, page_fi, traffic_fi)):
        Answer.objects.create(consultation=page, section=section, choice=choice, language=page.locale.language_code)
    return page_fi, page_sv, fi, sv


def write_summaries(page_fi, page_sv, cited_fi, cited_sv):
    summary_fi = SectionSummary.objects.create(
        consultation=page_fi, section=page_fi.sections.all()[1], themes="Väylää toivottiin laajasti.",
        changes="Väylä lisättiin kaavaan.",
    )
    summary_fi.cited_comments.set([cited_fi, cited_sv])
    summary_sv = SectionSummary.objects.create(
        consultation=page_sv, section=page_sv.sections.all()[1], themes="Många önskade leden.",
        changes="Leden lades till i planen.",
    )
    summary_sv.cited_comments.set([cited_fi, cited_sv])
    return summary_fi, summary_sv


def test_publishing_emails_everyone_once_in_their_language(closed, client):
    page_fi, page_sv, fi, sv = closed
    write_summaries(page_fi, page_sv, fi, sv)
    mail.outbox.clear()
    assert services.publish_summary(page_fi) == 2
    by_recipient = {message.to[0].lower(): message for message in mail.outbox}
    assert set(by_recipient) == {"aino@example.com", "erik@example.com"}
    finnish, swedish = by_recipient["aino@example.com"], by_recipient["erik@example.com"]
    assert "Yhteenveto on julkaistu" in finnish.subject and "Väylä lisättiin kaavaan." in finnish.body
    assert "http://testserver/fi/kuulemiset/kylan-yleiskaava/" in finnish.body
    assert "Sammanfattningen är publicerad" in swedish.subject and "Leden lades till i planen." in swedish.body
    assert "/sv/" in swedish.body
    html = dict((mime, body) for body, mime in swedish.alternatives)["text/html"]
    assert "Leden lades till i planen." in html and 'lang="sv"' in html
    # Published once: a second call sends nothing more.
    assert services.publish_summary(page_fi) == 0
    assert Comment.objects.filter(summary_sent_at__isnull=True).exclude(email="").count() == 0


def test_a_summary_waits_for_the_close(index):
    page_fi, _ = make_consultation(index[0])
    SectionSummary.objects.create(consultation=page_fi, themes="x")
    with pytest.raises(services.SummaryNotReady):
        services.publish_summary(page_fi)


def test_the_page_shows_the_summary_the_chart_and_what_was_considered(closed, client):
    page_fi, page_sv, fi, sv = closed
    write_summaries(page_fi, page_sv, fi, sv)
    body = client.get(page_fi.url).content.decode()
    assert "Väylää toivottiin laajasti." not in body  # not published yet
    services.publish_summary(page_fi)
    body = client.get(page_fi.url).content.decode()
    assert "Mitä kuulimme, mitä teimme" in body and "Väylää toivottiin laajasti." in body
    assert body.index("Väylää toivottiin laajasti.") < body.index("Väylä kouluun heti")
    assert "Huomioitu yhteenvedossa" in body and "Yhteenveto julkaistu" in body
    # The chart: an SVG with a text alternative and the same figures in a table, all languages counted.
    assert '<svg class="consultation-chart__bars" role="img"' in body
    assert "<table" in body and "<th scope=\"row\">Kyllä</th><td>2</td><td>67 %</td>" in body
    assert "<th scope=\"row\">Ei</th><td>1</td><td>33 %</td>" in body
    body_sv = client.get(page_sv.url + "?languages=all").content.decode()
    assert "Många önskade leden." in body_sv and "<th scope=\"row\">Ja</th><td>2</td>" in body_sv
    assert "Beaktad i sammanfattningen" in body_sv
    assert ConsultationPage.objects.get(pk=page_fi.pk).stage() == "summary"


def test_email_is_kept_until_the_summary_is_sent_plus_30_days(closed):
    page_fi, page_sv, fi, sv = closed
    policy = CommenterEmails()
    now = timezone.now()
    assert not policy.due(now).exists()  # no summary yet
    write_summaries(page_fi, page_sv, fi, sv)
    services.publish_summary(page_fi, now=now)
    assert not policy.due(now + timedelta(days=29)).exists()
    due = policy.due(now + timedelta(days=31))
    assert due.count() == 3
    assert policy.erase(due) == 3
    assert not Comment.objects.exclude(email="").exists()
    assert Comment.objects.filter(text="Väylä kouluun heti", status=Comment.Status.PUBLISHED).exists()
    call_command("apply_retention", only=["consultation-commenter-emails"])  # safe to repeat


def test_without_a_summary_the_email_goes_a_year_after_closing(closed):
    policy = CommenterEmails()
    assert not policy.due(timezone.now() + timedelta(days=300)).exists()
    assert policy.due(timezone.now() + timedelta(days=370)).count() == 3


def test_privacy_tools_find_export_and_erase_comments_by_email(closed, client):
    page_fi, page_sv, fi, sv = closed
    found = privacy_data.find("ERIK@example.com")
    assert {comment.pk for comment in found["consultation_comments"]} == set(
        Comment.objects.filter(email__iexact="erik@example.com").values_list("pk", flat=True))
    exported = privacy_data.export_data("erik@example.com")
    assert {row["text"] for row in exported["consultation_comments"]} == {"Leden behövs", "Andra kommentaren"}
    privacy_data.erase("erik@example.com")
    sv.refresh_from_db()
    assert (sv.text, sv.email, sv.nickname, sv.status) == ("", "", "", Comment.Status.REJECTED)
    assert "Leden behövs" not in client.get(page_sv.url).content.decode()
    assert Answer.objects.count() == 3  # the answers stay, anonymous
    assert privacy_data.find("erik@example.com")["consultation_comments"] == []
    fi.refresh_from_db()
    assert fi.email == "aino@example.com"


def test_every_personal_field_is_known_to_the_privacy_tools():
    assert not [name for name in unregistered_fields() if name.startswith("consultations.")]


def test_staff_write_a_summary_in_the_admin(closed, client, superuser):
    page_fi, page_sv, fi, sv = closed
    client.force_login(superuser)
    add = client.get("/admin/snippets/consultations/sectionsummary/add/")
    assert add.status_code == 200
    section = page_fi.sections.all()[1]
    response = client.post("/admin/snippets/consultations/sectionsummary/add/", {
        "consultation": page_fi.pk, "section": section.pk, "themes": "Väylää toivottiin.", "changes": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    summary = SectionSummary.objects.get()
    edit_url = f"/admin/snippets/consultations/sectionsummary/edit/{summary.pk}/"
    body = client.get(edit_url).content.decode()
    assert "Väylä kouluun heti" in body and "Leden behövs" in body  # both languages' comments to cite
    response = client.post(edit_url, {
        "consultation": page_fi.pk, "section": section.pk, "themes": "Väylää toivottiin.", "changes": "Lisätty.",
        "cited_comments": [fi.pk, sv.pk],
    })
    assert response.status_code == 302
    assert set(summary.cited_comments.all()) == {fi, sv}
    # A section of the other language's page is refused.
    response = client.post("/admin/snippets/consultations/sectionsummary/add/", {
        "consultation": page_fi.pk, "section": page_sv.sections.all()[0].pk, "themes": "x",
    })
    assert response.status_code == 200 and SectionSummary.objects.count() == 1
