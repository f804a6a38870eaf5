"""An empty public form rendered once per process and filled in per request.

Django renders a form field by field through templates (a label, help text, the widget's own template
and its attributes' template): the association form's 23 fields cost more than the rest of its page.
An empty form of a kind renders the same every time but for its one-time submission token and its
captcha, so the first rendering is kept with those two cut out, and later renderings fill in a new
token and a new captcha (stored exactly as the captcha widget stores one).

What else could change the HTML is in the key: the form class and template, the language, and every
field's type, widget, label, help text, requirement, widget attributes, choices and initial value (an
update form filled in from its entry has a key of its own). Bound forms (a POST, with errors) are
always rendered anew. Templates do not change while a process runs (a deployment restarts it).
"""

import hashlib

from captcha.models import CaptchaStore
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

MAX_KEPT = 64  # renderings kept per process (forms × languages × choices); the oldest go first
_kept = {}  # signature -> (HTML before the token, between token and captcha key…, …): parts to join


def _text(value):
    if isinstance(value, (list, tuple)):
        return [_text(item) for item in value]
    return str(value)


def signature(form):
    """What the empty `form`'s HTML depends on, besides its token and captcha."""
    parts = [type(form).__module__, type(form).__qualname__, form.template_name, get_language()]
    parts += [form.prefix, str(form.auto_id)]
    for name, field in form.fields.items():
        if name in ("submission_token", "captcha"):
            initial = None
        else:
            initial = form.get_initial_for_field(field, name)
        parts.append(
            [
                name,
                type(field).__qualname__,
                type(field.widget).__qualname__,
                field.disabled,
                str(field.label),
                str(field.help_text),
                field.required,
                getattr(field, "shown_required", False),
                sorted((key, str(value)) for key, value in field.widget.attrs.items()),
                _text(list(getattr(field, "choices", ()))),
                _text(initial),
            ]
        )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def render_empty(form, render):
    """The HTML of the unbound `form`, with `render()` (the form's own rendering) at most once per
    signature in this process."""
    key = signature(form)
    token = str(form.initial["submission_token"])
    parts = _kept.get(key)
    if parts is not None:
        captcha_key = CaptchaStore.pick()  # a new captcha, as the widget makes one
        return mark_safe(parts[0] + "".join(_fill(part, token, captcha_key) for part in parts[1:]))
    html = render()
    captcha_key = form.fields["captcha"].widget._key  # the one the widget just stored
    while len(_kept) >= MAX_KEPT:
        _kept.pop(next(iter(_kept)))
    _kept[key] = _split(html, token, captcha_key)
    return html


def _split(html, token, captcha_key):
    """[text, ("T" or "K") + text, …]: the HTML cut at each token and captcha key."""
    parts, rest, marker = [], html, ""
    while True:
        at_token, at_key = rest.find(token), rest.find(captcha_key)
        found = [
            (at, kind, length)
            for at, kind, length in ((at_token, "T", len(token)), (at_key, "K", len(captcha_key)))
            if at >= 0
        ]
        if not found:
            parts.append(marker + rest)
            return parts
        at, kind, length = min(found)
        parts.append(marker + rest[:at])
        rest, marker = rest[at + length :], kind


def _fill(part, token, captcha_key):
    return (token if part[0] == "T" else captcha_key) + part[1:]

