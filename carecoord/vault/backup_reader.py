"""Reading a backup file that may be hostile, with every size known before anything is unpacked.

A CareCoord backup is a ZIP of exactly three stored (uncompressed) members. Before a byte of a
member is read: the central directory must be small and name exactly those members once each,
none may be compressed (so no small file can unpack to a huge one), each declared size must fit
the file it is in, and the manifest and key file have small limits. The manifest's nesting is
counted before it is parsed (deep nesting would otherwise end in a RecursionError), and a format
version this program does not know is refused. The database member is then streamed in chunks to
the staging file, hashed on the way, never held in memory.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from carecoord.errors import UsageError, VaultDamaged
from carecoord.i18n import _

FORMAT = "carecoord-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DB_NAME = "vault.db"
KEYS_NAME = "vault.keys"
MEMBERS = frozenset({MANIFEST_NAME, DB_NAME, KEYS_NAME})

MAX_MANIFEST = 64 * 1024  # a manifest is a few hundred bytes
MAX_KEYS = 4 * 1024 * 1024  # hundreds of key slots
MAX_CENTRAL_DIRECTORY = 64 * 1024  # three entries need a few hundred bytes
MAX_DEPTH = 16  # the manifest nests two levels, the key file four
CHUNK = 1024 * 1024

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"


def damaged() -> VaultDamaged:
    return VaultDamaged(
        _("The backup file is damaged or is not a CareCoord backup; nothing was restored.")
    )


@dataclass(frozen=True)
class BackupContents:
    manifest: dict[str, object]
    keys_bytes: bytes
    db_info: zipfile.ZipInfo
    db_sha256: str


def _central_directory(handle: BinaryIO, size: int) -> tuple[int, int]:
    """(entries, central directory size) from the end records, read from the file's tail."""
    tail_length = min(size, 22 + 0xFFFF)
    handle.seek(size - tail_length)
    tail = handle.read(tail_length)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise damaged()
    entries, cd_size = struct.unpack("<HI", tail[at + 10 : at + 16])
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        locator_at = size - tail_length + at - 20
        if locator_at < 0:
            raise damaged()
        handle.seek(locator_at)
        locator = handle.read(20)
        if locator[:4] != _ZIP64_LOCATOR:
            raise damaged()
        (record_at,) = struct.unpack("<Q", locator[8:16])
        if record_at > size - 56:
            raise damaged()
        handle.seek(record_at)
        record = handle.read(56)
        if record[:4] != _ZIP64_EOCD:
            raise damaged()
        entries, cd_size = struct.unpack("<QQ", record[32:48])
    return int(entries), int(cd_size)


def _check_depth(text: bytes) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH, counting brackets outside strings."""
    depth, in_string, escaped = 0, False, False
    for byte in text:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > MAX_DEPTH:
                raise damaged()
        elif byte in (0x5D, 0x7D):
            depth -= 1


def _manifest(raw: bytes) -> dict[str, object]:
    _check_depth(raw)
    try:
        manifest = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise damaged() from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise damaged()
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise damaged()
    if version != FORMAT_VERSION:
        raise VaultDamaged(
            _(
                "The backup file has format version %(version)d, which this version of CareCoord "
                "does not know (it reads version %(known)d); nothing was restored. Restore it "
                "with the CareCoord version that made it, or a newer one."
            )
            % {"version": version, "known": FORMAT_VERSION}
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(files.get(name), str) for name in (DB_NAME, KEYS_NAME)
    ):
        raise damaged()
    return manifest


def _checked_members(zf: zipfile.ZipFile, archive_size: int) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    names = [info.filename for info in infos]
    if len(infos) != len(MEMBERS) or set(names) != MEMBERS:
        raise damaged()
    by_name = {info.filename: info for info in infos}
    declared = 0
    for info in infos:
        # Stored members only: what is declared is what is in the file, no expansion possible.
        if info.compress_type != zipfile.ZIP_STORED or info.file_size != info.compress_size:
            raise damaged()
        if info.flag_bits & 0x1:  # encrypted ZIP member: never ours
            raise damaged()
        declared += info.file_size
    if declared > archive_size:
        raise damaged()
    if by_name[MANIFEST_NAME].file_size > MAX_MANIFEST or by_name[KEYS_NAME].file_size > MAX_KEYS:
        raise damaged()
    return by_name


def _read_small(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with zf.open(info) as member:
        data = member.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise damaged()
    return data


def read_backup(source: Path) -> tuple[zipfile.ZipFile, BackupContents]:
    """Open and check ``source``; returns the open archive (the caller closes it) and its parts.

    The database member is not read yet: :func:`copy_database` streams it.
    """
    source = Path(source)
    if not source.is_file():
        raise UsageError(_("No backup file at %(source)s.") % {"source": source})
    try:
        size = source.stat().st_size
        with source.open("rb") as handle:
            entries, cd_size = _central_directory(handle, size)
        # zipfile reads the whole central directory into memory: bound it first.
        if entries != len(MEMBERS) or cd_size > MAX_CENTRAL_DIRECTORY:
            raise damaged()
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, ValueError, OSError, struct.error) as exc:
        raise damaged() from exc
    try:
        members = _checked_members(zf, size)
        manifest = _manifest(_read_small(zf, members[MANIFEST_NAME]))
        keys_bytes = _read_small(zf, members[KEYS_NAME])
        _check_depth(keys_bytes)  # parsed later by keyfile.loads, which would recurse
        files = manifest["files"]
        if (
            not isinstance(files, dict)
            or hashlib.sha256(keys_bytes).hexdigest() != files[KEYS_NAME]
        ):
            raise damaged()
        contents = BackupContents(manifest, keys_bytes, members[DB_NAME], str(files[DB_NAME]))
    except VaultDamaged:
        zf.close()
        raise
    except (zipfile.BadZipFile, ValueError, OSError, KeyError, EOFError) as exc:
        zf.close()
        raise damaged() from exc
    return zf, contents


def copy_database(zf: zipfile.ZipFile, contents: BackupContents, target: BinaryIO) -> None:
    """Stream the database member into ``target`` in chunks; its hash must match the manifest.

    A read that fails or a checksum that differs is a damaged backup; a write that fails (a full
    disk) is passed on as it is.
    """
    digest = hashlib.sha256()
    written = 0
    try:
        member = zf.open(contents.db_info)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise damaged() from exc
    with member:
        while True:
            try:
                chunk = member.read(CHUNK)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise damaged() from exc
            if not chunk:
                break
            written += len(chunk)
            if written > contents.db_info.file_size:
                raise damaged()
            digest.update(chunk)
            target.write(chunk)
    if written != contents.db_info.file_size or digest.hexdigest() != contents.db_sha256:
        raise damaged()
