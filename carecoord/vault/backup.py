"""Consistent, encrypted backups of a vault, and restoring them.

A backup is one ZIP file (stored, not compressed: encrypted pages do not compress) holding
``manifest.json``, ``vault.keys`` and an encrypted snapshot of ``vault.db`` made with
``sqlcipher_export``. It opens with the same passphrases and recovery key as the vault had when the
backup was made. Nothing in it is readable without them.

Restoring reads the file as possibly hostile (:mod:`carecoord.vault.backup_reader`) and swaps the
vault in through :mod:`carecoord.vault.restore_journal`, so that a crash leaves a vault that opens.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from carecoord import __version__
from carecoord.atomic import atomic_writer, fsync_dir
from carecoord.errors import VaultDamaged
from carecoord.i18n import _
from carecoord.output_paths import folder_for_writing, output_file
from carecoord.vault import generation, keyfile, migrations, restore_journal
from carecoord.vault.authentication import Credentials, _authenticate
from carecoord.vault.backup_reader import (
    CHUNK,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_NAME,
    BackupContents,
    copy_database,
    read_backup,
)
from carecoord.vault.database import Database
from carecoord.vault.device import DeviceSecretStore
from carecoord.vault.lock import ProcessLock
from carecoord.vault.opening import BACKUP_DIR, DB_NAME, KEYS_NAME, _checked, _timestamp
from carecoord.vault.vault import Vault

__all__ = ["FORMAT", "FORMAT_VERSION", "RESTORE_HOOKS", "create_backup", "restore_backup"]

# Called after a restore with (folder, who restored); see restore_journal.
RESTORE_HOOKS = restore_journal.RESTORE_HOOKS


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def create_backup(vault: Vault, destination: Path) -> dict[str, object]:
    """Write a backup to ``destination`` atomically; returns its manifest.

    ``destination`` never lies in the vault folder (a backup over ``vault.db`` would destroy the
    vault); a missing folder is created owner-only. The snapshot is streamed, not held in memory.
    """
    output_file(Path(destination), vault.folder, create=False)
    scratch = vault.scratch_dir() / f".backup-{secrets.token_hex(6)}.db"
    try:
        vault.export_database_copy(scratch)
        keys_bytes = keyfile.dumps(vault.keys)
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "vault_id": vault.vault_id,
            "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "schema_version": vault.db.user_version,
            "app_version": __version__,
            "files": {
                DB_NAME: _file_sha256(scratch),
                KEYS_NAME: hashlib.sha256(keys_bytes).hexdigest(),
            },
        }
        # Logged before the file is written: a copy of the vault never leaves unlogged (a failed
        # write then shows as an attempt). The snapshot and keys above predate this entry.
        vault.notify("backup")
        target = output_file(Path(destination), vault.folder, create=False)  # checked again
        with (
            folder_for_writing(target.parent),  # made 0700, taken back if the write fails
            atomic_writer(target) as handle,
            zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as zf,
        ):
            zf.writestr(MANIFEST_NAME, json.dumps(manifest, indent=2, sort_keys=True))
            zf.writestr(KEYS_NAME, keys_bytes)
            zf.write(scratch, DB_NAME)
    finally:
        scratch.unlink(missing_ok=True)
    return manifest


def restore_backup(
    folder: Path,
    source: Path,
    credentials: Credentials,
    *,
    device_store: DeviceSecretStore | None = None,
) -> Path | None:
    """Replace the vault in ``folder`` with the backup.

    The backup is checked completely (sizes and structure before anything is unpacked, hashes,
    key slots with the given credentials, every page's HMAC, schema version) before anything in
    the vault folder changes. The vault it replaces is moved aside into
    ``backups/before-restore-…`` (still encrypted), and that path is returned.
    """
    folder = Path(folder)
    zf, contents = read_backup(Path(source))
    try:
        keys = keyfile.loads(contents.keys_bytes)
        slot, _private, dek = _authenticate(keys, credentials, device_store)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = ProcessLock(folder)
        lock.acquire()
        try:
            # An earlier restore that crashed: complete it (decided) or clear its staging.
            restore_journal.finish(folder)
            return _stage_and_swap(folder, zf, contents, keys, dek, slot.label)
        finally:
            lock.release()
    finally:
        zf.close()


def _stage_and_swap(
    folder: Path,
    zf: zipfile.ZipFile,
    contents: BackupContents,
    keys: keyfile.KeyFile,
    dek: bytes,
    restored_by: str,
) -> Path | None:
    backups = folder / BACKUP_DIR
    backups.mkdir(mode=0o700, exist_ok=True)
    staged = backups / f"{restore_journal.STAGING_PREFIX}{secrets.token_hex(6)}"
    staged.mkdir(mode=0o700)
    decided = False
    try:
        with atomic_writer(staged / DB_NAME) as handle:
            copy_database(zf, contents, handle)
        try:
            db = _checked(Database.open(staged / DB_NAME, dek))
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
            Path(str(staged / DB_NAME) + suffix).unlink(missing_ok=True)
        keyfile.write(staged / KEYS_NAME, keys)
        fsync_dir(staged)
        had_vault = any((folder / name).exists() for name in (DB_NAME, KEYS_NAME))
        # The random part keeps a second restore in the same second from colliding.
        aside = backups / f"before-restore-{_timestamp()}-{secrets.token_hex(3)}"
        restore_journal.decide(folder, staged, aside, restored_by)
        decided = True
        restore_journal.finish(folder)
        if not had_vault:
            with contextlib.suppress(OSError):
                aside.rmdir()  # nothing was moved into it
            return None
        return aside
    finally:
        if not decided:
            shutil.rmtree(staged, ignore_errors=True)
