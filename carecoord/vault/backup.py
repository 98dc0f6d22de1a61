"""Consistent, encrypted backups of a vault, and restoring them.

A backup is one ZIP file (stored, not compressed: encrypted pages do not compress) holding
``manifest.json``, ``vault.keys`` and an encrypted snapshot of ``vault.db`` made with
``sqlcipher_export``. It opens with the same passphrases and recovery key as the vault had when the
backup was made. Nothing in it is readable without them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from carecoord import __version__
from carecoord.atomic import atomic_writer
from carecoord.errors import UsageError, VaultDamaged
from carecoord.i18n import _
from carecoord.vault import generation, keyfile, migrations
from carecoord.vault.database import Database
from carecoord.vault.device import DeviceSecretStore
from carecoord.vault.lock import ProcessLock
from carecoord.vault.vault import (
    BACKUP_DIR,
    DB_NAME,
    KEYS_NAME,
    Credentials,
    Vault,
    _authenticate,
    _checked,
    _timestamp,
)

FORMAT = "carecoord-backup"
FORMAT_VERSION = 1

# Called after a restore with (folder, who restored). The restored database is not migrated yet
# and its key file is the backup's, so the access log records the restore at the next unlock.
RESTORE_HOOKS: list[Callable[[Path, str], None]] = []


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def create_backup(vault: Vault, destination: Path) -> dict[str, object]:
    """Write a backup to ``destination`` atomically; returns its manifest."""
    destination = Path(destination)
    if not destination.parent.is_dir():
        raise UsageError(
            _("The folder for the backup does not exist: %(parent)s")
            % {"parent": destination.parent}
        )
    scratch = vault.scratch_dir() / f".backup-{secrets.token_hex(6)}.db"
    try:
        vault.export_database_copy(scratch)
        db_bytes = scratch.read_bytes()
    finally:
        scratch.unlink(missing_ok=True)
    keys_bytes = keyfile.dumps(vault.keys)
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "vault_id": vault.vault_id,
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "schema_version": vault.db.user_version,
        "app_version": __version__,
        "files": {DB_NAME: _sha256(db_bytes), KEYS_NAME: _sha256(keys_bytes)},
    }
    # Logged before the file is written: a copy of the vault never leaves unlogged (a failed
    # write then shows as an attempt). The snapshot and keys above predate this entry.
    vault.notify("backup")
    with (
        atomic_writer(destination) as handle,
        zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as zf,
    ):
        zf.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
        zf.writestr(KEYS_NAME, keys_bytes)
        zf.writestr(DB_NAME, db_bytes)
    return manifest


def _read_backup(source: Path) -> tuple[dict[str, object], bytes, bytes]:
    damaged = VaultDamaged(
        _("The backup file is damaged or is not a CareCoord backup; nothing was restored.")
    )
    try:
        with zipfile.ZipFile(source) as zf:
            manifest = json.loads(zf.read("manifest.json"))
            keys_bytes = zf.read(KEYS_NAME)
            db_bytes = zf.read(DB_NAME)
    except FileNotFoundError as exc:
        raise UsageError(_("No backup file at %(source)s.") % {"source": source}) from exc
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise damaged from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise damaged
    files = manifest.get("files")
    if (
        not isinstance(files, dict)
        or files.get(DB_NAME) != _sha256(db_bytes)
        or files.get(KEYS_NAME) != _sha256(keys_bytes)
    ):
        raise damaged
    return manifest, keys_bytes, db_bytes


def restore_backup(
    folder: Path,
    source: Path,
    credentials: Credentials,
    *,
    device_store: DeviceSecretStore | None = None,
) -> Path | None:
    """Replace the vault in ``folder`` with the backup.

    The backup is checked completely (hashes, key slots with the given credentials, every page's
    HMAC, schema version) before anything in the vault folder changes. The vault it replaces is
    moved aside into ``backups/before-restore-…`` (still encrypted), and that path is returned.
    """
    folder = Path(folder)
    _manifest, keys_bytes, db_bytes = _read_backup(Path(source))
    keys = keyfile.loads(keys_bytes)
    slot, _private, dek = _authenticate(keys, credentials, device_store)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = ProcessLock(folder)
    lock.acquire()
    scratch_dir = folder / BACKUP_DIR
    scratch_dir.mkdir(mode=0o700, exist_ok=True)
    staged = scratch_dir / f".restore-{secrets.token_hex(6)}.db"
    try:
        with atomic_writer(staged) as handle:
            handle.write(db_bytes)
        try:
            db = _checked(Database.open(staged, dek))
        except VaultDamaged as exc:
            # The backup's own pages fail: say so (the generic advice, "restore", is what failed).
            raise VaultDamaged(
                _(
                    "The backup file is damaged (its database fails the page check); nothing was "
                    "restored. Use another backup."
                )
            ) from exc
        try:
            migrations.check_not_newer(db)
            if generation.is_older(db, keys.generation):
                # A pair put together from two copies: it would be refused at the next unlock.
                raise VaultDamaged(
                    _(
                        "The backup's key file is older than its database (the backup was put "
                        "together from two different copies); nothing was restored. Use another "
                        "backup."
                    )
                )
        finally:
            db.close()
        for suffix in ("-wal", "-shm"):
            Path(str(staged) + suffix).unlink(missing_ok=True)
        moved_aside = None
        if (folder / DB_NAME).exists() or (folder / KEYS_NAME).exists():
            # The random part keeps a second restore in the same second from colliding.
            moved_aside = scratch_dir / f"before-restore-{_timestamp()}-{secrets.token_hex(3)}"
            moved_aside.mkdir(mode=0o700)
            for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", KEYS_NAME):
                if (folder / name).exists():
                    shutil.move(str(folder / name), str(moved_aside / name))
        os.replace(staged, folder / DB_NAME)
        keyfile.write(folder / KEYS_NAME, keys)
        for hook in RESTORE_HOOKS:
            # The restore is done; a note that cannot be written must not report it as failed.
            with contextlib.suppress(Exception):
                hook(folder, slot.label)
        return moved_aside
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
        lock.release()
