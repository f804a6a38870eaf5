"""The privacy registry: every kind of personal data the privacy tools find, export and erase, the
model fields each kind covers, and the fields that hold no one's personal data, each with a reason.

Each module owns its kinds, the way it owns its retention policies: it puts them in `<module>/privacy.py`,
which the registry finds by itself (`autodiscover_modules("privacy")`, as `engagement.retention` does
with `retention.py`), so this package imports no module:

    # engagement/feedback/privacy.py
    @register
    class FeedbackKind(Kind):
        key = "feedback"
        order = 10
        fields = {"feedback.Feedback": ("name", "email", "phone", "message", "place")}
        def find(self, email): ...
        def export(self, obj): ...
        def erase(self, objects, email): ...   # through the module's own services and retention policies

A kind that works from what the other kinds found (emails about the person, audit log lines of
their items) is a `RelatedKind`; it is asked after the others, with their results. The kinds of the
participation ground itself (submissions, the email outbox, Wagtail's audit log) are in
`engagement/privacy/core.py`.

`unregistered_fields()` lists every text field of a project model whose name says it may hold a
person's data (name, email, phone, note, message, address, comment, text…) and that no kind covers
and `EXEMPT_FIELDS` does not explain; a test keeps it empty, so a new field of that kind cannot be
added without the privacy tools knowing it.
"""

import re

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import autodiscover_modules
from wagtail.fields import StreamField

_kinds = {}
_discovered = False

# Apps whose models are this project's (the rest are Django's, Wagtail's and other libraries').
PROJECT_PACKAGES = ("engagement", "home", "kumppanuus")
# Field names that suggest a person's data. Matched anywhere in the name: `submitter_name`, `body_text`.
PERSONAL_FIELD_NAME = re.compile(
    r"name|mail|phone|note|message|address|comment|text|answer|reason|body|summary|description|contact|"
    r"question|place|title|subject|recipient|reply"
)
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, StreamField)

# Fields that match the pattern above but hold no resident's personal data, and why.
_STAFF_CONTENT = "editorial content written and published by staff"
_ORGANISATION = "an association's or the municipality's public details, not a private person's"
_CONFIGURATION = "configuration made by staff"
EXEMPT_FIELDS = {
    "home.HomePage.body": _STAFF_CONTENT,
    "home.ContentPage.body": _STAFF_CONTENT,
    "home.InfluenceChannelPage.eligibility_note": _STAFF_CONTENT,
    "home.Footer.text": _STAFF_CONTENT,
    "home.Department.name": _ORGANISATION,
    "home.Department.description": _ORGANISATION,
    "home.ContactPerson.name": "staff's work contact details, published by the municipality and edited as a snippet",
    "home.ContactPerson.email": "staff's work contact details, published by the municipality and edited as a snippet",
    "home.ContactPerson.phone": "staff's work contact details, published by the municipality and edited as a snippet",
    "home.ContactPerson.photo_alt_text": _STAFF_CONTENT,
    "home.AssociationCategory.name": _CONFIGURATION,
    "home.AssociationPage.body": _ORGANISATION,
    "home.AssociationPage.meeting_place": _ORGANISATION,
    "home.SiteSettings.municipality_name_fi": _ORGANISATION,
    "home.SiteSettings.municipality_name_sv": _ORGANISATION,
    "home.SiteSettings.address_fi": _ORGANISATION,
    "home.SiteSettings.address_sv": _ORGANISATION,
    "home.SiteSettings.phone": _ORGANISATION,
    "home.SiteSettings.email": _ORGANISATION,
    "feedback.FeedbackTopic.name": _CONFIGURATION,
    "feedback.FeedbackTopic.description": _CONFIGURATION,
    "feedback.FeedbackTopic.notify_email": "an office's address that receives new feedback (configuration)",
    "feedback.Open311ApiKey.name": "the name of a client system",
    "feedback.FeedbackPage.privacy_text": _STAFF_CONTENT,
    "proposals.ProposalTheme.name": _CONFIGURATION,
    "proposals.ProposalState.name_fi": _CONFIGURATION,
    "proposals.ProposalState.name_sv": _CONFIGURATION,
    "events.EventCategory.name": _CONFIGURATION,
    "events.EventPage.description": "a published event's public content",
    "events.EventPage.place_name": "a published event's public content",
    "events.EventPage.address": "a published event's public content",
    "events.EventPage.accessibility_notes": "a published event's public content",
    "events.EventPage.extra_questions": "the questions of a sign-up form (the answers are SignUp.answers)",
    "privacy.PrivacyLogEntry.username": "the member of staff who used the privacy tools (kept PRIVACY_LOG_RETENTION_DAYS)",
    "privacy.PrivacyLogEntry.email_hash": "a keyed hash, not the address (kept PRIVACY_LOG_RETENTION_DAYS)",
    "consultations.ConsultationTheme.name": _CONFIGURATION,
    "consultations.ConsultationPage.summary": _STAFF_CONTENT,
    "consultations.ConsultationSection.text": _STAFF_CONTENT,
    "consultations.ConsultationSection.question": _STAFF_CONTENT,
    "consultations.ConsultationSection.question_kind": _CONFIGURATION,
    "consultations.CommentReport.reason": "why an anonymous browser reported a comment; linked to no address",
}


class Kind:
    """One kind of stored personal data. Subclasses say how to find, show, export and erase it."""

    key = ""
    label = ""
    erase_text = ""
    # Where the kind stands in the results, the export and the erasure (lower first; related kinds
    # always come after the others, whose results they read).
    order = 100
    # {"app_label.ModelName": ("field", ...)}: the fields this kind finds, exports and erases or keeps.
    fields = {}

    def find(self, email):
        raise NotImplementedError

    def describe(self, obj):
        """(title, created_at, language) for the results page."""
        raise NotImplementedError

    def export(self, obj):
        raise NotImplementedError

    def erase(self, objects, email):
        """Erase the person's data in `objects` (what find() returned); return how many were handled."""
        raise NotImplementedError

    def identifiers(self, obj, email):
        """Strings in `obj` that identify the person (`email`) in free text elsewhere: names, phones."""
        return ()

    # The admin page of a found object, for staff who may see it: (URL name, permission), reversed with
    # the object's `admin_id` attribute. A kind with other rules overrides admin_url().
    admin_view = None
    admin_id = "pk"

    def admin_url(self, obj, user):
        if self.admin_view is None:
            return ""
        name, permission = self.admin_view
        return admin_url(name, getattr(obj, self.admin_id)) if user.has_perm(permission) else ""


class RelatedKind(Kind):
    """A kind found through the others: `find_related` gets what every earlier kind found."""

    def find(self, email):
        raise TypeError("A related kind is found with find_related(email, found)")

    def find_related(self, email, found):
        raise NotImplementedError


def register(kind_class):
    """Add a kind (a class) to the registry. Two kinds cannot share a key."""
    existing = _kinds.get(kind_class.key)
    if existing is not None and _dotted(type(existing)) != _dotted(kind_class):
        raise ValueError(f"Privacy kind {kind_class.key!r} is registered twice: {_dotted(type(existing))}, {_dotted(kind_class)}")
    _kinds[kind_class.key] = kind_class()
    return kind_class


def _dotted(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


def kinds():
    """Every registered kind, each module's `privacy.py` loaded first: the kinds found directly, then
    the related ones, each group by `order`."""
    global _discovered
    if not _discovered:
        autodiscover_modules("privacy")
        _discovered = True
    return sorted(_kinds.values(), key=lambda k: (isinstance(k, RelatedKind), k.order, k.key))


def by_key():
    """{key: kind} of every registered kind."""
    return {k.key: k for k in kinds()}


# Small helpers for writing a kind.

def iso(value):
    """A date or time for the JSON export (None stays None)."""
    return value.isoformat() if value else None


def admin_url(name, *args):
    """The admin URL `name`, or "" when it is not mounted (a kind's link is never an error)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def project_models():
    for config in apps.get_app_configs():
        if config.name.split(".")[0] in PROJECT_PACKAGES:
            yield from config.get_models()


def personal_fields():
    """{"app_label.Model.field"} of every text field, declared on a project model itself, whose name
    suggests personal data."""
    found = set()
    for model in project_models():
        for field in model._meta.get_fields():
            if (
                getattr(field, "concrete", False) and field.model is model and isinstance(field, TEXT_FIELDS)
                and PERSONAL_FIELD_NAME.search(field.name)
            ):
                found.add(f"{model._meta.label}.{field.name}")
    return found


def registered_fields():
    return {f"{model}.{name}" for kind in kinds() for model, names in kind.fields.items() for name in names}


def unregistered_fields():
    """Personal-looking fields that no kind covers and EXEMPT_FIELDS does not explain (must be none)."""
    return sorted(personal_fields() - registered_fields() - set(EXEMPT_FIELDS))


def unknown_entries():
    """Registered or exempt names that are no field at all (a renamed field must be renamed here too)."""
    existing = set()
    for model in apps.get_models():
        existing.update(f"{model._meta.label}.{field.name}" for field in model._meta.get_fields())
    return sorted((registered_fields() | set(EXEMPT_FIELDS)) - existing)
