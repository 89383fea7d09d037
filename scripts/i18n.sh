#!/usr/bin/env bash
# Refresh the zh-hans catalogue: collect strings, fill translations from every
# openhire/locale/zh_Hans/pending/*.yaml (English msgid -> Chinese), compile. Prints what is still
# untranslated. Serialised with a lock so several people can run it at once.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/openhire-i18n.lock
flock 9
(cd openhire && ../.venv/bin/python -m django makemessages -l zh_Hans --ignore "ai/*" --no-obsolete --settings openhire.config.settings >/dev/null)
shopt -s nullglob
.venv/bin/python scripts/po_fill.py openhire/locale/zh_Hans/pending/*.yaml || true
(cd openhire && ../.venv/bin/python -m django compilemessages --settings openhire.config.settings >/dev/null)
