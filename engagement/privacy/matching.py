"""Matching a person's address, and blanking it (with their names and phones) in free text: the
helpers the kinds share.

An address matches in full and in any case (`normalise`); in free text it matches as a whole word, so
x.aino@… or aino@….fi are someone else.
"""

import html
import re
from email.utils import getaddresses

from .registry import RelatedKind, kinds

REDACTED = "[…]"


def normalise(email):
    """The form every match and every hash uses: surrounding blanks removed, lower case."""
    return (email or "").strip().lower()


def addresses(values):
    """The normalised addresses in a list of recipients ("Name <address>" or bare addresses)."""
    return {normalise(address) for _name, address in getaddresses(list(values or ()))}


def _address_pattern(email):
    """The address as a whole word: not inside a longer address such as x.aino@… or aino@….fi."""
    return re.compile(r"(?<![\w.%+-])" + re.escape(email) + r"(?![\w-]|\.\w)", re.IGNORECASE)


def mentions(text, email):
    return bool(_address_pattern(email).search(text or ""))


def person_terms(email, found):
    """The address, and the names and phone numbers stored with it, as they may appear in free text
    (also HTML-escaped), longest first: what every directly found kind says identifies the person."""
    terms = set()
    for kind in kinds():
        if isinstance(kind, RelatedKind):
            continue
        for obj in found.get(kind.key, ()):
            terms.update(" ".join(str(term).split()) for term in kind.identifiers(obj, email) if term)
    terms = {term for term in terms if len(term) >= 2}
    return sorted(terms | {html.escape(term) for term in terms}, key=len, reverse=True)


def redact(text, email, terms):
    """`text` with the address and every term (as a whole word, any case) replaced by REDACTED."""
    text = _address_pattern(email).sub(REDACTED, text or "")
    for term in terms:
        text = re.sub(r"(?<!\w)" + re.escape(term) + r"(?!\w)", REDACTED, text, flags=re.IGNORECASE)
    return text


def redact_value(value, email, terms):
    """The same through a JSON value (dicts, lists, strings)."""
    if isinstance(value, str):
        return redact(value, email, terms)
    if isinstance(value, list):
        return [redact_value(item, email, terms) for item in value]
    if isinstance(value, dict):
        return {key: redact_value(item, email, terms) for key, item in value.items()}
    return value


def names_any(text, email, terms):
    """Whether `text` gives the address or any of the terms."""
    return redact(text, email, terms) != (text or "")
