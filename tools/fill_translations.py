"""Fill empty Dutch entries from a Python file holding a dict ``NL = {msgid: msgstr}``.

.venv/bin/python tools/fill_translations.py path/to/nl_dict.py
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po

sys.path.insert(0, str(Path(__file__).resolve().parent))
from update_translations import TRANSLATIONS, render


def main(source: str) -> int:
    table = runpy.run_path(source)["NL"]
    path = TRANSLATIONS / "nl" / "LC_MESSAGES" / "carecoord.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="nl")
    filled = 0
    for message in catalog:
        if message.id and not message.string and message.id in table:
            message.string = table[message.id]
            filled += 1
    path.write_bytes(render(catalog))
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"filled {filled}, still untranslated {len(missing)}")
    for msgid in missing:
        print("  ", msgid)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
