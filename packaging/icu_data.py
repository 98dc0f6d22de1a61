"""Rewrite Qt's ICU data library with only the data CareCoord can use (Linux bundle, issue 14).

PySide6's Qt links ICU, whose data library (libicudata.so.NN, 31 MB) holds every locale's
collation, names, calendars and number rules, the CJK/Thai word-break dictionaries and ~200
legacy character converters. Qt uses ICU for collation (QCollator), locale case mapping and
legacy text codecs; CareCoord speaks Dutch and English and reads UTF-8. This script keeps the
shared items (root, property and normalisation data, time zones, the Unicode collation table,
break rules) and the locale items of the given locales, and writes a library with the same
soname and data symbol, as ICU's own data filter (icu4c's buildtool) would.

    python packaging/icu_data.py SOURCE_LIB OUT_LIB nl en ...

The format is ICU's "common data" (CmnD): a header, a table of contents sorted by name
(offsets from the table's start), then 16-byte-aligned items, each one ICU data file.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

# A locale item: xx, xxx, xx_YY, xx_Latn_YY … (anything else, e.g. root, pool, supplementalData,
# zoneinfo64, metaZones, is shared and kept).
LOCALE_ITEM = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*\.res$")


def _data_symbol(lib: Path) -> tuple[str, int, int]:
    """Name, file offset and size of the icudtNN_dat symbol."""
    out = subprocess.run(
        ["readelf", "-W", "--dyn-syms", str(lib)], capture_output=True, text=True, check=True
    ).stdout
    for line in out.splitlines():
        fields = line.split()
        if fields and re.fullmatch(r"icudt\d+_dat", fields[-1]):
            address, size = int(fields[1], 16), int(fields[2], 0)
            return fields[-1], _file_offset(lib, address), size
    raise SystemExit(f"no icudtNN_dat symbol in {lib}")


def _file_offset(lib: Path, address: int) -> int:
    out = subprocess.run(
        ["readelf", "-W", "-l", str(lib)], capture_output=True, text=True, check=True
    ).stdout
    for line in out.splitlines():
        fields = line.split()
        if fields and fields[0] == "LOAD":
            offset, vaddr, filesz = int(fields[1], 16), int(fields[2], 16), int(fields[4], 16)
            if vaddr <= address < vaddr + filesz:
                return address - vaddr + offset
    raise SystemExit("data symbol outside every LOAD segment")


# Trees Qt never reads: it has its own CLDR data for language, territory and currency names and
# number formats, and no transliteration or spelled-out numbers. (Kept: collation, time zones,
# break rules, the root and the app's locales, properties and normalisation.)
UNUSED_TREES = {"translit", "lang", "region", "curr", "unit", "rbnf"}


def keep(name: str, locales: set[str]) -> bool:
    item = name.split("/", 1)[1]  # without the package prefix icudtNNl/
    if item.split("/", 1)[0] in UNUSED_TREES and "/" in item:
        return False
    base = item.rsplit("/", 1)[-1]
    if base.endswith((".cnv", ".dict")):  # legacy converters; CJK/Thai/Khmer/Lao/Burmese words
        return False
    if LOCALE_ITEM.match(base):
        return base.removesuffix(".res") in locales
    return True


def filter_common_data(blob: bytes, locales: set[str]) -> tuple[bytes, int, int]:
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD":
        raise SystemExit("not ICU common data")
    toc = header_size
    count = struct.unpack_from("<I", blob, toc)[0]
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * i) for i in range(count)]
    names = [blob[toc + n : blob.index(b"\0", toc + n)] for n, _d in entries]
    ends = [d for _n, d in entries[1:]] + [len(blob) - toc]
    items = [
        (name, blob[toc + start : toc + end])
        for name, (_n, start), end in zip(names, entries, ends, strict=True)
        if keep(name.decode(), locales)
    ]
    names_block = b"".join(name + b"\0" for name, _item in items)
    names_at = 4 + 8 * len(items)
    data_at = (names_at + len(names_block) + 15) // 16 * 16
    table, body, name_offset = [], b"", names_at
    for name, item in items:
        table.append(struct.pack("<II", name_offset, data_at + len(body)))
        name_offset += len(name) + 1
        body += item + b"\0" * (-len(item) % 16)
    toc_bytes = struct.pack("<I", len(items)) + b"".join(table) + names_block
    toc_bytes += b"\0" * (data_at - len(toc_bytes))
    return blob[:header_size] + toc_bytes + body, len(items), count


def main(source: str, target: str, *locales: str) -> None:
    lib = Path(source)
    symbol, offset, size = _data_symbol(lib)
    soname = re.search(
        r"\(SONAME\).*\[(.+)\]",
        subprocess.run(
            ["readelf", "-d", str(lib)], capture_output=True, text=True, check=True
        ).stdout,
    )
    blob, kept, total = filter_common_data(lib.read_bytes()[offset : offset + size], set(locales))
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "icu.dat"
        data.write_bytes(blob)
        asm = Path(work) / "icu.S"
        asm.write_text(
            f".section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign 16\n"
            f'{symbol}:\n.incbin "{data}"\n.size {symbol}, . - {symbol}\n'
            '.section .note.GNU-stack,"",@progbits\n'
        )
        subprocess.run(
            ["cc", "-shared", "-nostdlib", f"-Wl,-soname,{soname.group(1) if soname else lib.name}",
             "-o", target, str(asm)],
            check=True,
        )  # fmt: skip
    print(f"icu_data.py: {kept} of {total} ICU items, {size >> 20} -> {len(blob) >> 20} MB")


if __name__ == "__main__":
    main(*sys.argv[1:])
