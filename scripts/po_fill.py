"""Fill empty zh-hans translations from a YAML mapping (English msgid → Chinese), then report what is
still missing. Usage: python scripts/po_fill.py translations.yaml  (prints untranslated msgids)."""

from __future__ import annotations

import sys
from pathlib import Path

import polib
import yaml

PO = Path(__file__).resolve().parent.parent / "openhire" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main() -> int:
    mapping: dict[str, str] = {}
    for arg in sys.argv[1:]:
        mapping.update(yaml.safe_load(Path(arg).read_text(encoding="utf-8")) or {})
    po = polib.pofile(str(PO))
    for entry in po:
        if entry.msgid in mapping and (not entry.msgstr or "fuzzy" in entry.flags):
            entry.msgstr = mapping[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        if entry.msgid_plural and entry.msgid in mapping and not entry.msgstr_plural.get(0):
            entry.msgstr_plural = {0: mapping[entry.msgid]}
    po.save()
    missing = [
        e.msgid
        for e in po
        if (not e.obsolete and not (e.msgstr or e.msgstr_plural.get(0))) or "fuzzy" in e.flags
    ]
    for msgid in missing:
        print(msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
