"""The compiled catalogs (``carecoord.mo`` beside each ``carecoord.po``) that the app reads at start.

Parsing a .po with Babel took a fifth of a bare PySide6 window's start, and importing Babel
another fifth (issue 14); the standard library's ``gettext`` reads a GNU .mo file in about a
millisecond. ``tools/update_translations.py`` (and ``tools/fill_translations.py``) write the .mo
next to the .po they write, and the .mo is package data like the .po, so a source checkout, a
wheel and the frozen app all have it without a build step.

Each .mo records the CRC-32 of the .po it was compiled from (``X-Source-CRC32`` in its header):
``carecoord.i18n`` uses the .mo only while that matches, and otherwise compiles the .po in
memory with Babel, the slow way, so an edited .po is never shadowed by an older .mo.
``tests/unit/test_translations.py`` fails while a .mo is out of date. The CRC detects edits; it
is no protection, and needs none: whoever can change the .mo can change the .po.

The output depends on the .po alone (no dates, no Babel version), so it only changes with the
translations. Babel is imported by ``compile_catalog`` only.
"""

from __future__ import annotations

import io
import struct
import zlib

SOURCE_DIGEST = "X-Source-CRC32"
_LE_MAGIC = 0x950412DE
# Header fields Babel makes up rather than reads from the .po: leaving them out keeps the
# output reproducible.
_UNSTABLE_HEADERS = {"pot-creation-date", "generated-by"}


def source_digest(po: bytes) -> str:
    return f"{zlib.crc32(po):08x}"


def compile_catalog(po: bytes, language: str) -> bytes:
    """The .mo for the .po's bytes: translated, non-fuzzy entries, as Babel's ``write_mo``."""
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po), locale=language, domain="carecoord")
    header = [
        f"{name}: {value}"
        for name, value in catalog.mime_headers
        if name.lower() not in _UNSTABLE_HEADERS
    ]
    header.append(f"{SOURCE_DIGEST}: {source_digest(po)}")
    entries = {b"": ("\n".join(header) + "\n").encode()}
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        if message.pluralizable:
            ids = tuple(message.id)
            # An empty plural form falls back to the English one, as write_mo does.
            strings = [s or ids[min(i, 1)] for i, s in enumerate(message.string)]
            key, value = "\0".join(ids), "\0".join(strings)
        else:
            key, value = str(message.id), str(message.string)
        if message.context:
            key = f"{message.context}\x04{key}"
        entries[key.encode()] = value.encode()
    return _mo_bytes(entries)


def _mo_bytes(entries: dict[bytes, bytes]) -> bytes:
    """GNU .mo layout: header, key index, value index, keys, values; no hash table."""
    keys = sorted(entries)
    count = len(keys)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + sum(len(k) + 1 for k in keys)
    key_index, value_index = [], []
    key_blob, value_blob = bytearray(), bytearray()
    for key in keys:
        value = entries[key]
        key_index += [len(key), key_start + len(key_blob)]
        value_index += [len(value), value_start + len(value_blob)]
        key_blob += key + b"\0"
        value_blob += value + b"\0"
    header = struct.pack("<7I", _LE_MAGIC, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, 0)
    index = struct.pack(f"<{4 * count}I", *key_index, *value_index)
    return header + index + bytes(key_blob) + bytes(value_blob)
