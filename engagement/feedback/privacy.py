"""Feedback's personal data for the privacy tools (engagement/privacy/): the sender's contact details,
and the internal notes staff write on feedback.

- feedback: name, email, phone and the internal notes are emptied (the retention policy
  "feedback-contact-details", so an erasure and the daily retention job blank the same fields); the
  message and the answer stay, without anything that says whose they are.
- internal notes: the notes on the person's feedback are emptied (staff write phone numbers there); in
  notes elsewhere that give their address, the address, name and phone are blanked.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagement.privacy.matching import mentions, person_terms, redact
from engagement.privacy.registry import Kind, RelatedKind, iso, register

from .models import Feedback, FeedbackEvent
from .retention import ClosedFeedbackContactDetails


@register
class FeedbackKind(Kind):
    key = "feedback"
    order = 10
    label = _("Feedback")
    erase_text = _(
        "Name, email and phone are emptied, and the internal notes on it. The message and the answer stay "
        "without them."
    )
    fields = {"feedback.Feedback": ("name", "email", "phone", "message", "place", "public_answer", "closing_reason")}
    admin_view = ("feedback_feedback:handle", "feedback.view_feedback")

    def find(self, email):
        return list(Feedback.objects.filter(email__iexact=email).select_related("topic").order_by("created_at", "pk"))

    def describe(self, obj):
        return str(obj), obj.created_at, obj.language

    def export(self, obj):
        return {
            "id": obj.pk,
            "created_at": iso(obj.created_at),
            "language": obj.language,
            "channel": obj.channel,
            "topic": obj.topic.name,
            "message": obj.message,
            "place": obj.place,
            "name": obj.name,
            "email": obj.email,
            "phone": obj.phone,
            "wants_reply": obj.wants_reply,
            "publish_consent": obj.publish_consent,
            "status": obj.status,
            "public_answer": obj.public_answer,
            "answered_at": iso(obj.answered_at),
            "closing_reason": obj.closing_reason,
            "closed_at": iso(obj.closed_at),
        }

    def identifiers(self, obj, email):
        return (obj.name, obj.phone)

    def erase(self, objects, email):
        return ClosedFeedbackContactDetails().erase(Feedback.objects.filter(pk__in=[obj.pk for obj in objects]))


@register
class FeedbackNoteKind(RelatedKind):
    key = "feedback_notes"
    order = 10
    label = _("Internal notes on feedback")
    erase_text = _(
        "Notes on the person's feedback are emptied; in notes on other feedback, their address, name and phone "
        "are blanked."
    )
    fields = {"feedback.FeedbackEvent": ("text",)}
    admin_view = ("feedback_feedback:handle", "feedback.view_feedback")
    admin_id = "feedback_id"

    def find_related(self, email, found):
        theirs = {feedback.pk for feedback in found.get(FeedbackKind.key, ())}
        terms = person_terms(email, found)
        notes = FeedbackEvent.objects.filter(kind=FeedbackEvent.Kind.NOTE).filter(
            Q(feedback_id__in=theirs) | Q(text__icontains=email)
        ).exclude(text="").select_related("feedback").order_by("created_at", "pk")
        result = []
        for note in notes:
            if note.feedback_id in theirs or mentions(note.text, email):
                note.privacy_terms, note.privacy_own = terms, note.feedback_id in theirs
                result.append(note)
        return result

    def describe(self, obj):
        return str(obj.feedback), obj.created_at, obj.feedback.language  # like the feedback: not the note itself

    def export(self, obj):
        return {"id": obj.pk, "feedback": obj.feedback_id, "created_at": iso(obj.created_at), "text": obj.text}

    def erase(self, objects, email):
        for note in objects:
            text = "" if note.privacy_own else redact(note.text, email, note.privacy_terms)
            FeedbackEvent.objects.filter(pk=note.pk).update(text=text)
        return len(objects)
