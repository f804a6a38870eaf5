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
Sending a stored email is `engagement/delivery.py`'s; the imports run one way: models ← delivery ←
tasks ← emails ← moderation and the modules.

A public form's emails are not even composed in the request: `compose_in_worker(task, …)` queues the
module's task that composes them (feedback's `send_feedback_emails`, events' `send_signup_email_task`,
proposals' `send_proposal_emails` and `send_support_email`, moderation's `send_receipt`) in the same
transaction as the submission, so on production's database queue the task commits with what it tells
about. The task composes inside `kept(…)`: a savepoint, where a failure is logged and undoes only the
emails.

Receipts: a mail that a public form sends at once to the address the visitor typed (`receipt=True`)
goes to an address nobody has confirmed, from the municipality's own sender. So that it cannot carry
someone's phishing text, its templates quote nothing the visitor wrote (no name, title or message,
only what staff wrote or published, and the private link to the tracking page, which shows the
text); and at most RECEIPT_RATE_LIMIT receipts go to one address (counted in the shared cache,
whatever the client), beyond which the submission is stored but its receipt is not sent.
"""

import base64
import logging
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Lower
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.crypto import salted_hmac

from .delivery import sender_name
from .models import OutgoingEmail
from .ratelimit import is_over_limit
from .tasks import deliver_email

logger = logging.getLogger(__name__)


def render_email(template, context, language):
    """Return (subject, text, html) rendered in `language`; the HTML part is optional."""
    with translation.override(language):
        context = {"LANGUAGE_CODE": language, "MUNICIPALITY_NAME": sender_name(language), **context}
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


def staff_languages(addresses):
    """{address: the language of an email to that staff member}: their admin language (Wagtail's
    preferred language), else the site's default language; the default too for an address that belongs
    to no user. An address of several active users: the one who signed in last. One query for all."""
    wanted = {}
    for address in addresses:
        wanted.setdefault(address.lower(), []).append(address)
    languages = dict.fromkeys(addresses, settings.LANGUAGE_CODE)
    if not wanted:
        return languages
    users = (
        get_user_model().objects.annotate(address=Lower("email"))
        .filter(address__in=list(wanted), is_active=True)
        .select_related("wagtail_userprofile").order_by("-last_login")
    )
    for user in users:
        profile = getattr(user, "wagtail_userprofile", None)
        language = getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE
        if language not in dict(settings.WAGTAILADMIN_PERMITTED_LANGUAGES):
            language = settings.LANGUAGE_CODE
        for address in wanted.pop(user.address, []):  # the first user of an address decides
            languages[address] = language
    return languages


def send_staff_email(*, to, template, context, reply_to=()):
    """Email staff (moderators, handlers, organisers), each in their own admin language: one email per
    language, to those who speak it. Returns the OutgoingEmails."""
    by_language = {}
    for address, language in staff_languages(list(dict.fromkeys(address for address in to if address))).items():
        by_language.setdefault(language, []).append(address)
    return [
        send_templated_email(to=addresses, template=template, context=context, language=language, reply_to=reply_to)
        for language, addresses in sorted(by_language.items())
    ]


def _render_plain(name, context):
    """Plain-text parts are not HTML: render them without autoescaping."""
    return get_template(name).template.render(Context(context, autoescape=False))


def receipt_allowed(address):
    """Count one receipt to `address`; False once RECEIPT_RATE_LIMIT is used up for it."""
    identity = salted_hmac("kumppanuus.emails.receipt", address.strip().lower(), algorithm="sha256").hexdigest()[:32]
    return not is_over_limit("receipt", identity, settings.RECEIPT_RATE_LIMIT)


def send_templated_email(*, to, template, context, language, attachments=(), reply_to=(), receipt=False):
    """Store an email for `to` (a list of addresses) and queue it. Returns the OutgoingEmail, or None
    when there is nobody to send it to.

    `attachments` is a sequence of (filename, content bytes or str, mimetype). `receipt=True`: a mail
    to an address a visitor typed, sent because they sent a form (see above); limited per address.
    """
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
    try:
        deliver_email.enqueue(email_id)
    except Exception:  # noqa: BLE001 - the outbox row is the safety net
        logger.exception("Could not queue email %s; send_pending_emails will pick it up", email_id)


def compose_in_worker(task, *args):
    """Queue `task(*args)`, a task that composes and stores emails, in the current transaction (the
    task worker renders them; the request does not). Where the queue refuses it, the task's function
    runs here instead: the emails are composed now rather than lost."""
    try:
        with transaction.atomic():
            task.enqueue(*args)
    except Exception:  # noqa: BLE001 - compose them now
        logger.exception("Could not queue %s%r; composing its emails now", task.name, args)
        task.func(*args)


@contextmanager
def kept(what):
    """Compose and store emails in a savepoint: whatever goes wrong is logged ("Could not queue …")
    and undoes only the emails, never the change they tell about."""
    try:
        with transaction.atomic():
            yield
    except Exception:  # noqa: BLE001 - the change the emails tell about matters more than they do
        logger.exception("Could not queue %s", what)
