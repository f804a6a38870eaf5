"""Finding, exporting and erasing everything stored about one email address, across every registered
kind (engagement/privacy/registry.py).

    report = find("Aino@Example.com")   # {kind key: [objects]}, case-insensitive exact match on the email
    export_data("aino@example.com")     # a JSON-ready dict grouped by kind
    erase("aino@example.com")           # (found, {kind key: how many erased}), in one transaction

This file knows no module: each module says in its own `privacy.py` what it stores about a person and
how that is erased, through its own services and retention policies, so an erasure request and the
daily retention job blank exactly the same fields:

- engagement/feedback/privacy.py: feedback, and the internal notes on it;
- engagement/proposals/privacy.py: proposals, supports, follows;
- engagement/events/privacy.py: sign-ups (a place still to come is given up through the sign-up
  service, without an email to the person);
- engagement/directory/privacy.py: association contact details;
- engagement/privacy/core.py (the ground's own): submissions, the email outbox, Wagtail's audit log.

After an erasure the page cache is cleared: several kinds erase with .update(), which sends no signal.
"""

import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from kumppanuus import pagecache

from .matching import normalise
from .registry import RelatedKind, by_key, kinds

__all__ = ["counts", "email_hash", "email_hashes", "erase", "export_data", "find", "fingerprint", "normalise"]


def email_hash(email):
    """A keyed hash (HMAC-SHA256) of the address: the privacy log can be searched by an address one
    knows, but a guess cannot be checked against it without the key (PRIVACY_HASH_KEY, else derived
    from SECRET_KEY)."""
    key = settings.PRIVACY_HASH_KEY or settings.SECRET_KEY
    return salted_hmac("kumppanuus.privacy.email", normalise(email), secret=key, algorithm="sha256").hexdigest()


def email_hashes(email):
    """Every hash under which log entries of the address may be stored: the keyed one, and the plain
    SHA-256 that entries written before the key kept (until retention removes them)."""
    return [email_hash(email), hashlib.sha256(normalise(email).encode()).hexdigest()]


def find(email):
    """{kind key: [objects]} for every kind, in the registry's order (empty lists included); a related
    kind is found from what the kinds before it found."""
    email = normalise(email)
    found = {}
    for kind in kinds():
        if not email:
            found[kind.key] = []
        elif isinstance(kind, RelatedKind):
            found[kind.key] = kind.find_related(email, found)
        else:
            found[kind.key] = kind.find(email)
    return found


def counts(found):
    return {key: len(objects) for key, objects in found.items()}


def fingerprint(found):
    """A short digest of exactly what was found, so the erase step can tell whether it changed."""
    items = sorted(f"{key}:{obj.pk}" for key, objects in found.items() for obj in objects)
    return hashlib.sha256("|".join(items).encode()).hexdigest()[:32]


def export_data(email, found=None):
    email = normalise(email)
    found = find(email) if found is None else found
    kinds_by_key = by_key()
    return {
        "email": email,
        "generated_at": timezone.now().isoformat(),
        "counts": counts(found),
        **{key: [kinds_by_key[key].export(obj) for obj in objects] for key, objects in found.items()},
    }


def erase(email):
    """Erase everything found for `email` in one transaction; returns (found, {kind key: how many}).

    Safe to repeat: nothing erased matches the email any more, so a second run finds and changes nothing.
    """
    email = normalise(email)
    result = {}
    with transaction.atomic():
        found = find(email)
        for kind in kinds():
            objects = found[kind.key]
            result[kind.key] = kind.erase(objects, email) if objects else 0
        # Several kinds erase with .update(), which sends no signal: no public page (nor the HTTP cache in
        # front) may keep a name.
        pagecache.purge_all()
    return found, result
