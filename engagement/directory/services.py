"""The association directory's upkeep: entries sent in from the public form (AssociationFormPage), and
the yearly "is this still current?" confirmation (email, signed one-click link, report of stale entries).
The directory's pages are `home`'s models; this module adds what residents and associations do to them."""

import base64
import logging
from datetime import UTC, datetime

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import linebreaks
from wagtail.models import Locale
from wagtail.rich_text import RichText

from engagement.emails import absolute_url, page_url, send_templated_email
from engagement.moderation import (
    queue_update,
    staff_work_in_progress,
    submit_new_page,
    submit_page_for_moderation,
)
from home.models import AssociationCategory, AssociationConfirmation, AssociationPage
from home.models.associations import CONFIRMATION_INTERVAL
from kumppanuus.text import request_language

logger = logging.getLogger(__name__)

CONFIRMATION_SALT = "home.association-confirmation"  # as when this lived in `home`: links already sent keep working
CONFIRMATION_LINK_MAX_AGE = 90 * 24 * 3600  # seconds; a year-old email should not still work
SIMPLE_FIELDS = (
    "intro",
    "area",
    "languages",
    "contact_name",
    "contact_email",
    "contact_phone",
    "meeting_place",
    "register_number",
    "steward_email",
)


def association_form_initial(entry):
    """What the form shows when an association updates its entry: the live page only.

    Never a later revision: that may be a pending or rejected update, or a staff draft, with contact
    details that were never published, and anyone may open this form."""
    if entry is None:
        return {}
    live = type(entry).objects.live().filter(pk=entry.pk).first()
    if live is None:
        return {}
    initial = {field: getattr(live, field) for field in SIMPLE_FIELDS}
    initial.update(
        name=live.title,
        web_address=live.website,
        categories=list(live.categories.values_list("slug", flat=True)),
        # Not public: whoever updates the entry gives it again, so the form never shows it to strangers.
        steward_email="",
    )
    return initial


def correction_initial(submission):
    """The form filled in with what was sent, for a corrected version (the submitter holds the token)."""
    return dict(submission.content)


def form_page(language=None):
    """The live association form page in `language` (default: the active one), else in any language;
    None without one. The page type sits above the services (pages.py imports this module), so it is
    found through the app registry."""
    AssociationFormPage = apps.get_model("directory", "AssociationFormPage")
    pages = AssociationFormPage.objects.live().select_related("locale").order_by("path")
    language = request_language(language)
    return pages.filter(locale__language_code=language).first() or pages.first()


def form_url(route="form", *args, language=None):
    """The path of a route of the form page (the form, an entry's update, a correction, a confirmation),
    or of the stable address `associations/submit/` (which redirects to the page) while there is none."""
    page = form_page(language)
    if page is None:
        return reverse("directory:association_form")
    return page.url + page.reverse_subpage(route, args=args)


def correction_url(submission):
    """The form, filled in from `submission`, to send a corrected version (the submitter holds the token)."""
    return form_url("correct", submission.token)


def plain_text_as_rich_text(text):
    """Paragraphs and line breaks of what a person typed, escaped, in Wagtail's rich text format (which
    writes <br/>: the admin's editor cannot open a page whose rich text has <br>)."""
    return linebreaks(text, autoescape=True).replace("<br>", "<br/>")


def _texts(data, other=False):
    """The translatable texts of an entry as sent: the form's own language, or (other=True) the other one."""
    suffix = "_other" if other else ""
    return {
        "name": data.get(f"name{suffix}") or data.get("name") or "",
        "intro": data.get(f"intro{suffix}") or "",
        "description": data.get(f"description{suffix}") or "",
        "how_to_join": data.get(f"how_to_join{suffix}") or "",
    }


def fill_association(page, data, texts, locale):
    """Put the submitted content on `page` (not saved): `texts` in `locale`, the rest as sent."""
    page.title = texts["name"]
    page.intro = texts["intro"]
    for field in SIMPLE_FIELDS:
        if field != "intro":
            setattr(page, field, data.get(field) or ([] if field == "languages" else ""))
    page.website = data.get("web_address") or ""
    if texts["description"]:
        page.body = [("paragraph", RichText(plain_text_as_rich_text(texts["description"])))]
    if texts["how_to_join"]:
        page.how_to_join = plain_text_as_rich_text(texts["how_to_join"])
    page.categories = list(AssociationCategory.objects.filter(locale=locale, slug__in=data.get("categories") or []))


def is_bilingual(data):
    return bool(data.get("intro_other"))


def other_locale(locale):
    return Locale.objects.exclude(pk=locale.pk).filter(language_code__in=["fi", "sv"]).first()


def apply_association_update(page, data):
    """A queued update on the live page (see engagement.moderation.apply_update)."""
    other = is_bilingual(data) and data.get("_language", page.locale.language_code) != page.locale.language_code
    fill_association(page, data, _texts(data, other=other), page.locale)


def publish_translation(submission, page):
    """After approval: the entry in the other language, with the texts given in it (a new translation,
    or the live one updated), so that a bilingual association is in both directories."""
    data = submission.content
    if not is_bilingual(data):
        return None
    locale = other_locale(page.locale)
    if locale is None:
        return None
    texts = _texts(data, other=data.get("_language", page.locale.language_code) == page.locale.language_code)
    translated = page.get_translation_or_none(locale)
    if translated is None:
        if page.get_parent().specific.get_translation_or_none(locale) is None:
            logger.warning("No %s directory for the translation of %s", locale, page.pk)
            return None
        translated = page.copy_for_translation(locale)
    else:
        translated = translated.specific
        if staff_work_in_progress(translated):
            logger.warning("Translation %s has staff work in progress; submission %s not applied to it", translated.pk, submission.pk)
            return None
    fill_association(translated, data, texts, locale)
    translated.save_revision(log_action=True).publish()
    return translated


def create_association_submission(data, *, index, entry, locale, content=None, replaces=None):
    """A new entry: a submission whose draft page the task worker makes and sends to the moderators'
    workflow (engagement.moderation.submit_new_page). An update of a live entry: queued as
    its own submission for a moderator to apply; the page, its drafts and workflows stay as they are."""
    content = {**(content if content is not None else data), "_language": locale.language_code}
    common = {
        "kind": "association",
        "submitter_name": data["submitter_name"],
        "submitter_email": data["submitter_email"],
        "language": request_language(),
        "message": data.get("message", ""),
        "content": content,
        "replaces": replaces,
    }
    if entry is not None:
        return queue_update(entry, **common)
    if replaces is not None and replaces.page is not None and not replaces.is_queued_update:
        # The corrected version of a new entry: the same draft, with the new content.
        page = replaces.page.specific.get_latest_revision_as_object()
        fill_association(page, data, _texts(data), locale)
        return submit_page_for_moderation(page, **common)
    return submit_new_page(index, title=_texts(data)["name"], **common)


def new_association_page(submission):
    """The draft of a new entry, from what was sent (engagement.moderation.make_page), in the language
    of the directory it goes to."""
    content = submission.content
    page = AssociationPage(live=False)
    fill_association(page, content, _texts(content), submission.parent.locale)
    return page


# --- Yearly confirmation ------------------------------------------------------------------------------


def confirmation_token(translation_key, requested_at):
    """The signed link key, made safe for a page's sub-route (see `path_token`)."""
    return path_token(
        signing.dumps({"k": str(translation_key), "r": int(requested_at.timestamp())}, salt=CONFIRMATION_SALT)
    )


def path_token(signed):
    """A signed value (which has ":" in it) as letters, digits, "-" and "_" only: Wagtail serves a page's
    sub-routes only for such path segments. Also turns the keys of links sent before (in
    `associations/confirm/<key>/`) into the form page's."""
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def _signed_value(token):
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return ""


def confirmation_url(page, requested_at):
    language = page.locale.language_code
    with translation.override(language):
        return absolute_url(form_url("confirm", confirmation_token(page.translation_key, requested_at), language=language))


def confirm_association(token, commit=True):
    """Return (result, page): result is "confirmed", "already" (the link was used), "expired" or "invalid".

    With commit=False nothing is stored, and a link that would confirm gives "ask": the page asks for
    a click on its button (a POST), since mail security scanners open every link in an email."""
    try:
        payload = signing.loads(_signed_value(token), salt=CONFIRMATION_SALT, max_age=CONFIRMATION_LINK_MAX_AGE)
    except signing.SignatureExpired:
        return "expired", None
    except (signing.BadSignature, ValueError):
        return "invalid", None
    try:
        requested_at = datetime.fromtimestamp(int(payload["r"]), tz=UTC)
        key = payload["k"]
    except (KeyError, TypeError, ValueError):
        return "invalid", None
    locale = Locale.get_active()
    pages = list(AssociationPage.objects.filter(translation_key=key).select_related("locale"))
    if not pages:
        return "invalid", None
    page = next((p for p in pages if p.locale_id == locale.pk), pages[0])
    if not commit:
        confirmed_at = (
            AssociationConfirmation.objects.filter(translation_key=key).values_list("confirmed_at", flat=True).first()
        )
        return ("already" if confirmed_at and confirmed_at >= requested_at else "ask"), page
    with transaction.atomic():
        confirmation, _created = AssociationConfirmation.objects.select_for_update().get_or_create(
            translation_key=key
        )
        if confirmation.confirmed_at and confirmation.confirmed_at >= requested_at:
            return "already", page
        confirmation.confirmed_at = timezone.now()
        confirmation.save(update_fields=["confirmed_at"])
    return "confirmed", page


def page_to_ask(pages):
    """One translation per association: the one in its main language of activity."""
    for page in pages:
        if page.locale.language_code in (page.languages or [])[:1]:
            return page
    default = settings.LANGUAGE_CODE
    return next((page for page in pages if page.locale.language_code == default), pages[0])


def last_sign_of_life(page, confirmation):
    dates = [page.first_published_at]
    if confirmation is not None:
        dates += [confirmation.confirmed_at, confirmation.requested_at]
    return max((date for date in dates if date), default=None)


def send_confirmation_requests(now=None, dry_run=False):
    """Ask every association not heard from in a year whether its entry is current. Safe to run twice,
    and two runs at the same time send each email once (the confirmation row is locked)."""
    now = now or timezone.now()
    cutoff = now - CONFIRMATION_INTERVAL
    by_key = {}
    pages = AssociationPage.objects.live().exclude(steward_email="").select_related("locale").order_by("pk")
    for page in pages:
        by_key.setdefault(page.translation_key, []).append(page)
    if not dry_run:
        AssociationConfirmation.objects.bulk_create(
            [AssociationConfirmation(translation_key=key) for key in by_key], ignore_conflicts=True
        )
    asked = []
    for key, group in by_key.items():
        page = page_to_ask(group)
        with transaction.atomic():
            confirmation = (
                AssociationConfirmation.objects.select_for_update().filter(translation_key=key).first()
            )
            last = last_sign_of_life(page, confirmation)
            if last is not None and last > cutoff:
                continue
            asked.append(page)
            if dry_run:
                continue
            confirmation.requested_at = now
            confirmation.save(update_fields=["requested_at"])
            language = page.locale.language_code
            entry_url = page_url(page, language)
            with translation.override(language):
                update_path = form_url("update", page.pk, language=language)
            send_templated_email(
                to=[page.steward_email],
                template="directory/emails/association_confirmation",
                context={
                    "association": page,
                    "confirm_url": confirmation_url(page, now),
                    "entry_url": entry_url,
                    "update_url": absolute_url(update_path),
                },
                language=language,
            )
    return asked


def stale_associations(now=None):
    """Live entries (in the default language where translated) not confirmed for over a year."""
    cutoff = (now or timezone.now()) - CONFIRMATION_INTERVAL
    fresh_keys = AssociationConfirmation.objects.filter(confirmed_at__gt=cutoff).values_list(
        "translation_key", flat=True
    )
    default = Locale.get_default()
    pages = (
        AssociationPage.objects.live()
        .filter(locale=default)
        .exclude(translation_key__in=fresh_keys)
        .filter(Q(first_published_at__lte=cutoff) | Q(first_published_at__isnull=True))
        .order_by("title")
    )
    confirmations = {
        c.translation_key: c
        for c in AssociationConfirmation.objects.filter(translation_key__in=pages.values("translation_key"))
    }
    rows = []
    for page in pages:
        rows.append((page, confirmations.get(page.translation_key)))
    return rows
