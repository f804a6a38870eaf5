"""Logs without bearer links: the private links sent to residents (tracking a feedback, cancelling a sign-up,
confirming a support…) are the only key to what they open, so no log may keep them.

- `mask(text)`: every token in a path masked (`***`), query strings dropped (they may hold search words or
  keys), in any text (a path, a full URL, a request line).
- `network(address)`: a client address shortened to its network (IPv4 /24, IPv6 /48); gunicorn's access
  log uses both (kumppanuus.gunicorn_conf.AccessLogger).
- `MaskTokensFilter`: tokens masked in the site's own log records ("Not Found: /fi/feedback/track/…").

TOKEN_ROUTES lists every URL whose last part is a bearer token; tests/operations/test_access_log.py checks
that it covers every route of the URL configuration with a `token` parameter. Any UUID in a path is
masked too, so a new private link with a UUID is safe even before it is listed here.
"""

import ipaddress
import logging
import re

MASK = "***"

# The part of a path before a token (after the language prefix, or under admin/).
TOKEN_ROUTES = [
    "feedback/track",
    "events/cancel",
    "events/submissions",
    "proposals/support/confirm",
    "proposals/support/withdraw",
    "proposals/follow/confirm",
    "proposals/follow/stop",
    "proposals/private",
    "submissions",
    "associations/confirm",
    # Sub-routes of pages (RoutablePageMixin) under any page's path, e.g. the association form page's
    # yearly confirmation and its corrected version: /fi/yhdistyslomake/confirm/<token>/.
    "confirm",
    "correct",
    "admin/password_reset/confirm/[^/?#\\s]+",  # Wagtail's password reset: /<uidb64>/<token>/
]

_ROUTE = re.compile(r"(/(?:" + "|".join(TOKEN_ROUTES) + r")/)[^/?#\s\"]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")
_QUERY = re.compile(r"\?[^\s\"#]*")


def mask_tokens(text):
    """`text` with every token in a path masked."""
    if not text or not isinstance(text, str):
        return text
    return _UUID.sub(MASK, _ROUTE.sub(lambda match: match.group(1) + MASK, text))


def mask(text):
    """`text` (a path, URL or request line) with tokens masked and query strings removed."""
    if not text or not isinstance(text, str):
        return text
    return mask_tokens(_QUERY.sub("", text))


def network(address):
    """A client address without its host part (IPv4 /24, IPv6 /48): enough to see where load comes from."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


class MaskTokensFilter(logging.Filter):
    """Masks tokens in a log record's message and arguments (Django logs the path of 404s and errors)."""

    def filter(self, record):
        record.msg = mask_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask_tokens(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: mask_tokens(arg) for key, arg in record.args.items()}
        return True
