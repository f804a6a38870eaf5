"""The participation ground's own personal data for the privacy tools: submissions sent from the public
forms, the email outbox (receipts and every other email) and Wagtail's audit log. The modules' kinds
are in their own `privacy.py`; this file names no module.

- submissions (association entries and association events sent from the public forms): the
  submitter's name, email and message are emptied (the retention policy "page-submission-submitters");
  the page itself stays, it is the association's.
- emails (the outbox): emails only to the person are deleted; from an email also to others, or about
  the person (their address in the text), the address is removed and their address, name and phone
  are blanked in the subject and both bodies.
- audit log (Wagtail's): entries of actions on the person's items, or that give their address, keep
  who did what and when, with the person's address, name and phone blanked in the label and data.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from engagement.models import OutgoingEmail, PageSubmission
from engagement.retention import policies

from .matching import addresses, mentions, names_any, person_terms, redact, redact_value
from .registry import Kind, RelatedKind, iso, kinds, register


@register
class SubmissionKind(Kind):
    key = "submissions"
    order = 40
    label = _("Association and event submissions")
    erase_text = _("The submitter's name, email and message are emptied. The page itself stays.")
    fields = {"engagement.PageSubmission": ("submitter_name", "submitter_email", "message", "title", "moderator_comment")}
    admin_view = ("page_submissions:inspect", "engagement.view_pagesubmission")

    def identifiers(self, obj, email):
        return (obj.submitter_name,)

    def find(self, email):
        return list(PageSubmission.objects.filter(submitter_email__iexact=email).order_by("created_at", "pk"))

    def describe(self, obj):
        return obj.title, obj.created_at, obj.language

    def export(self, obj):
        return {
            "id": obj.pk,
            "created_at": iso(obj.created_at),
            "language": obj.language,
            "kind": obj.kind,
            "title": obj.title,
            "page_id": obj.page_id,
            "submitter_name": obj.submitter_name,
            "submitter_email": obj.submitter_email,
            "message": obj.message,
            "status": obj.status,
            "moderator_comment": obj.moderator_comment,
            "decided_at": iso(obj.decided_at),
            "content": obj.content,
        }

    def erase(self, objects, email):
        return policies()["page-submission-submitters"].erase(
            PageSubmission.objects.filter(pk__in=[obj.pk for obj in objects])
        )


@register
class EmailKind(RelatedKind):
    key = "emails"
    order = 80
    label = _("Emails")
    erase_text = _(
        "Emails only to the person are deleted. From emails also to others, or about the person, their address "
        "is removed, and their address, name and phone are blanked in the subject and the text."
    )
    fields = {"engagement.OutgoingEmail": ("to", "reply_to", "subject", "body_text", "body_html")}
    admin_view = ("outbox:inspect", "engagement.view_outgoingemail")

    def find_related(self, email, found):
        # A text match narrows it down; the exact match on each address is made here. Every email has a
        # plain-text part made from the same data as its HTML, so the HTML is read only of the emails
        # found (no index of its own: migration 0011_outbox_no_html_search_index).
        candidates = OutgoingEmail.objects.filter(
            Q(to__icontains=email) | Q(reply_to__icontains=email) | Q(subject__icontains=email)
            | Q(body_text__icontains=email)
        )
        terms = person_terms(email, found)
        result = []
        for message in candidates.order_by("created_at", "pk"):
            if email in addresses(message.to) | addresses(message.reply_to) or any(
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
            "created_at": iso(obj.created_at),
            "language": obj.language,
            "to": obj.to,
            "reply_to": obj.reply_to,
            "subject": obj.subject,
            "body_text": obj.body_text,
            "status": obj.status,
            "sent_at": iso(obj.sent_at),
        }

    def erase(self, objects, email):
        def others(values):
            return [value for value in values or () if email not in addresses([value])]

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


@register
class AuditLogKind(RelatedKind):
    """Wagtail's audit log keeps a label (the object's name when it was logged, such as "Raili
    Koskinen (Confirmed)") and data with each action on a page or an object."""

    key = "audit_log"
    order = 90
    label = _("Audit log entries")
    erase_text = _(
        "In the log of actions on the person's items, and in entries that mention their address, their "
        "address, name and phone are blanked. Who did what, and when, stays."
    )

    def _entries(self, email, found):
        mention = Q(label__icontains=email) | Q(data__icontains=email)
        pages, objects = set(), {}
        for kind in kinds():
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
            if names_any(text, email, terms):
                entry.privacy_terms = terms
                result.append(entry)
        return result

    def describe(self, obj):
        return f"{obj.action}: {obj.label}", obj.timestamp, ""

    def export(self, obj):
        return {
            "id": obj.pk,
            "timestamp": iso(obj.timestamp),
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
