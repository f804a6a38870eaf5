"""Per-client rate limits for public POSTs, counted in the shared cache so every app server agrees.

Two layers:
- `PublicPostRateLimitMiddleware` counts every POST (and PUT, PATCH, DELETE) outside the admin per
  client, whatever view answers it, so a new public form or link view cannot be left unlimited. Its
  limit is generous (PUBLIC_POST_RATE_LIMIT, by default five times PUBLIC_FORM_RATE_LIMIT).
- Views count their own scope on top (`is_rate_limited(request, scope)`), at PUBLIC_FORM_RATE_LIMIT.
- The staff sign-in and password reset in the admin count POSTs per client address whatever the
  username or email (ADMIN_SIGN_IN_RATE_LIMIT, ADMIN_PASSWORD_RESET_RATE_LIMIT), so password spraying
  across usernames and reset floods are throttled; reset requests also count per email typed in.
  A throttle lasts its window only and never blocks a username, unlike django-axes' lockout.
Both answer with the same 429 page, in the language of the page the person was on.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """'10/10m' -> (10, 600); '5/h' -> (5, 3600)."""
    count, period = rate.split("/")
    number = "".join(ch for ch in period if ch.isdigit()) or "1"
    return int(count), int(number) * UNITS[period[-1]]


def client_address(request):
    """The client's address: REMOTE_ADDR, or the right entry of X-Forwarded-For behind NUM_PROXIES proxies."""
    if settings.NUM_PROXIES:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= settings.NUM_PROXIES:
            return forwarded[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "")


def is_rate_limited(request, scope, rate=None):
    """Count this request against `scope` for its client; True when the limit is exceeded."""
    return is_over_limit(scope, client_address(request), rate)


def is_over_limit(scope, identity, rate=None):
    """Count one more against `scope` for `identity` (an address, an email); True when over the limit."""
    limit, window = parse_rate(rate or settings.PUBLIC_FORM_RATE_LIMIT)
    bucket = int(time.time() // window)
    client = hashlib.sha256(identity.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{client}:{bucket}"
    # One cache call for all but the window's first request (the counter exists): incr, and only when it
    # is missing, add it with the window's expiry (another request may add it first: then incr again).
    try:
        count = cache.incr(key)
    except ValueError:
        if cache.add(key, 1, timeout=window + 5):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # evicted at once
                cache.set(key, 1, timeout=window + 5)
                count = 1
    return count > limit


def public_post_rate():
    """The limit on all public POSTs of one client together."""
    configured = getattr(settings, "PUBLIC_POST_RATE_LIMIT", "")
    if configured:
        return configured
    count, window = parse_rate(settings.PUBLIC_FORM_RATE_LIMIT)
    return f"{count * 5}/{window}s"


def rate_limited_response(request, rate=None):
    """The 429 page, in the language of the page the person was on."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(parse_rate(rate or settings.PUBLIC_FORM_RATE_LIMIT)[1])
    return response


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Staff work behind a login; the login and the password reset are limited on their own (admin_throttle).
EXEMPT_PREFIXES = ("/admin/",)
# URL name of an admin view anyone can POST to -> the setting with its per-address limit.
ADMIN_THROTTLED_VIEWS = {
    "wagtailadmin_login": "ADMIN_SIGN_IN_RATE_LIMIT",
    "wagtailadmin_password_reset": "ADMIN_PASSWORD_RESET_RATE_LIMIT",
}


def admin_throttle(request):
    """The rate that a POST to the admin's sign-in or password reset exceeds, else None."""
    for name, setting in ADMIN_THROTTLED_VIEWS.items():
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue
        if request.path != path:
            continue
        rate = getattr(settings, setting)
        if is_rate_limited(request, f"admin:{name}", rate):
            return rate
        email = request.POST.get("email", "").strip().casefold() if name == "wagtailadmin_password_reset" else ""
        if email and is_over_limit(f"admin:{name}:email", email, rate):
            return rate
        return None
    return None


class PublicPostRateLimitMiddleware:
    """Every public POST counts against one per-client limit, before CSRF and before any view runs.

    Placed after LocaleMiddleware, so the 429 page speaks the language of the URL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in UNSAFE_METHODS and not request.path.startswith(EXEMPT_PREFIXES):
            rate = public_post_rate()
            if is_rate_limited(request, "public-post", rate):
                return rate_limited_response(request, rate)
        elif request.method in UNSAFE_METHODS:
            rate = admin_throttle(request)
            if rate:
                return rate_limited_response(request, rate)
        return self.get_response(request)
