from __future__ import annotations

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "openhire" / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_every_console_string_has_a_chinese_translation():
    po = polib.pofile(str(LOCALE / "django.po"))
    missing = [
        e.msgid
        for e in po
        if not e.obsolete and (not (e.msgstr or e.msgstr_plural.get(0)) or "fuzzy" in e.flags)
    ]
    assert not missing, f"untranslated: {missing[:20]}"


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}  # one msgid may have several contexts
    stale = [
        e.msgid
        for e in po.translated_entries()
        if not e.msgid_plural and compiled.get((e.msgctxt, e.msgid)) != e.msgstr
    ]
    assert not stale, f"run `make messages`: {stale[:10]}"
