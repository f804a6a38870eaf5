"""The one base for every public form: captcha, honeypot, size limits, text kept as typed but without
control characters, one-time submission token, and accessible rendering (error summary, described-by
links)."""

import uuid

from captcha.conf import settings as captcha_settings
from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django import forms
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kumppanuus.text import request_language, typed_text

from .form_rendering import render_empty
from .models import SubmissionReceipt


class AccessibleBoundField(forms.BoundField):
    """Links each input to its help text and errors, and marks invalid inputs for screen readers."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        described_by = []
        if self.help_text:
            described_by.append(f"{self.auto_id}_help")
        if self.errors:
            described_by.append(f"{self.auto_id}_error")
            attrs["aria-invalid"] = "true"
        if described_by:
            attrs["aria-describedby"] = " ".join(described_by)
        return attrs


class CaptchaInput(CaptchaTextInput):
    template_name = "captcha/widgets/captcha.html"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.pop("required", None)  # the hidden key must not be marked required
        return attrs


class TypedTextMixin:
    """Every text field keeps what the person wrote, angle brackets included (templates escape it), minus
    the control characters nobody can see: a line break pasted from a word processor becomes a line
    break, and the rest is dropped before the field's own cleaning, so that nothing stored can break
    the XML, feeds, calendars or spreadsheets it is written to later. Silently, since the person never
    saw those characters; what they saw is what is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.to_python = _without_control_characters(
                    field.to_python, multiline=isinstance(field.widget, forms.Textarea)
                )


def _without_control_characters(to_python, *, multiline):
    def clean(value):
        return to_python(typed_text(value, multiline=multiline) if isinstance(value, str) else value)

    return clean


class PublicCaptchaField(CaptchaField):
    """The captcha, telling an expired picture (CAPTCHA_TIMEOUT minutes, or already used) from a
    mistyped one (the library itself calls both a mismatch), in two statements: the expired pictures
    deleted, and the posted picture deleted and read in one DELETE … RETURNING, so that a picture is
    answered once, right or wrong (the library's own check took four to six queries)."""

    def clean(self, value):
        forms.MultiValueField.clean(self, value)  # required, and each part's own checks
        value = list(value or []) + ["", ""]
        key, response = value[0], (value[1] or "").strip().lower()
        value[1] = ""  # as the library does: the answer is never shown again
        if not captcha_settings.CAPTCHA_GET_FROM_POOL:
            _delete_expired_pictures()
        fresh = _take_picture(key) if key else None
        if captcha_settings.CAPTCHA_TEST_MODE and response == "passed":
            return value[:2]
        if not self.required and not response:
            return value[:2]
        if fresh is None or not fresh[1]:
            raise forms.ValidationError(self.error_messages["expired"], code="expired")
        if fresh[0] != response:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value[:2]


def _delete_expired_pictures():
    table = connection.ops.quote_name(CaptchaStore._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE expiration <= %s", [_now()])  # noqa: S608 - a table name


def _now():
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _take_picture(key):
    """Delete the picture `key`; (its answer, whether it was still valid), or None if there was none."""
    table = connection.ops.quote_name(CaptchaStore._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE hashkey = %s RETURNING response, expiration > %s",  # noqa: S608 - a table name
            [key, _now()],
        )
        row = cursor.fetchone()
    return None if row is None else (row[0], bool(row[1]))


def captcha_help_text():
    """Offer listening only where the audio alternative works (Debian's flite is installed)."""
    if captcha_settings.CAPTCHA_FLITE_PATH:
        return _("Not case sensitive. Can't read it? Get a new picture or listen to it.")
    return _("Not case sensitive. Can't read it? Get a new picture.")


class PublicForm(TypedTextMixin, forms.Form):
    """Base of every public form. Subclasses add their own fields before the captcha.

    - Text fields: as typed, without control characters (`TypedTextMixin`).
    - `captcha`: django-simple-captcha; its value is never stored or emailed (`cleaned_payload`
      drops it, together with the honeypot and the token).
    - `website`: a honeypot that people never see; bots fill it in.
    - `submission_token`: one per rendered form, so a repeated POST stores nothing twice.
    """

    bound_field_class = AccessibleBoundField
    template_name = "engagement/forms/form.html"
    required_css_class = "field--required"
    error_css_class = "field--error"
    # Every text field of a public form gets at most this many characters unless it says otherwise.
    default_max_length = 1000
    internal_fields = ("captcha", "website", "submission_token")
    # Where the form was posted (set by engagement.views.handle_public_form): part of its receipt's key.
    receipt_scope = ""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    captcha = PublicCaptchaField(
        label=_("Type the characters in the picture"),
        error_messages={
            "invalid": _("The characters did not match the picture. Please try again."),
            "expired": _("The picture expired. Type the characters in the new picture."),
        },
        widget=CaptchaInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
        self.fields["captcha"].help_text = captcha_help_text()
        # Keep the captcha last, after the fields the subclass declared.
        self.order_fields([name for name in self.fields if name not in ("captcha",)] + ["captcha"])
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None and not isinstance(
                field.widget, forms.HiddenInput
            ):
                field.max_length = self.default_max_length
                field.validators.append(MaxLengthValidator(self.default_max_length))
                field.widget.attrs.setdefault("maxlength", str(self.default_max_length))

    def render(self, template_name=None, context=None, renderer=None):
        """An empty form is rendered once per process and kind, then filled in (engagement/form_rendering.py)."""
        if self.is_bound or template_name or context:
            return super().render(template_name, context, renderer)
        return render_empty(self, lambda: super(PublicForm, self).render(renderer=renderer))

    __str__ = __html__ = render  # Django binds these to its own render()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    @property
    def cleaned_payload(self):
        """The cleaned data without the captcha, honeypot and token: safe to store or email."""
        return {key: value for key, value in self.cleaned_data.items() if key not in self.internal_fields}

    def store_once(self, create):
        """Call `create()` once per rendered form and return (object, created).

        A second POST of the same form (reload, double click, two requests racing) returns the object
        the first one stored. On PostgreSQL the racing insert waits for the first transaction and then
        finds its receipt.
        """
        # The receipt's key is the form's token within this kind of form at this address: a token
        # copied from another form (a feedback's into a sign-up, one event's into another) stores anew
        # instead of answering with the object the other form stored.
        client_token = self.cleaned_data.get("submission_token") or uuid.uuid4()
        token = uuid.uuid5(client_token, f"{type(self).__module__}.{type(self).__qualname__}|{self.receipt_scope}")
        try:
            with transaction.atomic():
                receipt = SubmissionReceipt.objects.create(token=token)
                obj = create()
                receipt.content_object = obj
                receipt.save(update_fields=["content_type", "object_id"])
                return obj, True
        except IntegrityError:
            receipt = SubmissionReceipt.objects.filter(token=token).first()
            if receipt is None or receipt.content_object is None:
                raise
            return receipt.content_object, False


def other_language():
    """The content language that is not the one of the page showing the form."""
    return "fi" if request_language() == "sv" else "sv"


def in_language(label, language):
    """The label of a field for the other language's text: "Name of the association (in Swedish)"."""
    if language == "sv":
        return _("%(label)s (in Swedish)") % {"label": label}
    return _("%(label)s (in Finnish)") % {"label": label}
