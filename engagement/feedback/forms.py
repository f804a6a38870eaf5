"""The public feedback form and the forms feedback handlers use in the admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from engagement.forms import PublicForm

from .caching import topics_for
from .models import MESSAGE_MAX_LENGTH, Feedback


class FeedbackForm(PublicForm):
    topic = forms.TypedChoiceField(label=_("Topic"), coerce=int, empty_value=None)
    message = forms.CharField(
        label=_("Your feedback"),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_("At most 4,000 characters. Plain text."),
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MESSAGE_MAX_LENGTH}),
    )
    place = forms.CharField(
        label=_("Place (optional)"), max_length=200, required=False,
        help_text=_("For example a street address or the name of a park."),
    )
    name = forms.CharField(
        label=_("Your name (optional)"), max_length=150, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email (optional)"), max_length=254, required=False,
        help_text=_("We send you a receipt with a tracking link, and the answer."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Your phone (optional)"), max_length=40, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    wants_reply = forms.BooleanField(label=_("I want a reply"), required=False, help_text=_("Then an email is required."))
    publish_consent = forms.BooleanField(
        label=_("My feedback and its answer may be published without my name"), required=False
    )

    def __init__(self, *args, locale_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The cached topics of the page's language, so rendering the form costs no query.
        self.topics = {topic.pk: topic for topic in topics_for(locale_id)}
        self.fields["topic"].choices = [("", _("Choose a topic"))] + [
            (topic.pk, topic.name) for topic in self.topics.values()
        ]
        # "I want a reply" makes the email needed: its label then stops saying "optional" (here when
        # the form comes back ticked, in site.js the moment the box is ticked).
        email = self.fields["email"]
        required_label = f"{_('Your email')} ({_('required')})"
        email.widget.attrs.update({"data-label-optional": str(email.label), "data-label-required": required_label})
        wants_reply = self.fields["wants_reply"].widget
        if self.is_bound and wants_reply.value_from_datadict(self.data, self.files, self.add_prefix("wants_reply")):
            email.label = _("Your email")
            email.widget.attrs["aria-required"] = "true"
            email.shown_required = True
        # (Bound fields are made on first access and keep the label they were made with: only now.)
        wants_reply.attrs["data-requires"] = self["email"].auto_id

    def clean_topic(self):
        # One of the page language's topics, as cached (any save or delete of a topic renews the cache).
        topic = self.topics.get(self.cleaned_data["topic"])
        if topic is None:
            raise forms.ValidationError(_("Choose a topic from the list."))
        return topic

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wants_reply") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Give your email so that we can reply to you."))
        return cleaned


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class AssignForm(forms.Form):
    assigned_to = PersonChoiceField(label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody"))

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = users


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[(Feedback.Status.RECEIVED, Feedback.Status.RECEIVED.label),
                                    (Feedback.Status.IN_PROGRESS, Feedback.Status.IN_PROGRESS.label)]
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Never shown to the resident or the public."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=8000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Emailed to the resident in their language, if they gave an email."),
    )
    publish = forms.BooleanField(
        label=_("Publish the feedback and this answer"), required=False,
        help_text=_("Then the feedback and the answer are shown without personal data on the site and through the "
                    "Open311 interface. Only possible when the resident consented to publishing."),
    )
    close = forms.BooleanField(label=_("Close the feedback after answering"), required=False)

    def __init__(self, *args, feedback, **kwargs):
        super().__init__(*args, **kwargs)
        self.feedback = feedback

    def clean_publish(self):
        publish = self.cleaned_data["publish"]
        if publish and not self.feedback.publish_consent:
            raise forms.ValidationError(_("The resident did not consent to publishing."))
        return publish


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing without an answer"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, feedback, **kwargs):
        super().__init__(*args, **kwargs)
        self.feedback = feedback

    def clean(self):
        cleaned = super().clean()
        if not self.feedback.public_answer and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Nothing closes without an answer or a reason. Give the reason."))
        return cleaned
