"""Public forms of consultations, on the one public form base (captcha, honeypot, size limits, one-time
token): a comment on the whole draft or on one section with an answer to its question, and a report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from engagement.forms import PublicForm

from .models import QuestionKind


class CommentForm(PublicForm):
    """A comment (and, on a section with a question, the answer). The comment may be left empty when
    the question is answered; one of them is needed."""

    text = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        required=False,
        help_text=_("Plain text. Comments are public; do not write personal details about yourself or others."),
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
    )
    nickname = forms.CharField(
        label=_("Nickname (optional)"),
        max_length=60,
        required=False,
        help_text=_("Shown with your comment. Leave empty to comment anonymously."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        max_length=254,
        required=False,
        help_text=_("Never shown. We tell you when the summary is out, then erase the address 30 days later."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, section=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        if section is not None and section.has_question:
            choices = [(str(number), label) for number, label in section.choices()]
            if section.question_kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    label=section.question, choices=choices, required=False, widget=forms.CheckboxSelectMultiple,
                    help_text=_("Choose any that apply."),
                )
            else:
                field = forms.ChoiceField(
                    label=section.question, choices=choices, required=False, widget=forms.RadioSelect,
                    help_text=_("1 = not at all, 5 = very much.") if section.question_kind == QuestionKind.SCALE else "",
                )
            self.fields["answer"] = field
            self.order_fields(["answer", "text", "nickname", "email", "website", "submission_token", "captcha"])
        else:
            self.fields["text"].required = True

    def clean(self):
        cleaned = super().clean()
        if "answer" in self.fields and not cleaned.get("text") and not cleaned.get("answer"):
            raise forms.ValidationError(_("Write a comment or answer the question."), code="empty")
        return cleaned

    @property
    def choices(self):
        answer = self.cleaned_data.get("answer") or []
        return [answer] if isinstance(answer, str) else list(answer)


class ReportForm(PublicForm):
    reason = forms.CharField(
        label=_("Why should a moderator look at this comment? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )


class AgreeForm(forms.Form):
    """'I agree' is one button; the form only carries the CSRF token."""
