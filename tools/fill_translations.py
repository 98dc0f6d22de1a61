"""Fill empty Dutch entries from a Python file holding a dict ``NL = {msgid: msgstr}``
(for a plural entry: ``{singular msgid: (singular, plural)}``).

With ``--overwrite`` the entries given are set even where already translated (to correct wording
or a clashing Alt+letter mnemonic); a msgid not in the catalog is then an error.

.venv/bin/python tools/fill_translations.py [--overwrite] path/to/nl_dict.py
"""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po

sys.path.insert(0, str(Path(__file__).resolve().parent))
from update_translations import TRANSLATIONS, is_translated, write_catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source")
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)
    table = runpy.run_path(args.source)["NL"]
    path = TRANSLATIONS / "nl" / "LC_MESSAGES" / "carecoord.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="nl")
    if args.overwrite:
        unknown = [key for key in table if catalog.get(key) is None]
        if unknown:
            print("not in the catalog:", *unknown, sep="\n  ")
            return 1
    filled = 0
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if message.id and key in table and (args.overwrite or not is_translated(message)):
            message.string = table[key]
            message.flags.discard("fuzzy")
            filled += 1
    write_catalog("nl", catalog)  # the .po and its compiled .mo
    missing = [m.id for m in catalog if m.id and not is_translated(m)]
    print(f"filled {filled}, still untranslated {len(missing)}")
    for msgid in missing:
        print("  ", msgid)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
