from datetime import timedelta

import pytest
from django.utils import timezone

from engagement.consultations.models import ConsultationSection, QuestionKind, SectionSummary, Stage
from engagement.consultations.pages import ConsultationPage
from tests.factories.consultations import make_consultation

pytestmark = pytest.mark.django_db


def test_the_translation_shares_the_sections_and_the_facts(consultation):
    page_fi, page_sv = consultation
    fi, sv = list(page_fi.sections.all()), list(page_sv.sections.all())
    assert [s.translation_key for s in fi] == [s.translation_key for s in sv]
    assert [s.heading for s in sv] == ["Boende", "Trafik", "Rekreation"]
    assert sv[1].question_kind == QuestionKind.SINGLE
    assert sv[1].choices() == [(1, "Ja"), (2, "Nej"), (3, "Vet inte")]
    assert sv[2].choices() == [(n, str(n)) for n in range(1, 6)]


def test_close_time_is_synchronised_to_the_other_language(consultation):
    page_fi, page_sv = consultation
    page_fi.closes_at = page_fi.closes_at + timedelta(days=3)
    page_fi.save_revision().publish()
    page_sv = ConsultationPage.objects.get(pk=page_sv.pk)
    assert page_sv.closes_at == page_fi.closes_at


def test_stage_follows_the_timeline(index):
    now = timezone.now()
    page, _ = make_consultation(index[0], opens=2, closes=10, translate=False)
    assert page.stage(now) == Stage.PREPARATION
    assert page.stage(now + timedelta(days=3)) == Stage.OPEN
    assert page.stage(now + timedelta(days=11)) == Stage.CLOSED
    SectionSummary.objects.create(consultation=page, section=None, themes="x", published_at=now)
    page = ConsultationPage.objects.get(pk=page.pk)
    assert page.stage(now + timedelta(days=11)) == Stage.SUMMARY
    page.decided_at = (now + timedelta(days=20)).date()
    assert page.stage() == Stage.DECISION
    states = [step["state"] for step in page.timeline()]
    assert states == ["done", "done", "done", "done", "current"]


def test_listing_order_open_first_then_upcoming_then_closed(index):
    closed, _ = make_consultation(index[0], slug="a", opens=-20, closes=-5, translate=False)
    upcoming, _ = make_consultation(index[0], slug="b", opens=5, closes=20, translate=False)
    open_late, _ = make_consultation(index[0], slug="c", opens=-1, closes=20, translate=False)
    open_soon, _ = make_consultation(index[0], slug="d", opens=-1, closes=3, translate=False)
    ordered = list(ConsultationPage.objects.filter(locale=index[0].locale).ordered_for_listing())
    assert ordered == [open_soon, open_late, upcoming, closed]


def test_a_section_without_a_kind_has_no_question():
    assert not ConsultationSection(heading="x", question="Mitä?").has_question
    assert ConsultationSection(heading="x", question="Mitä?", question_kind=QuestionKind.SCALE).has_question
