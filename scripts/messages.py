#!/usr/bin/env python
"""Build the .mo catalogues from locale/*/LC_MESSAGES/*.po, or check that they are complete.

    python scripts/messages.py compile   # used by the install: .mo files are never stale
    python scripts/messages.py check     # fails on any untranslated, fuzzy or obsolete entry
    python scripts/messages.py missing   # lists untranslated msgids as JSON, ready to fill in
    python scripts/messages.py fill F    # makemessages, then apply translations from the JSON file F

F maps each msgid to its translations: {"Send": {"fi": "Lähetä", "sv": "Skicka"}}; a plural
entry gives a list per language: {"%(n)s item": {"fi": ["%(n)s kohde", "%(n)s kohdetta"], ...}}.
`fill` holds a lock, so several people can update the catalogues one after another safely.

Pure Python (polib), so installing and running the site needs no gettext tools; only
`makemessages` (a developer's step) does.
"""

import fcntl
import json
import subprocess
import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalogues():
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def compile_all():
    for po_path in catalogues():
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(LOCALE_DIR.parent)}")


def check_all():
    problems = 0
    for po_path in catalogues():
        po = polib.pofile(str(po_path))
        name = po_path.relative_to(LOCALE_DIR.parent)
        for entry in po:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                print(f"{name}:{entry.linenum}: fuzzy: {entry.msgid[:70]!r}")
                problems += 1
            elif not entry.translated():
                print(f"{name}:{entry.linenum}: untranslated: {entry.msgid[:70]!r}")
                problems += 1
    total = sum(len([e for e in polib.pofile(str(p)) if not e.obsolete]) for p in catalogues())
    print(f"{len(catalogues())} catalogue(s), {total} entries, {problems} problem(s)")
    return 1 if problems or not catalogues() else 0


def makemessages():
    root = LOCALE_DIR.parent
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fi", "-l", "sv", "--no-obsolete",
         "--ignore=.venv", "--ignore=var", "--ignore=node_modules", "--add-location=file"],
        cwd=root, check=True, stdout=subprocess.DEVNULL,
    )


def missing():
    out = {}
    for po_path in catalogues():
        language = po_path.parent.parent.name
        for entry in polib.pofile(str(po_path)):
            if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags):
                out.setdefault(entry.msgid, {})[language] = [""] * 2 if entry.msgid_plural else ""
    print(json.dumps(out, ensure_ascii=False, indent=1))


def fill(path):
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    with open(LOCALE_DIR / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        makemessages()
        for po_path in catalogues():
            language = po_path.parent.parent.name
            po = polib.pofile(str(po_path))
            for entry in po:
                given = translations.get(entry.msgid, {}).get(language)
                if not given:
                    continue
                if entry.msgid_plural:
                    forms = given if isinstance(given, list) else [given, given]
                    entry.msgstr_plural = {i: text for i, text in enumerate(forms)}
                else:
                    entry.msgstr = given
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            po.save()
        compile_all()


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "compile":
        compile_all()
    elif command == "check":
        sys.exit(check_all())
    elif command == "missing":
        missing()
    elif command == "fill":
        fill(sys.argv[2])
    else:
        sys.exit(__doc__)
