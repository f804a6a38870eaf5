"""The one way this project sends email: render a template in the person's language, store it in
the outbox, hand it to the task queue.

    send_templated_email(
        to=["resident@example.com"],
        template="feedback/emails/receipt",   # _subject.txt, .txt and .html
        context={"feedback": feedback},
        language="sv",
    )

A request never waits on SMTP, and a failure to send never loses the submission or the email: the
task retries with back-off, and `manage.py send_pending_emails` (cron) sends whatever is due.

Receipts: a mail that a public form sends at once to the address the visitor typed (`receipt=True`)
goes to an address nobody has confirmed, from the municipality's own sender. So that it cannot carry
someone's phishing text, its templates quote nothing the visitor wrote (no name, title or message,
only what staff wrote or published, and the private link to the tracking page, which shows the
text); and at most RECEIPT_RATE_LIMIT receipts go to one address (counted in the shared cache,
whatever the client), beyond which the submission is stored but its receipt is not sent.
"""

import base64
import logging
from email.headerregistry import Address
from email.utils import parseaddr
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)


def render_email(template, context, language):
    """Return (subject, text, html) rendered in `language`; the HTML part is optional."""
    with translation.override(language):
        context = {"LANGUAGE_CODE": language, "MUNICIPALITY_NAME": municipality_name(language), **context}
        subject = " ".join(_render_plain(f"{template}_subject.txt", context).split())
        text = _render_plain(f"{template}.txt", context).strip() + "\n"
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = ""
    return subject, text, html


def absolute_url(path):
    """The full address of a site path, for links in emails, feeds and calendars: always on the public
    base address (WAGTAILADMIN_BASE_URL). A full URL of this site (e.g. a page's URL from its Wagtail
    Site, which may say `localhost`) is moved onto the base address too."""
    if not path:
        return ""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        path = urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def page_url(page, language=None):
    """The full public address of a Wagtail page (in `language`'s URL prefix when given), or ""."""
    if page is None:
        return ""
    with translation.override(language or translation.get_language()):
        parts = page.get_url_parts()
    if parts is None:
        return ""
    return absolute_url(parts[2])


def municipality_name(language, default=""):
    """The municipality's name in `language` from the default site's settings ("Björkby kommun")."""
    try:
        from wagtail.models import Site

        from home.models import SiteSettings

        site = Site.objects.filter(is_default_site=True).first()
        if site is not None:
            site_settings = SiteSettings.for_site(site)
            return getattr(site_settings, f"municipality_name_{language}", "") or site_settings.municipality_name_fi
    except Exception:  # noqa: BLE001 - an email must go out even if the settings cannot be read
        logger.exception("Could not read the municipality's name in %s", language)
    return default


def sender(language):
    """The From: of an email in `language`: the address of DEFAULT_FROM_EMAIL with the municipality's
    name in that language from the site settings (e.g. "Björkby kommun" for Swedish)."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = municipality_name(language, default=name)
    return str(Address(display_name=name, addr_spec=address)) if name else address


def staff_language(address):
    """The language of an email to a staff member: their admin language (Wagtail's preferred language),
    else the site's default language. For an address that belongs to no user, the default."""
    from django.contrib.auth import get_user_model

    user = (
        get_user_model().objects.filter(email__iexact=address, is_active=True)
        .select_related("wagtail_userprofile").order_by("-last_login").first()
    )
    profile = getattr(user, "wagtail_userprofile", None) if user is not None else None
    language = getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.WAGTAILADMIN_PERMITTED_LANGUAGES) else settings.LANGUAGE_CODE


def send_staff_email(*, to, template, context, reply_to=()):
    """Email staff (moderators, handlers, organisers), each in their own admin language: one email per
    language, to those who speak it. Returns the OutgoingEmails."""
    by_language = {}
    for address in dict.fromkeys(address for address in to if address):
        by_language.setdefault(staff_language(address), []).append(address)
    return [
        send_templated_email(to=addresses, template=template, context=context, language=language, reply_to=reply_to)
        for language, addresses in sorted(by_language.items())
    ]


def _render_plain(name, context):
    """Plain-text parts are not HTML: render them without autoescaping."""
    return get_template(name).template.render(Context(context, autoescape=False))


def receipt_allowed(address):
    """Count one receipt to `address`; False once RECEIPT_RATE_LIMIT is used up for it."""
    from .ratelimit import is_over_limit

    identity = salted_hmac("kumppanuus.emails.receipt", address.strip().lower(), algorithm="sha256").hexdigest()[:32]
    return not is_over_limit("receipt", identity, settings.RECEIPT_RATE_LIMIT)


def send_templated_email(*, to, template, context, language, attachments=(), reply_to=(), receipt=False):
    """Store an email for `to` (a list of addresses) and queue it. Returns the OutgoingEmail, or None
    when there is nobody to send it to.

    `attachments` is a sequence of (filename, content bytes or str, mimetype). `receipt=True`: a mail
    to an address a visitor typed, sent because they sent a form (see above); limited per address.
    """
    from .models import OutgoingEmail

    recipients = [address for address in to if address]
    if receipt:
        allowed = [address for address in recipients if receipt_allowed(address)]
        if len(allowed) < len(recipients):
            logger.warning("Receipt %s not sent: RECEIPT_RATE_LIMIT reached for the address", template)
        recipients = allowed
    if not recipients:
        return None
    subject, text, html = render_email(template, context, language)
    email = OutgoingEmail.objects.create(
        to=recipients,
        reply_to=list(reply_to),
        subject=subject[:255],
        body_text=text,
        body_html=html,
        attachments=[
            {
                "filename": filename,
                "content": base64.b64encode(content.encode() if isinstance(content, str) else content).decode(),
                "mimetype": mimetype,
            }
            for filename, content, mimetype in attachments
        ],
        language=language,
        template=template,
    )
    enqueue(email.pk)
    return email


def enqueue(email_id):
    """Hand an email to the task queue; if the queue itself fails, cron still finds it in the outbox."""
    from .tasks import deliver_email

    try:
        deliver_email.enqueue(email_id)
    except Exception:  # noqa: BLE001 - the outbox row is the safety net
        logger.exception("Could not queue email %s; send_pending_emails will pick it up", email_id)


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
    from .models import OutgoingEmail

    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return "skipped"
        try:
            build_message(email).send()
        except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
            logger.warning("Sending email %s failed (attempt %s): %s", email.pk, email.attempts + 1, error)
            email.mark_failed_attempt(error)
            return "failed"
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.save(update_fields=["status", "sent_at"])
        return "sent"


def send_due_emails(limit=500):
    """Try every email that is due now; returns how many went out. Used by cron and by tests."""
    from .models import OutgoingEmail

    sent = 0
    for email_id in OutgoingEmail.due().order_by("next_attempt_at").values_list("pk", flat=True)[:limit]:
        sent += deliver(email_id) == "sent"
    return sent
