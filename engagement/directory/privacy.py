"""The association directory's personal data for the privacy tools (engagement/privacy/): the contact
details on association entries (the pages are `home.AssociationPage`).

Where the person is an entry's public contact, its public contact person, email and phone are emptied;
where they are its steward (the address asked yearly whether the entry is current), that address is
emptied. On the page, in all its revisions, in updates waiting for a moderator and in the translation
source, so that no older revision or update can bring them back. The page itself stays: it is the
association's. (Who sent an entry in is the ground's "submissions" kind, engagement/privacy/core.py.)
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision
from wagtail_localize.models import TranslationSource

from engagement.models import PageSubmission
from engagement.privacy.matching import normalise
from engagement.privacy.registry import Kind, admin_url, iso, register
from home.models import AssociationPage

PUBLIC_CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")
STEWARD_FIELDS = ("steward_email",)
ALL_FIELDS = (*PUBLIC_CONTACT_FIELDS, *STEWARD_FIELDS)


def fields_to_blank(values, email):
    """Which fields of an association entry (a dict of its values) hold the person's data."""
    fields = []
    if normalise(values.get("contact_email")) == email:
        fields += PUBLIC_CONTACT_FIELDS
    if normalise(values.get("steward_email")) == email:
        fields += STEWARD_FIELDS
    return fields


def _revisions():
    return Revision.objects.filter(content_type=ContentType.objects.get_for_model(AssociationPage))


def _pending_updates():
    """Updates of live entries that wait for a moderator in their submission (not yet in a revision)."""
    return PageSubmission.objects.filter(
        kind="association", page__isnull=False, workflow_state__isnull=True, revision__isnull=True
    )


@register
class AssociationKind(Kind):
    key = "associations"
    order = 50
    label = _("Association contact details")
    erase_text = _(
        "Where the person is the public contact, the entry's contact person, email and phone are emptied; "
        "where they keep the entry current, that address is emptied. Also in the page's history."
    )
    fields = {"home.AssociationPage": ALL_FIELDS}

    def identifiers(self, obj, email):
        if normalise(obj.contact_email) == email:
            return (obj.contact_name, obj.contact_phone)
        return ()

    def find(self, email):
        # Also entries whose only mention is in a revision: an update still in moderation.
        in_revisions = _revisions().filter(
            Q(content__contact_email__iexact=email) | Q(content__steward_email__iexact=email)
        ).values_list("object_id", flat=True)
        page_ids = {int(pk) for pk in in_revisions if str(pk).isdigit()}
        # And entries whose update waits for a moderator in its submission (not in a revision).
        page_ids |= set(_pending_updates().filter(
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
            "first_published_at": iso(obj.first_published_at),
            "last_published_at": iso(obj.last_published_at),
        }
        for field in ALL_FIELDS:
            data[field] = getattr(obj, field)
        if latest is not None and any(getattr(latest, f) != getattr(obj, f) for f in ALL_FIELDS):
            data["latest_draft"] = {field: getattr(latest, field) for field in ALL_FIELDS}
        pending = [
            {field: submission.content.get(field, "") for field in ALL_FIELDS}
            for submission in _pending_updates().filter(page=obj).order_by("created_at")
        ]
        if pending:
            data["pending_updates"] = pending
        return data

    def erase(self, objects, email):
        changed = 0
        for page in objects:
            touched = False
            fields = fields_to_blank({name: getattr(page, name) for name in ("contact_email", "steward_email")}, email)
            if fields:
                for name in fields:
                    setattr(page, name, "")
                page.save(update_fields=fields, clean=False)  # post_save clears the caches
                touched = True
            for submission in _pending_updates().filter(page=page):
                fields = fields_to_blank(submission.content, email)
                if fields:
                    submission.content = {**submission.content, **{name: "" for name in fields}}
                    submission.save(update_fields=["content"])
                    touched = True
                elif not submission.content:  # emptied already, with the data of its submitter
                    touched = True
            for revision in _revisions().filter(object_id=str(page.pk)):
                fields = fields_to_blank(revision.content, email)
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
            fields = fields_to_blank(content, email)
            if fields:
                source.content_json = json.dumps({**content, **{name: "" for name in fields}})
                source.save(update_fields=["content_json"])
        return changed

    def admin_url(self, obj, user):
        return admin_url("wagtailadmin_pages:edit", obj.pk) if obj.permissions_for_user(user).can_edit() else ""
