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
from tests.factories import admin_language


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_each_wagtail_message_is_translated_by_the_project(language):
    catalogue = project_catalogue(language)
    with translation.override(language):
        for msgid in WAGTAIL_MESSAGES:
            assert catalogue.get(msgid), f"{msgid!r} has no {language} translation in the project's catalogue"
            assert translation.gettext(msgid) == catalogue[msgid]


def project_catalogue(language):
    """{msgid: msgstr} of the project's catalogue for `language` (empty for a language it has none of)."""
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(path))} if path.exists() else {}


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
    translated = set(messages(language)) | {msgid for msgid, msgstr in project_catalogue(language).items() if msgstr}
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


@cache
def shown_untranslated(language):
    """The untranslated messages as Django shows them in `language`: {text: msgid} of those without
    placeholders, and {msgid: pattern of the texts made from it} of those with placeholders and words of
    their own."""
    with translation.override(language):
        shown = {msgid: translation.gettext(msgid) for msgid in untranslated_messages(language)}
    words = {text: msgid for msgid, text in shown.items() if "%(" not in msgid}
    shapes = {msgid: re.compile(re.sub(r"%\\\(\w+\\\)s", ".+", re.escape(text)))
              for msgid, text in shown.items()
              if "%(" in msgid and len(re.findall(r"[A-Za-z]", re.sub(r"%\(\w+\)s", "", msgid))) > 3}
    return words, shapes


def untranslated_wagtail_texts(page, language):
    """The messages of Wagtail that no catalogue translates into `language` and that `page` shows, as
    Django shows them: in English, or in the default language, Finnish, to which Django falls back (so a
    Swedish page would read "Sivupaneelin leveys")."""
    words, shapes = shown_untranslated(language)
    found = texts(page)
    return sorted({words[text] for text in found if text in words}
                  | {msgid for text in found for msgid, shape in shapes.items() if shape.fullmatch(text)})


def test_untranslated_wagtail_texts_finds_english_and_the_finnish_that_django_falls_back_to():
    english = sorted(msgid for msgid in untranslated_messages("fi") if re.fullmatch(r"[A-Z][a-z ]+", msgid))[0]
    assert untranslated_wagtail_texts(f"<p>{english}</p>", "fi") == [english]
    # A language without a catalogue reads Finnish, the default language, wherever Finnish has the message.
    page = ('<p>Selataan</p><a aria-label="Lisää toimintoja: &#x27;Kyläilta&#x27;">…</a>'
            "<template><p>Näytä tai piilota pienoiskartta</p></template><script>var a = '<b>Sulje ikkuna</b>';</script>")
    assert untranslated_wagtail_texts(page, "xx") == ["Exploring", "More options for '%(title)s'", "Toggle minimap"]
    assert untranslated_wagtail_texts(page, "fi") == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_explorers_breadcrumbs_start_from_a_root_titled_in_both_languages(client, superuser, home_fi, language):
    """Wagtail's root page is titled "Root"; home/migrations/0012_root_page_title renames it."""
    admin_language(superuser, language)
    client.force_login(superuser)
    page = client.get(f"/admin/pages/{home_fi.pk}/").content.decode()
    breadcrumbs = page.split('data-controller="w-breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert "Sivut / Sidor" in breadcrumbs and "Root" not in breadcrumbs
