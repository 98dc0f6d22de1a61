"""Fill empty Dutch entries from a Python file holding a dict ``NL = {msgid: msgstr}``
(for a plural entry: ``{singular msgid: (singular, plural)}``).

.venv/bin/python tools/fill_translations.py path/to/nl_dict.py
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po

sys.path.insert(0, str(Path(__file__).resolve().parent))
from update_translations import TRANSLATIONS, is_translated, render


def main(source: str) -> int:
    table = runpy.run_path(source)["NL"]
    path = TRANSLATIONS / "nl" / "LC_MESSAGES" / "carecoord.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="nl")
    filled = 0
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if message.id and not is_translated(message) and key in table:
            message.string = table[key]
            filled += 1
    path.write_bytes(render(catalog))
    missing = [m.id for m in catalog if m.id and not is_translated(m)]
    print(f"filled {filled}, still untranslated {len(missing)}")
    for msgid in missing:
        print("  ", msgid)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
