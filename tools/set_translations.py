"""Set (or correct) Dutch entries from a Python file holding ``NL = {msgid: msgstr}``, also where an
entry is already translated: for fixing wording or a clashing mnemonic. Unknown msgids are an error.

.venv/bin/python tools/set_translations.py path/to/nl_dict.py
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
    unknown = [key for key in table if catalog.get(key) is None]
    if unknown:
        print("not in the catalog:", *unknown, sep="\n  ")
        return 1
    for key, value in table.items():
        message = catalog.get(key)
        message.string = value
        message.flags.discard("fuzzy")
    path.write_bytes(render(catalog))
    print(f"set {len(table)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
