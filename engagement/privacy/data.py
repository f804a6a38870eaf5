"""Where the site stores a person's data, by email address, and how each kind is exported and erased.

    report = find("Aino@Example.com")   # {kind key: [objects]}, case-insensitive exact match on the email
    export_data("aino@example.com")     # a JSON-ready dict grouped by kind
    erase("aino@example.com")           # {kind key: how many erased}, in one transaction

Erasing reuses the retention policies (engagement/retention.py) wherever one exists for the model, so
an erasure request and the daily retention job blank exactly the same fields. Per kind:

- feedback: name, email, phone and the internal notes are emptied (retention
  "feedback-contact-details"); the message and the answer stay, without anything that says whose
  they are.
- proposals: the proposer's name and email are emptied and the name is no longer shown; the text
  stays, published or not. An initiative is a public document whose text, state and answer the
  council is told about every year (Kuntalaki 23 §); nothing in it is personal once the name is gone.
- supports: a confirmed support keeps counting in the figures (retention "proposal-supporters"
  empties the name and email), because the support count of an initiative is part of its record.
  Only while the proposal still takes supports is the support also withdrawn, so that the person can
  support again and is counted once, never twice. A support never confirmed is deleted: it never
  counted.
- follows: deleted (retention "proposal-followers").
- sign-ups: a place in an event still to come is given up first (the waiting list moves up, nobody
  emails the person); then name, email, phone and answers are erased (retention
  "event-signup-personal-data"); the row stays so that past attendance figures do not change.
- submissions (association entries and association events sent from the public forms): the
  submitter's name, email and message are emptied (retention "page-submission-submitters"); the
  page itself stays, it is the association's.
- associations: where the person is an entry's public contact, its public contact person, email and
  phone are emptied; where they are its steward (the address asked yearly whether the entry is
  current), that address is emptied. On the page, in all its revisions, in updates waiting for a
  moderator and in the translation source, so that no older revision or update can bring them back.
- internal notes on feedback: the notes on the person's feedback are emptied (staff write phone
  numbers there); in notes elsewhere that give their address, the address, name and phone are blanked.
- emails (the outbox): emails only to the person are deleted; from an email also to others, or about
  the person (their address in the text), the address is removed and their address, name and phone
  are blanked in the subject and both bodies.
- audit log (Wagtail's): entries of actions on the person's items, or that give their address, keep
  who did what and when, with the person's address, name and phone blanked in the label and data.

The kinds, and the model fields each covers, are registered in engagement/privacy/registry.py; a test
fails when a model gains a field that looks personal and neither a kind nor the exemptions name it.
After an erasure the page cache is cleared: several kinds erase with .update(), which sends no signal.
"""

import hashlib
import html
import json
import re
from email.utils import getaddresses

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from engagement.retention import policies

from .registry import Kind, RelatedKind, kinds, register


def normalise(email):
    """The form every match and every hash uses: surrounding blanks removed, lower case."""
    return (email or "").strip().lower()


def email_hash(email):
    """A keyed hash (HMAC-SHA256) of the address: the privacy log can be searched by an address one
    knows, but a guess cannot be checked against it without the key (PRIVACY_HASH_KEY, else derived
    from SECRET_KEY)."""
    key = settings.PRIVACY_HASH_KEY or settings.SECRET_KEY
    return salted_hmac("kumppanuus.privacy.email", normalise(email), secret=key, algorithm="sha256").hexdigest()


def email_hashes(email):
    """Every hash under which log entries of the address may be stored: the keyed one, and the plain
    SHA-256 that entries written before the key kept (until retention removes them)."""
    return [email_hash(email), hashlib.sha256(normalise(email).encode()).hexdigest()]


def _iso(value):
    return value.isoformat() if value else None


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register
class FeedbackKind(Kind):
    key = "feedback"
    label = _("Feedback")
    erase_text = _(
        "Name, email and phone are emptied, and the internal notes on it. The message and the answer stay "
        "without them."
    )
    fields = {"feedback.Feedback": ("name", "email", "phone", "message", "place", "public_answer", "closing_reason")}

    def find(self, email):
        from engagement.feedback.models import Feedback

        return list(Feedback.objects.filter(email__iexact=email).select_related("topic").order_by("created_at", "pk"))

    def describe(self, obj):
        return str(obj), obj.created_at, obj.language

    def export(self, obj):
        return {
            "id": obj.pk,
            "created_at": _iso(obj.created_at),
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
            "answered_at": _iso(obj.answered_at),
            "closing_reason": obj.closing_reason,
            "closed_at": _iso(obj.closed_at),
        }

    def identifiers(self, obj, email):
        return (obj.name, obj.phone)

    def erase(self, objects, email):
        from engagement.feedback.models import Feedback

        policy = policies()["feedback-contact-details"]
        return policy.erase(Feedback.objects.filter(pk__in=[obj.pk for obj in objects]))

    def admin_url(self, obj, user):
        return _url("feedback_feedback:handle", obj.pk) if user.has_perm("feedback.view_feedback") else ""


@register
class ProposalKind(Kind):
    key = "proposals"
    label = _("Proposals")
    erase_text = _(
        "The proposer's name and email are emptied and no name is shown. The text, the state and the answer "
        "stay: an initiative is a public document."
    )
    fields = {"proposals.Proposal": (
        "title", "summary", "text", "proposer_name", "proposer_email", "rejection_reason", "moderator_note",
        "answer_text", "answer_text_sv", "answer_decided_by", "answer_link",
    )}

    def find(self, email):
        from engagement.proposals.models import Proposal

        return list(Proposal.objects.filter(proposer_email__iexact=email).select_related("state").order_by("created_at", "pk"))

    def describe(self, obj):
        return obj.title, obj.created_at, obj.language

    def export(self, obj):
        return {
            "id": obj.pk,
            "created_at": _iso(obj.created_at),
            "language": obj.language,
            "title": obj.title,
            "summary": obj.summary,
            "text": obj.text,
            "proposer_name": obj.proposer_name,
            "proposer_email": obj.proposer_email,
            "show_name": obj.show_name,
            "moderation": obj.moderation,
            "state": obj.state.slug,
            "published_at": _iso(obj.published_at),
            "rejection_reason": obj.rejection_reason,
            "moderator_note": obj.moderator_note,
            "answer_text": obj.answer_text,
            "answer_text_sv": obj.answer_text_sv,
            "answer_decided_by": obj.answer_decided_by,
            "answer_link": obj.answer_link,
            "answered_at": _iso(obj.answered_at),
            "closed_at": _iso(obj.closed_at),
        }

    def identifiers(self, obj, email):
        return (obj.proposer_name,)

    def erase(self, objects, email):
        from engagement.proposals import caching
        from engagement.proposals.models import Proposal

        # .update() sends no signal: the caches of proposals (and of pages, see erase()) are cleared here.
        transaction.on_commit(caching.bump)
        return Proposal.objects.filter(pk__in=[obj.pk for obj in objects]).update(
            proposer_name="", proposer_email="", show_name=False, updated_at=timezone.now()
        )

    def admin_url(self, obj, user):
        return _url("proposals_proposal:inspect", obj.pk) if user.has_perm("proposals.view_proposal") else ""


def takes_supports(proposal):
    """Whether the public page still takes supports (as the proposal page decides)."""
    return (
        proposal.moderation == proposal.Moderation.PUBLISHED
        and proposal.closed_at is None
        and not proposal.state.is_decision
    )


@register
class SupportKind(Kind):
    key = "supports"
    label = _("Supports")
    erase_text = _(
        "Name and email are emptied. A confirmed support keeps counting, as the support count is part of an "
        "initiative's record; while the proposal still takes supports it is withdrawn instead, so that the "
        "person is never counted twice. A support never confirmed is deleted."
    )
    fields = {"proposals.Support": ("name", "email")}

    def identifiers(self, obj, email):
        return (obj.name,)

    def find(self, email):
        from engagement.proposals.models import Support

        return list(
            Support.objects.filter(email__iexact=email).select_related("proposal", "proposal__state").order_by("created_at", "pk")
        )

    def describe(self, obj):
        return obj.proposal.title, obj.created_at, obj.language

    def export(self, obj):
        return {
            "id": obj.pk,
            "created_at": _iso(obj.created_at),
            "language": obj.language,
            "proposal": {"id": obj.proposal_id, "title": obj.proposal.title},
            "name": obj.name,
            "email": obj.email,
            "confirmed_at": _iso(obj.confirmed_at),
            "withdrawn_at": _iso(obj.withdrawn_at),
        }

    def erase(self, objects, email):
        from engagement.proposals import caching
        from engagement.proposals.models import Support

        now = timezone.now()
        never_counted = [obj.pk for obj in objects if obj.confirmed_at is None]
        Support.objects.filter(pk__in=never_counted).delete()
        confirmed = [obj for obj in objects if obj.confirmed_at is not None]
        to_withdraw = [obj.pk for obj in confirmed if obj.withdrawn_at is None and takes_supports(obj.proposal)]
        Support.objects.filter(pk__in=to_withdraw).update(withdrawn_at=now)
        erased = policies()["proposal-supporters"].erase(Support.objects.filter(pk__in=[obj.pk for obj in confirmed]))
        transaction.on_commit(caching.bump)
        return len(never_counted) + erased

    def admin_url(self, obj, user):
        return _url("proposals_support:edit", obj.pk) if user.has_perm("proposals.change_support") else ""


@register
class FollowerKind(Kind):
    key = "follows"
    label = _("Followed proposals")
    erase_text = _("Deleted: no more emails about the proposal.")
    fields = {"proposals.Follower": ("email",)}

    def find(self, email):
        from engagement.proposals.models import Follower

        return list(Follower.objects.filter(email__iexact=email).select_related("proposal").order_by("created_at", "pk"))

    def describe(self, obj):
        return obj.proposal.title, obj.created_at, obj.language

    def export(self, obj):
        return {
            "id": obj.pk,
            "created_at": _iso(obj.created_at),
            "language": obj.language,
            "proposal": {"id": obj.proposal_id, "title": obj.proposal.title},
            "email": obj.email,
            "confirmed_at": _iso(obj.confirmed_at),
        }

    def erase(self, objects, email):
        from engagement.proposals.models import Follower

        return policies()["proposal-followers"].erase(Follower.objects.filter(pk__in=[obj.pk for obj in objects]))

    def admin_url(self, obj, user):
        return _url("proposals_proposal:inspect", obj.proposal_id) if user.has_perm("proposals.view_proposal") else ""


@register
class SignUpKind(Kind):
    key = "signups"
    label = _("Event sign-ups")
    erase_text = _(
        "A place in an event still to come is given up first and the waiting list moves up. Then name, "
        "email, phone and answers are erased; the number of people stays in the figures."
    )
    fields = {"events.SignUp": ("name", "email", "phone", "answers")}

    def identifiers(self, obj, email):
        return (obj.name, obj.phone)

    def find(self, email):
        from engagement.events.models import SignUp

        return list(SignUp.objects.filter(email__iexact=email).select_related("event").order_by("created_at", "pk"))

    def describe(self, obj):
        return (obj.event.title if obj.event else _("(deleted event)")), obj.created_at, obj.language

    def export(self, obj):
        return {
            "id": obj.pk,
            "created_at": _iso(obj.created_at),
            "language": obj.language,
            "event": {"id": obj.event_id, "title": obj.event.title if obj.event else None,
                      "start": _iso(obj.event.start) if obj.event else None},
            "name": obj.name,
            "email": obj.email,
            "phone": obj.phone,
            "people": obj.people,
            "answers": obj.answers,
            "status": obj.status,
            "promoted_at": _iso(obj.promoted_at),
            "cancelled_at": _iso(obj.cancelled_at),
            "reminded_at": _iso(obj.reminded_at),
            "attended": obj.attended,
        }

    def erase(self, objects, email):
        from engagement.events import services
        from engagement.events.models import SignUp

        now = timezone.now()
        for obj in objects:
            if obj.status == SignUp.Status.CANCELLED or (obj.event_ends_at and obj.event_ends_at < now):
                continue
            services._lock(obj.event_key)  # the same lock every sign-up and cancellation takes
            signup = SignUp.objects.get(pk=obj.pk)
            was_confirmed = signup.status == SignUp.Status.CONFIRMED
            signup.status, signup.cancelled_at = SignUp.Status.CANCELLED, now
            signup.save(update_fields=["status", "cancelled_at"])  # post_save clears the event caches
            page = signup.event.specific if signup.event else None
            if was_confirmed and page is not None and not page.is_past:
                services.promote_waiting(signup.event_key, page.capacity)
        return policies()["event-signup-personal-data"].erase(SignUp.objects.filter(pk__in=[obj.pk for obj in objects]))

    def admin_url(self, obj, user):
        return _url("event_signups:inspect", obj.pk) if user.has_perm("events.view_signup") else ""


@register
class SubmissionKind(Kind):
    key = "submissions"
    label = _("Association and event submissions")
    erase_text = _("The submitter's name, email and message are emptied. The page itself stays.")
    fields = {"engagement.PageSubmission": ("submitter_name", "submitter_email", "message", "title", "moderator_comment")}

    def identifiers(self, obj, email):
        return (obj.submitter_name,)

    def find(self, email):
        from engagement.models import PageSubmission

        return list(PageSubmission.objects.filter(submitter_email__iexact=email).order_by("created_at", "pk"))

    def describe(self, obj):
        return obj.title, obj.created_at, obj.language

    def export(self, obj):
        return {
            "id": obj.pk,
            "created_at": _iso(obj.created_at),
            "language": obj.language,
            "kind": obj.kind,
            "title": obj.title,
            "page_id": obj.page_id,
            "submitter_name": obj.submitter_name,
            "submitter_email": obj.submitter_email,
            "message": obj.message,
            "status": obj.status,
            "moderator_comment": obj.moderator_comment,
            "decided_at": _iso(obj.decided_at),
            "content": obj.content,
        }

    def erase(self, objects, email):
        from engagement.models import PageSubmission

        return policies()["page-submission-submitters"].erase(
            PageSubmission.objects.filter(pk__in=[obj.pk for obj in objects])
        )

    def admin_url(self, obj, user):
        return _url("page_submissions:inspect", obj.pk) if user.has_perm("engagement.view_pagesubmission") else ""


PUBLIC_CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")
STEWARD_FIELDS = ("steward_email",)


def _fields_to_blank(values, email):
    """Which fields of an association entry (a dict of its values) hold the person's data."""
    fields = []
    if normalise(values.get("contact_email")) == email:
        fields += PUBLIC_CONTACT_FIELDS
    if normalise(values.get("steward_email")) == email:
        fields += STEWARD_FIELDS
    return fields


@register
class AssociationKind(Kind):
    key = "associations"
    label = _("Association contact details")
    erase_text = _(
        "Where the person is the public contact, the entry's contact person, email and phone are emptied; "
        "where they keep the entry current, that address is emptied. Also in the page's history."
    )
    fields = {"home.AssociationPage": (*PUBLIC_CONTACT_FIELDS, *STEWARD_FIELDS)}

    def identifiers(self, obj, email):
        if normalise(obj.contact_email) == email:
            return (obj.contact_name, obj.contact_phone)
        return ()

    def _revisions(self):
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import Revision

        from home.models import AssociationPage

        return Revision.objects.filter(content_type=ContentType.objects.get_for_model(AssociationPage))

    def _pending_updates(self):
        from engagement.models import PageSubmission

        return PageSubmission.objects.filter(
            kind="association", page__isnull=False, workflow_state__isnull=True, revision__isnull=True
        )

    def find(self, email):
        from home.models import AssociationPage

        # Also entries whose only mention is in a revision: an update still in moderation.
        in_revisions = self._revisions().filter(
            Q(content__contact_email__iexact=email) | Q(content__steward_email__iexact=email)
        ).values_list("object_id", flat=True)
        page_ids = {int(pk) for pk in in_revisions if str(pk).isdigit()}
        # And entries whose update waits for a moderator in its submission (not in a revision).
        page_ids |= set(self._pending_updates().filter(
            Q(content__contact_email__iexact=email) | Q(content__steward_email__iexact=email)
        ).values_list("page_id", flat=True))
        return list(
            AssociationPage.objects.filter(
                Q(contact_email__iexact=email) | Q(steward_email__iexact=email) | Q(pk__in=page_ids)
            ).select_related("locale").order_by("path")
        )

    def describe(self, obj):
        return obj.title, obj.first_published_at or obj.latest_revision_created_at, obj.locale.language_code

    def export(self, obj):
        latest = obj.get_latest_revision_as_object()
        data = {
            "id": obj.pk,
            "title": obj.title,
            "language": obj.locale.language_code,
            "live": obj.live,
            "first_published_at": _iso(obj.first_published_at),
            "last_published_at": _iso(obj.last_published_at),
        }
        for field in (*PUBLIC_CONTACT_FIELDS, *STEWARD_FIELDS):
            data[field] = getattr(obj, field)
        if latest is not None and any(getattr(latest, f) != getattr(obj, f) for f in (*PUBLIC_CONTACT_FIELDS, *STEWARD_FIELDS)):
            data["latest_draft"] = {field: getattr(latest, field) for field in (*PUBLIC_CONTACT_FIELDS, *STEWARD_FIELDS)}
        pending = [
            {field: submission.content.get(field, "") for field in (*PUBLIC_CONTACT_FIELDS, *STEWARD_FIELDS)}
            for submission in self._pending_updates().filter(page=obj).order_by("created_at")
        ]
        if pending:
            data["pending_updates"] = pending
        return data

    def erase(self, objects, email):
        from django.contrib.contenttypes.models import ContentType
        from wagtail_localize.models import TranslationSource

        from home.models import AssociationPage

        changed = 0
        for page in objects:
            touched = False
            fields = _fields_to_blank({name: getattr(page, name) for name in ("contact_email", "steward_email")}, email)
            if fields:
                for name in fields:
                    setattr(page, name, "")
                page.save(update_fields=fields, clean=False)  # post_save clears the caches
                touched = True
            for submission in self._pending_updates().filter(page=page):
                fields = _fields_to_blank(submission.content, email)
                if fields:
                    submission.content = {**submission.content, **{name: "" for name in fields}}
                    submission.save(update_fields=["content"])
                    touched = True
                elif not submission.content:  # emptied already, with the data of its submitter
                    touched = True
            for revision in self._revisions().filter(object_id=str(page.pk)):
                fields = _fields_to_blank(revision.content, email)
                if fields:
                    revision.content = {**revision.content, **{name: "" for name in fields}}
                    revision.save(update_fields=["content"])
                    touched = True
            changed += touched
        # wagtail-localize keeps a copy of the source page to synchronise its translations from.
        sources = TranslationSource.objects.filter(
            specific_content_type=ContentType.objects.get_for_model(AssociationPage),
            object_id__in={page.translation_key for page in objects},
        )
        for source in sources:
            content = json.loads(source.content_json)
            fields = _fields_to_blank(content, email)
            if fields:
                source.content_json = json.dumps({**content, **{name: "" for name in fields}})
                source.save(update_fields=["content_json"])
        return changed

    def admin_url(self, obj, user):
        return _url("wagtailadmin_pages:edit", obj.pk) if obj.permissions_for_user(user).can_edit() else ""


def _addresses(values):
    return {normalise(address) for _name, address in getaddresses(list(values or ()))}


REDACTED = "[…]"


def _address_pattern(email):
    """The address as a whole word: not inside a longer address such as x.aino@… or aino@….fi."""
    return re.compile(r"(?<![\w.%+-])" + re.escape(email) + r"(?![\w-]|\.\w)", re.IGNORECASE)


def mentions(text, email):
    return bool(_address_pattern(email).search(text or ""))


def person_terms(email, found):
    """The address, and the names and phone numbers stored with it, as they may appear in free text
    (also HTML-escaped), longest first."""
    terms = set()
    for kind in KINDS:
        if isinstance(kind, RelatedKind):
            continue
        for obj in found.get(kind.key, ()):
            terms.update(" ".join(str(term).split()) for term in kind.identifiers(obj, email) if term)
    terms = {term for term in terms if len(term) >= 2}
    return sorted(terms | {html.escape(term) for term in terms}, key=len, reverse=True)


def redact(text, email, terms):
    """`text` with the address and every term (as a whole word, any case) replaced by REDACTED."""
    text = _address_pattern(email).sub(REDACTED, text or "")
    for term in terms:
        text = re.sub(r"(?<!\w)" + re.escape(term) + r"(?!\w)", REDACTED, text, flags=re.IGNORECASE)
    return text


def redact_value(value, email, terms):
    """The same through a JSON value (dicts, lists, strings)."""
    if isinstance(value, str):
        return redact(value, email, terms)
    if isinstance(value, list):
        return [redact_value(item, email, terms) for item in value]
    if isinstance(value, dict):
        return {key: redact_value(item, email, terms) for key, item in value.items()}
    return value


def _names_any(text, email, terms):
    return redact(text, email, terms) != (text or "")


@register
class FeedbackNoteKind(RelatedKind):
    key = "feedback_notes"
    label = _("Internal notes on feedback")
    erase_text = _(
        "Notes on the person's feedback are emptied; in notes on other feedback, their address, name and phone "
        "are blanked."
    )
    fields = {"feedback.FeedbackEvent": ("text",)}

    def find_related(self, email, found):
        from engagement.feedback.models import FeedbackEvent

        theirs = {feedback.pk for feedback in found["feedback"]}
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
        return {"id": obj.pk, "feedback": obj.feedback_id, "created_at": _iso(obj.created_at), "text": obj.text}

    def erase(self, objects, email):
        from engagement.feedback.models import FeedbackEvent

        for note in objects:
            text = "" if note.privacy_own else redact(note.text, email, note.privacy_terms)
            FeedbackEvent.objects.filter(pk=note.pk).update(text=text)
        return len(objects)

    def admin_url(self, obj, user):
        return _url("feedback_feedback:handle", obj.feedback_id) if user.has_perm("feedback.view_feedback") else ""


def _addresses(values):
    return {normalise(address) for _name, address in getaddresses(list(values or ()))}


@register
class EmailKind(RelatedKind):
    key = "emails"
    label = _("Emails")
    erase_text = _(
        "Emails only to the person are deleted. From emails also to others, or about the person, their address "
        "is removed, and their address, name and phone are blanked in the subject and the text."
    )
    fields = {"engagement.OutgoingEmail": ("to", "reply_to", "subject", "body_text", "body_html")}

    def find_related(self, email, found):
        from engagement.models import OutgoingEmail

        # A text match narrows it down; the exact match on each address is made here.
        candidates = OutgoingEmail.objects.filter(
            Q(to__icontains=email) | Q(reply_to__icontains=email) | Q(subject__icontains=email)
            | Q(body_text__icontains=email) | Q(body_html__icontains=email)
        )
        terms = person_terms(email, found)
        result = []
        for message in candidates.order_by("created_at", "pk"):
            if email in _addresses(message.to) | _addresses(message.reply_to) or any(
                mentions(text, email) for text in (message.subject, message.body_text, message.body_html)
            ):
                message.privacy_terms = terms
                result.append(message)
        return result

    def describe(self, obj):
        return obj.subject, obj.created_at, obj.language

    def export(self, obj):
        return {
            "id": obj.pk,
            "created_at": _iso(obj.created_at),
            "language": obj.language,
            "to": obj.to,
            "reply_to": obj.reply_to,
            "subject": obj.subject,
            "body_text": obj.body_text,
            "status": obj.status,
            "sent_at": _iso(obj.sent_at),
        }

    def erase(self, objects, email):
        from engagement.models import OutgoingEmail

        def others(values):
            return [value for value in values or () if email not in _addresses([value])]

        delete = [obj.pk for obj in objects if not others(obj.to)]
        OutgoingEmail.objects.filter(pk__in=delete).delete()
        for obj in objects:
            if obj.pk not in delete:
                terms = obj.privacy_terms
                OutgoingEmail.objects.filter(pk=obj.pk).update(
                    to=others(obj.to), reply_to=others(obj.reply_to), subject=redact(obj.subject, email, terms)[:255],
                    body_text=redact(obj.body_text, email, terms), body_html=redact(obj.body_html, email, terms),
                )
        return len(objects)

    def admin_url(self, obj, user):
        return _url("outbox:inspect", obj.pk) if user.has_perm("engagement.view_outgoingemail") else ""


@register
class AuditLogKind(RelatedKind):
    """Wagtail's audit log keeps a label (the object's name when it was logged, such as "Raili
    Koskinen (Confirmed)") and data with each action on a page or an object."""

    key = "audit_log"
    label = _("Audit log entries")
    erase_text = _(
        "In the log of actions on the person's items, and in entries that mention their address, their "
        "address, name and phone are blanked. Who did what, and when, stays."
    )

    def _entries(self, email, found):
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import ModelLogEntry, Page, PageLogEntry

        mention = Q(label__icontains=email) | Q(data__icontains=email)
        pages, objects = set(), {}
        for kind in KINDS:
            if isinstance(kind, RelatedKind):
                continue
            for obj in found.get(kind.key, ()):
                if isinstance(obj, Page):
                    pages.add(obj.pk)
                else:
                    objects.setdefault(ContentType.objects.get_for_model(obj), set()).add(str(obj.pk))
        model_query = mention
        for content_type, ids in objects.items():
            model_query |= Q(content_type=content_type, object_id__in=ids)
        yield from ModelLogEntry.objects.filter(model_query).exclude(action__startswith="privacy.").order_by("timestamp", "pk")
        yield from PageLogEntry.objects.filter(mention | Q(page_id__in=pages)).order_by("timestamp", "pk")

    def find_related(self, email, found):
        terms = person_terms(email, found)
        result = []
        for entry in self._entries(email, found):
            text = f"{entry.label}\n{json.dumps(entry.data, ensure_ascii=False)}"
            if _names_any(text, email, terms):
                entry.privacy_terms = terms
                result.append(entry)
        return result

    def describe(self, obj):
        return f"{obj.action}: {obj.label}", obj.timestamp, ""

    def export(self, obj):
        return {
            "id": obj.pk,
            "timestamp": _iso(obj.timestamp),
            "action": obj.action,
            "label": obj.label,
            "data": obj.data,
            "object": f"{obj.content_type.app_label}.{obj.content_type.model}" if obj.content_type_id else None,
            "object_id": str(obj.page_id if hasattr(obj, "page_id") else obj.object_id),
        }

    def erase(self, objects, email):
        for entry in objects:
            type(entry).objects.filter(pk=entry.pk).update(
                label=redact(entry.label, email, entry.privacy_terms),
                data=redact_value(entry.data, email, entry.privacy_terms),
            )
        return len(objects)


KINDS = kinds()
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


def find(email):
    """{kind key: [objects]} for every kind, in KINDS order (empty lists included); a related kind is
    found from what the kinds before it found."""
    email = normalise(email)
    found = {}
    for kind in KINDS:
        if not email:
            found[kind.key] = []
        elif isinstance(kind, RelatedKind):
            found[kind.key] = kind.find_related(email, found)
        else:
            found[kind.key] = kind.find(email)
    return found


def counts(found):
    return {key: len(objects) for key, objects in found.items()}


def fingerprint(found):
    """A short digest of exactly what was found, so the erase step can tell whether it changed."""
    items = sorted(f"{key}:{obj.pk}" for key, objects in found.items() for obj in objects)
    return hashlib.sha256("|".join(items).encode()).hexdigest()[:32]


def export_data(email, found=None):
    email = normalise(email)
    found = find(email) if found is None else found
    return {
        "email": email,
        "generated_at": timezone.now().isoformat(),
        "counts": counts(found),
        **{key: [KINDS_BY_KEY[key].export(obj) for obj in objects] for key, objects in found.items()},
    }


def erase(email):
    """Erase everything found for `email` in one transaction; returns {kind key: how many}.

    Safe to repeat: nothing erased matches the email any more, so a second run finds and changes nothing.
    """
    from kumppanuus.pagecache import pages

    email = normalise(email)
    result = {}
    with transaction.atomic():
        found = find(email)
        for kind in KINDS:
            objects = found[kind.key]
            result[kind.key] = kind.erase(objects, email) if objects else 0
        # Several kinds erase with .update(), which sends no signal: no public page may keep a name.
        transaction.on_commit(pages.bump)
    return found, result
