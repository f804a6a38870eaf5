"""Wagtail's admin messages that its own Finnish or Swedish catalogue lacks are translated by the
project's catalogue, and Django finds the project's translation first (kumppanuus.admin_ui)."""

import html
import re
from functools import cache
from pathlib import Path

import polib
import pytest
import wagtail
from django.conf import settings
from django.utils import translation

from kumppanuus.admin_ui import WAGTAIL_MESSAGES


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_each_wagtail_message_is_translated_by_the_project(language):
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    catalogue = {entry.msgid: entry.msgstr for entry in polib.pofile(str(path))}
    with translation.override(language):
        for msgid in WAGTAIL_MESSAGES:
            assert catalogue.get(msgid), f"{msgid!r} has no {language} translation in the project's catalogue"
            assert translation.gettext(msgid) == catalogue[msgid]


def messages(language):
    """{msgid: msgstr} of Wagtail's catalogues (its own and its contrib apps') for `language`; "en" gives
    the English messages themselves."""
    found = {}
    for path in Path(wagtail.__file__).parent.glob(f"**/locale/{language}/LC_MESSAGES/django.po"):
        found.update((entry.msgid, entry.msgstr) for entry in polib.pofile(str(path)) if not entry.msgid_plural
                     and (entry.msgstr or language == "en"))
    return found


@cache
def untranslated_messages(language):
    """Wagtail's English messages that neither Wagtail's nor the project's catalogue translates into
    `language`, without the one-word lower-case ones, which are names (an icon, a key) more often than
    text."""
    ours = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    translated = set(messages(language))
    if ours.exists():
        translated |= {entry.msgid for entry in polib.pofile(str(ours)) if entry.msgstr}
    return frozenset(msgid for msgid in messages("en") if msgid not in translated
                     and not re.fullmatch(r"[a-z_]+", msgid) and len(msgid) > 3)


def texts(page):
    """Every text node and readable attribute of an admin page, also those of its dialogs and drawers
    that are hidden until opened; not scripts."""
    page = re.sub(r"(?s)<(script|style)\b[^>]*>.*?</\1>", " ", page)
    found = set()
    for match in re.finditer(r'>([^<]+)<|\b(?:title|aria-label|placeholder|alt)="([^"]+)"', page):
        text = " ".join(html.unescape(match.group(1) or match.group(2)).split())
        if text:
            found.add(text)
    return found


def untranslated_wagtail_texts(page, language):
    """The texts of `page` that are one of Wagtail's English messages with no translation in `language`
    (a message with placeholders counts when a text is made from it and it has words of its own)."""
    untranslated = untranslated_messages(language)
    words = {msgid for msgid in untranslated if "%(" not in msgid}
    shapes = {msgid: re.compile(re.sub(r"%\\\(\w+\\\)s", ".+", re.escape(msgid)))
              for msgid in untranslated if "%(" in msgid and len(re.findall(r"[A-Za-z]", re.sub(r"%\(\w+\)s", "", msgid))) > 3}
    return sorted({text for text in texts(page) if text in words}
                  | {msgid for text in texts(page) for msgid, shape in shapes.items() if shape.fullmatch(text)})


def test_untranslated_wagtail_texts_finds_a_message_and_a_message_made_with_placeholders():
    page = ('<p>Exploring</p><a aria-label="More options for &#x27;Kyläilta&#x27;">…</a>'
            "<template><p>Toggle minimap</p></template><script>var a = '<b>Close dialog</b>';</script>")
    assert untranslated_wagtail_texts(page, "xx") == ["Exploring", "More options for '%(title)s'", "Toggle minimap"]
    assert untranslated_wagtail_texts(page, "fi") == []
