"""The public association form: an association adds or updates its directory entry."""

from django import forms
from django.utils.translation import gettext_lazy as _

from engagement.forms import PublicForm, in_language, other_language
from home.models.contacts import SERVICE_LANGUAGES


class AssociationForm(PublicForm):
    """Everything an association's entry shows, plus who sends it. Goes to moderation, never straight live."""

    name = forms.CharField(label=_("Name of the association"), max_length=150)
    intro = forms.CharField(
        label=_("Short description"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences shown in the directory listing."),
    )
    description = forms.CharField(
        label=_("Longer description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the association does. When updating, leave empty to keep the current text."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    area = forms.CharField(label=_("Village or area"), max_length=100, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages of activity"), widget=forms.CheckboxSelectMultiple, choices=SERVICE_LANGUAGES
    )
    contact_name = forms.CharField(label=_("Public contact person"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Public email"), max_length=254, required=False)
    contact_phone = forms.CharField(label=_("Public phone"), max_length=40, required=False)
    # Not "website": that is the honeypot of every public form.
    web_address = forms.URLField(label=_("Website"), max_length=200, required=False, assume_scheme="https")
    meeting_place = forms.CharField(label=_("Meeting place"), max_length=250, required=False)
    how_to_join = forms.CharField(
        label=_("How to join"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    register_number = forms.CharField(
        label=_("Register number"),
        max_length=20,
        required=False,
        help_text=_("From the Finnish Patent and Registration Office, if registered."),
    )
    steward_email = forms.EmailField(
        label=_("Email for keeping the entry current"),
        max_length=254,
        help_text=_(
            "Not shown on the site. Once a year we ask this address whether the entry is still current."
        ),
    )
    submitter_name = forms.CharField(label=_("Your name"), max_length=150)
    submitter_email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We tell you here when the entry has been reviewed."),
    )
    message = forms.CharField(
        label=_("Message to the moderators"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The entry in the site's other language (Swedish on the Finnish site, Finnish on the Swedish one):
    # given a short description, the association is published in both directories.
    name_other = forms.CharField(label=_("Name of the association"), max_length=150, required=False)
    intro_other = forms.CharField(
        label=_("Short description"), max_length=600, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_other = forms.CharField(
        label=_("Longer description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    how_to_join_other = forms.CharField(
        label=_("How to join"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Which entry is updated, or which submission corrected, is in the page's route (AssociationFormPage).

    OTHER_FIELDS = ("name_other", "intro_other", "description_other", "how_to_join_other")

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = list(categories)
        names = [name for name in self.fields if name not in self.OTHER_FIELDS]
        at = names.index("how_to_join") + 1
        self.order_fields(names[:at] + list(self.OTHER_FIELDS) + names[at:])
        other = other_language()
        for name in self.OTHER_FIELDS:
            field = self.fields[name]
            field.label = in_language(field.label, other)
        self.fields["intro_other"].help_text = (
            _("Fill this in to have the association in the Swedish directory too.")
            if other == "sv"
            else _("Fill this in to have the association in the Finnish directory too.")
        )

    def clean(self):
        data = super().clean()
        if any(data.get(name) for name in self.OTHER_FIELDS) and not data.get("intro_other"):
            self.add_error("intro_other", _("Fill this in when you give the entry in both languages."))
        return data

