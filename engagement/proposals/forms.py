"""Public forms of proposals: make a proposal, support it, follow it, and edit it while it is pending."""

from django import forms
from django.utils.translation import gettext_lazy as _

from engagement.forms import PublicForm, TypedTextMixin
from home.caching import active_locale_id
from home.models import AssociationPage

from .models import Proposal, ProposalTheme


def _themes():
    return ProposalTheme.objects.filter(locale_id=active_locale_id())


class ProposalTextFields(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        help_text=_("One or two sentences: what do you propose?"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )
    text = forms.CharField(
        label=_("Full text"),
        max_length=10000,
        help_text=_("Why is this needed and how could it be done? Plain text; links are not clickable."),
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": 10000}),
    )


class ProposalForm(PublicForm, ProposalTextFields):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=ProposalTheme.objects.none(), required=False,
                                   empty_label=_("No theme"))
    association = forms.ModelChoiceField(
        label=_("On behalf of an association"),
        queryset=AssociationPage.objects.none(),
        required=False,
        empty_label=_("No, I make this proposal myself"),
        help_text=_("Choose an association from the directory if you make the proposal on its behalf."),
    )
    proposer_name = forms.CharField(label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    show_name = forms.BooleanField(label=_("My name may be shown with the proposal"), required=False)
    proposer_email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("Never shown. We send you a receipt and tell you when the proposal is answered."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = active_locale_id()  # cached: Locale.get_active() asks the database every time
        self.fields["theme"].queryset = ProposalTheme.objects.filter(locale_id=locale)
        self.fields["association"].queryset = AssociationPage.objects.live().filter(locale_id=locale).order_by("title")


class SupportForm(PublicForm):
    name = forms.CharField(label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We send you a link to confirm your support. Your name and email are not shown."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class FollowForm(PublicForm):
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We email you when the state of the proposal changes or it is answered."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PendingEditForm(TypedTextMixin, forms.ModelForm):
    """The proposer edits the text through the private link until a moderator has handled it."""

    template_name = "engagement/forms/form.html"
    bound_field_class = PublicForm.bound_field_class
    required_css_class = "field--required"
    error_css_class = "field--error"

    class Meta:
        model = Proposal
        fields = ["title", "summary", "text"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 10}),
        }
        labels = {"title": _("Title"), "summary": _("Summary"), "text": _("Full text")}
