"""Sending an email stored in the outbox (engagement/emails.py stores it): once, under a row lock,
from the municipality's own sender in the email's language. The task worker (engagement/tasks.py) and
cron (`manage.py send_pending_emails`) call this; nothing here composes or queues an email."""

import base64
import logging
from email.headerregistry import Address
from email.utils import parseaddr
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from home.caching import layout
from home.models import SiteSettings

from .models import OutgoingEmail

logger = logging.getLogger(__name__)


class Result(StrEnum):
    """What one try to send an email did (the task's result)."""

    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"  # already sent, given up on, or being sent by another worker


def municipality_name(language, default=""):
    """The municipality's name in `language` from the default site's settings ("Björkby kommun").

    Every email asks for it (its sender and heading), as do the feeds and every event page's JSON-LD: kept in the layout cache
    namespace, which any change of the settings or the sites bumps (home/signals.py)."""
    try:
        names = layout.cached("municipality-names", _municipality_names)
        if names is not None:
            return names.get(language) or names["fi"]
    except Exception:  # noqa: BLE001 - an email must go out even if the settings cannot be read
        logger.exception("Could not read the municipality's name in %s", language)
    return default


def _municipality_names():
    """{language code: name as written in the default site's settings}, or None without a default site."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    site_settings = SiteSettings.for_site(site)
    return {code: getattr(site_settings, f"municipality_name_{code}", "") for code, _name in settings.LANGUAGES}


def sender_name(language):
    """The municipality's name in `language` (site settings), else the name of DEFAULT_FROM_EMAIL: the
    sender of every email, and the heading of its HTML part."""
    return municipality_name(language, default=parseaddr(settings.DEFAULT_FROM_EMAIL)[0])


def sender(language):
    """The From: of an email in `language`: the address of DEFAULT_FROM_EMAIL with the municipality's
    name in that language from the site settings (e.g. "Björkby kommun" for Swedish)."""
    name = sender_name(language)
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return str(Address(display_name=name, addr_spec=address)) if name else address


def build_message(email):
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=sender(email.language),
        to=email.to,
        reply_to=email.reply_to or None,
        headers={"Auto-Submitted": "auto-generated", "Content-Language": email.language},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"])
    return message


def deliver(email_id):
    """Send a pending email once. Two workers never send the same email: the row is locked."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return Result.SKIPPED
        try:
            build_message(email).send()
        except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
            logger.warning("Sending email %s failed (attempt %s): %s", email.pk, email.attempts + 1, error)
            email.mark_failed_attempt(error)
            return Result.FAILED
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.save(update_fields=["status", "sent_at"])
        return Result.SENT


def send_due_emails(limit=500):
    """Try every email that is due now; returns how many went out. Used by cron and by tests."""
    sent = 0
    for email_id in OutgoingEmail.due().order_by("next_attempt_at").values_list("pk", flat=True)[:limit]:
        sent += deliver(email_id) == Result.SENT
    return sent
