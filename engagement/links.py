"""How long the private links in emails work, and the page they show once they no longer do.

Each such link is a bearer key: whoever holds the email (or reads the outbox) can use it. So each kind
lives only while the person needs it:

- cancel a sign-up: until the event has ended;
- withdraw a support: until the proposal is closed (answered and closed, rejected or merged);
- the proposer's private page (edit while waiting for moderation): edits end at moderation, and the page
  itself works PRIVATE_LINK_DAYS_AFTER_DECISION days after the decision;
- manage an association's event: until the event has ended, and PRIVATE_LINK_DAYS_AFTER_DECISION days
  after it was rejected, replaced or cancelled.

Unsubscribe links (stop following) always work; confirmation links are signed and expire on their own.
In the email outbox, the keys of these links are hidden from staff without the permission
engagement.view_email_links (`mask_private_links`): any URL of this site with a `token` is one.
"""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers


def days_after_decision():
    return timedelta(days=getattr(settings, "PRIVATE_LINK_DAYS_AFTER_DECISION", 30))


def has_expired(until, now=None):
    """True when a link that works until `until` (None: no end yet) no longer works."""
    return until is not None and (now or timezone.now()) >= until


def expired_link_response(request):
    """410 Gone with a page that says why, in the language of the link."""
    response = TemplateResponse(request, "engagement/link_expired.html", {}, status=410)
    add_never_cache_headers(response)
    return response


# --- Hiding the links in the outbox ------------------------------------------------------------------

URL_PATTERN = re.compile(r"https?://[^\s<>\"')\]]+")
HIDDEN = "[…]"


def private_link_token(url):
    """The key in `url` when it is one of this site's links with a `token` (any language), else None."""
    path = urlsplit(url).path
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            try:
                match = resolve(path)
            except Resolver404:
                continue
        token = match.kwargs.get("token")
        if token:
            return str(token)
    return None


def mask_private_links(text):
    """`text` with the key of every private link replaced, for staff who have no need to use them."""

    def replace(found):
        url = found.group(0)
        token = private_link_token(url)
        return url.replace(token, HIDDEN) if token else url

    return URL_PATTERN.sub(replace, text or "")
