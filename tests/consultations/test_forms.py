import pytest
from django.utils.translation import override

from engagement.consultations.forms import CommentForm, ReportForm
from engagement.consultations.models import ConsultationSection, QuestionKind

CAPTCHA = {"captcha_0": "x", "captcha_1": "PASSED"}


def section(kind, options=""):
    return ConsultationSection(heading="Liikenne", question="Mitä mieltä?", question_kind=kind, options=options)


@pytest.mark.django_db
def test_a_comment_on_the_whole_draft_needs_its_text():
    form = CommentForm({"text": "", **CAPTCHA})
    assert not form.is_valid() and "text" in form.errors
    form = CommentForm({"text": "Hyvä", "nickname": "", "email": "", **CAPTCHA})
    assert form.is_valid(), form.errors
    assert form.choices == [] and "captcha" not in form.cleaned_payload


@pytest.mark.django_db
def test_a_question_is_answered_or_commented_in_the_language_of_the_page():
    with override("sv"):
        form = CommentForm({"text": "", **CAPTCHA}, section=section(QuestionKind.SINGLE, "Ja\nNej"))
        assert not form.is_valid()
        assert "Skriv en kommentar eller svara på frågan." in str(form.non_field_errors())
    form = CommentForm({"answer": "2", **CAPTCHA}, section=section(QuestionKind.SINGLE, "Kyllä\nEi"))
    assert form.is_valid() and form.choices == ["2"]
    form = CommentForm({"answer": "7", **CAPTCHA}, section=section(QuestionKind.SCALE))
    assert not form.is_valid() and "answer" in form.errors


@pytest.mark.django_db
def test_multiple_choice_and_the_field_order():
    form = CommentForm({"answer": ["1", "3"], **CAPTCHA}, section=section(QuestionKind.MULTIPLE, "A\nB\nC"))
    assert form.is_valid() and form.choices == ["1", "3"]
    assert list(form.fields)[:4] == ["answer", "text", "nickname", "email"] and list(form.fields)[-1] == "captcha"


@pytest.mark.django_db
def test_size_limits_and_honeypot():
    assert not CommentForm({"text": "x" * 5001, **CAPTCHA}).is_valid()
    assert not CommentForm({"text": "ok", "nickname": "n" * 61, **CAPTCHA}).is_valid()
    assert not ReportForm({"reason": "r", "website": "http://spam", **CAPTCHA}).is_valid()
    assert ReportForm({"reason": "", **CAPTCHA}).is_valid()
