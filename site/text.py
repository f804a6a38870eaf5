"""Text that people typed, on its way in (public forms, the Open311 API) and out (XML, feeds, calendars,
spreadsheets): the one place that knows which characters each end can hold. And the language a text
is for (`request_language()`).

Text is stored as it was written, angle brackets included; templates escape it on output. Only
characters nobody can see or mean are taken out:

    typed_text("Rivi\\x0btoinen", multiline=True)   # "Rivi\\ntoinen" (Word's line break)
    printable("a\\x1bb")                            # "ab": for XML 1.0, Atom, iCalendar, XLSX
    spreadsheet_cell('=HYPERLINK("http://x")')     # "'=HYPERLINK(...)": shown as text, never run
"""

import re

from django.conf import settings
from django.utils.translation import get_language

# C0 and C1 control characters and DEL, except tab, line feed and carriage return, plus the two
# noncharacters U+FFFE/U+FFFF: XML 1.0, iCalendar TEXT and spreadsheet cells cannot hold them.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# What people (and their word processors) paste as a line break: CR LF, CR, vertical tab (Word's
# manual line break), form feed, the information separators, NEL and the Unicode line and paragraph
# separators.
LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# A spreadsheet program runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def printable(value):
    """`value` without control characters other than tab and line breaks, for every writer of XML,
    Atom, iCalendar and spreadsheets, so that what is already stored can always be written."""
    return CONTROL_CHARACTERS.sub("", value)


def typed_text(value, *, multiline):
    """What a person typed into a text field, as it is kept: line breaks as "\\n" in a text area and
    as spaces in a one-line field, tabs only in a text area, and no other control characters.

    NUL is left for the form field's own validator, which refuses it with a message in the person's
    language (PostgreSQL cannot store it, so it cannot be pasted by accident from anywhere)."""
    value = LINE_BREAKS.sub("\n" if multiline else " ", value)
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    return CONTROL_CHARACTERS.sub(lambda match: match.group() if match.group() == "\x00" else "", value)


def spreadsheet_cell(value):
    """A text cell of a CSV or XLSX export: printable, and prefixed with an apostrophe when a spreadsheet
    program would otherwise take it for a formula."""
    value = printable(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def printable_values(data):
    """A copy of a dict (a feed's or an item's fields) with every text, and every text in a list, printable."""

    def clean(value):
        if isinstance(value, str):
            return printable(value)
        if isinstance(value, (list, tuple)):
            return type(value)(clean(part) for part in value)
        return value

    return {key: clean(value) for key, value in data.items()}


def request_language(language=None):
    """The two-letter code of `language`, else of the active language (the request's), else the site's
    default: "fi" or "sv". The one answer to "which language is this for"."""
    return (language or get_language() or settings.LANGUAGE_CODE)[:2]
