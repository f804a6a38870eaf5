"""Where the site stores a person's data, by email address, and how each kind is exported and erased.

    report = find("Aino@Example.com")   # {kind key: [objects]}, case-insensitive exact match on the email
    export_data("aino@example.com")     # a JSON-ready dict grouped by kind
    erase("aino@example.com")           # {kind key: how many erased}, in one transaction

Erasing reuses the retention policies (engagement/retention.py) wherever one exists for the model, so
an erasure request and the daily retention job blank exactly the same fields. Per kind:

- feedback: name, email and phone are emptied (retention "feedback-contact-details"); the message and
  the answer stay, without anything that says whose they are.
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
  current), that address is emptied. On the page, in all its revisions, in updates waiting for a moderator and in the translation
  source, so that no older revision or update can bring them back.
- emails (the outbox): emails only to the person are deleted; from an email also to others the
  person's address is removed.
"""

import hashlib
import json
from email.utils import getaddresses

from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.retention import policies


def normalise(email):
    """The form every match and every hash uses: surrounding blanks removed, lower case."""
    return (email or "").strip().lower()


def email_hash(email):
    return hashlib.sha256(normalise(email).encode()).hexdigest()


def _iso(value):
    return value.isoformat() if value else None


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


class Kind:
    """One kind of stored personal data. Subclasses say how to find, show, export and erase it."""

    key = ""
    label = ""
    erase_text = ""
    view_permission = ""

    def find(self, email):
        raise NotImplementedError

    def describe(self, obj):
        """(title, created_at, language) for the results page."""
        raise NotImplementedError

    def export(self, obj):
        raise NotImplementedError

    def erase(self, objects, email):
        """Erase the person's data in `objects` (what find() returned); return how many were changed."""
        raise NotImplementedError

    def admin_url(self, obj, user):
        return ""


class FeedbackKind(Kind):
    key = "feedback"
    label = _("Feedback")
    erase_text = _("Name, email and phone are emptied. The message and the answer stay without them.")

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
            "closed_at": _iso(obj.closed_at),
        }

    def erase(self, objects, email):
        from engagement.feedback.models import Feedback

        policy = policies()["feedback-contact-details"]
        return policy.erase(Feedback.objects.filter(pk__in=[obj.pk for obj in objects]))

    def admin_url(self, obj, user):
        return _url("feedback_feedback:handle", obj.pk) if user.has_perm("feedback.view_feedback") else ""


class ProposalKind(Kind):
    key = "proposals"
    label = _("Proposals")
    erase_text = _(
        "The proposer's name and email are emptied and no name is shown. The text, the state and the answer "
        "stay: an initiative is a public document."
    )

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
            "answered_at": _iso(obj.answered_at),
            "closed_at": _iso(obj.closed_at),
        }

    def erase(self, objects, email):
        from engagement.proposals.models import Proposal

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


class SupportKind(Kind):
    key = "supports"
    label = _("Supports")
    erase_text = _(
        "Name and email are emptied. A confirmed support keeps counting, as the support count is part of an "
        "initiative's record; while the proposal still takes supports it is withdrawn instead, so that the "
        "person is never counted twice. A support never confirmed is deleted."
    )

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


class FollowerKind(Kind):
    key = "follows"
    label = _("Followed proposals")
    erase_text = _("Deleted: no more emails about the proposal.")

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


class SignUpKind(Kind):
    key = "signups"
    label = _("Event sign-ups")
    erase_text = _(
        "A place in an event still to come is given up first and the waiting list moves up. Then name, "
        "email, phone and answers are erased; the number of people stays in the figures."
    )

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


class SubmissionKind(Kind):
    key = "submissions"
    label = _("Association and event submissions")
    erase_text = _("The submitter's name, email and message are emptied. The page itself stays.")

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


class AssociationKind(Kind):
    key = "associations"
    label = _("Association contact details")
    erase_text = _(
        "Where the person is the public contact, the entry's contact person, email and phone are emptied; "
        "where they keep the entry current, that address is emptied. Also in the page's history."
    )

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


class EmailKind(Kind):
    key = "emails"
    label = _("Emails")
    erase_text = _("Emails only to the person are deleted; from emails also to others their address is removed.")

    def find(self, email):
        from engagement.models import OutgoingEmail

        # A text match narrows it down; the exact match on each address is made here.
        candidates = OutgoingEmail.objects.filter(Q(to__icontains=email) | Q(reply_to__icontains=email))
        return [
            message for message in candidates.order_by("created_at", "pk")
            if email in _addresses(message.to) | _addresses(message.reply_to)
        ]

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
                OutgoingEmail.objects.filter(pk=obj.pk).update(to=others(obj.to), reply_to=others(obj.reply_to))
        return len(objects)

    def admin_url(self, obj, user):
        return _url("outbox:inspect", obj.pk) if user.has_perm("engagement.view_outgoingemail") else ""


KINDS = [
    FeedbackKind(),
    ProposalKind(),
    SupportKind(),
    FollowerKind(),
    SignUpKind(),
    SubmissionKind(),
    AssociationKind(),
    EmailKind(),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


def find(email):
    """{kind key: [objects]} for every kind, in KINDS order (empty lists included)."""
    email = normalise(email)
    if not email:
        return {kind.key: [] for kind in KINDS}
    return {kind.key: kind.find(email) for kind in KINDS}


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
    email = normalise(email)
    result = {}
    with transaction.atomic():
        found = find(email)
        for kind in KINDS:
            objects = found[kind.key]
            result[kind.key] = kind.erase(objects, email) if objects else 0
    return found, result
