"""Public forms of events: signing up for an event, and an association submitting its event."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.forms import PublicForm, in_language, other_language
from home.caching import active_locale_id
from home.models import AssociationPage

from .models import EventCategory

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SignUpForm(PublicForm):
    name = forms.CharField(label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We send the confirmation and a link for cancelling here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if event.max_companions:
            self.fields["companions"] = forms.TypedChoiceField(
                label=_("How many people are you bringing?"),
                choices=[(n, str(n)) for n in range(event.max_companions + 1)],
                coerce=int,
                initial=0,
                required=False,
                empty_value=0,
            )
        for index, question in enumerate(event.questions):
            self.fields[f"question_{index}"] = forms.CharField(
                label=question,
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"maxlength": 500}),
                help_text=_("Answers to this question are deleted right after the event."),
            )
        self.order_fields([name for name in self.fields if name != "captcha"] + ["captcha"])

    @property
    def people(self):
        return 1 + (self.cleaned_data.get("companions") or 0)

    @property
    def answers(self):
        return [
            {"question": question, "answer": self.cleaned_data.get(f"question_{index}", "")}
            for index, question in enumerate(self.event.questions)
            if self.cleaned_data.get(f"question_{index}")
        ]


class EventSubmissionForm(PublicForm):
    """An association sends in its event; it becomes a draft EventPage that moderators review.

    "In Finnish and Swedish": the main fields are in the language of the site showing the form, the
    `*_other` fields in the other one; the event is published in both at approval."""

    LANGUAGE_CHOICES = [("fi", _("In Finnish")), ("sv", _("In Swedish")), ("both", _("In Finnish and Swedish"))]
    OTHER_FIELDS = ("title_other", "summary_other", "description_other")

    association = forms.ModelChoiceField(
        label=_("Association"), queryset=AssociationPage.objects.none(),
        help_text=_("Only associations in the association directory can submit events."),
    )
    language = forms.ChoiceField(
        label=_("Language of the event description"), choices=LANGUAGE_CHOICES, widget=forms.RadioSelect,
        help_text=_("If you choose both, fill in the title and summary in the other language too."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=500, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}))
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
    )
    title_other = forms.CharField(label=_("Title"), max_length=200, required=False)
    summary_other = forms.CharField(
        label=_("Summary"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )
    description_other = forms.CharField(
        label=_("Description"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
    )
    start = forms.DateTimeField(label=_("Starts"), widget=DATETIME_WIDGET)
    end = forms.DateTimeField(label=_("Ends"), widget=DATETIME_WIDGET, required=False)
    place_name = forms.CharField(label=_("Place"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    online_url = forms.URLField(label=_("Online meeting link"), max_length=500, required=False, assume_scheme="https")
    category = forms.ModelChoiceField(label=_("Category"), queryset=EventCategory.objects.none(), required=False)
    submitter_name = forms.CharField(label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    submitter_email = forms.EmailField(
        label=_("Your email"), max_length=254,
        help_text=_("Not shown on the site. We email you when the event is published or needs changes."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("Message to the moderators"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )

    # The status token of a submission the moderators asked changes to: this form is its corrected version.
    correction = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = active_locale_id()  # cached: Locale.get_active() asks the database every time
        other = other_language()
        for name in self.OTHER_FIELDS:
            self.fields[name].label = in_language(self.fields[name].label, other)
        self.fields["association"].queryset = AssociationPage.objects.live().filter(locale_id=locale).order_by("title")
        self.fields["category"].queryset = EventCategory.objects.filter(locale_id=locale)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and start < timezone.now():
            self.add_error("start", _("The event must start in the future."))
        if start and end and end <= start:
            self.add_error("end", _("The end must be after the start."))
        if not data.get("place_name") and not data.get("online_url"):
            self.add_error("place_name", _("Give a place, an online link or both."))
        if data.get("language") == "both":
            for name in ("title_other", "summary_other"):
                if not data.get(name):
                    self.add_error(name, _("Fill this in when the event is in both languages."))
        return data
