"""Per-client rate limits for public POSTs, counted in the shared cache so every app server agrees.

Two layers:
- `PublicPostRateLimitMiddleware` counts every POST (and PUT, PATCH, DELETE) outside the admin per
  client, whatever view answers it, so a new public form or link view cannot be left unlimited. Its
  limit is generous (PUBLIC_POST_RATE_LIMIT, by default five times PUBLIC_FORM_RATE_LIMIT).
- Views count their own scope on top (`is_rate_limited(request, scope)`), at PUBLIC_FORM_RATE_LIMIT.
Both answer with the same 429 page, in the language of the page the person was on.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

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
    client = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    return is_over_limit(scope, client, rate or settings.PUBLIC_FORM_RATE_LIMIT)


def is_over_limit(scope, identity, rate):
    """Count one more use by `identity` (a hash, never a raw address) in `scope`; True over `rate`."""
    limit, window = parse_rate(rate)
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{identity}:{bucket}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
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
# Staff work behind a login (and the login itself is guarded by django-axes).
EXEMPT_PREFIXES = ("/admin/",)


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
        return self.get_response(request)
