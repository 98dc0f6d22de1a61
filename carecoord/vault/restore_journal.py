"""Swapping a restored vault in so that a crash at any moment leaves a vault that opens.

A vault is two files that belong together (``vault.db`` and ``vault.keys``), and no file system
renames two files at once. So a restore first stages both new files, complete and fsynced, in
``backups/.restore-…/``, then writes this journal (atomically): from that moment the restore is
decided. The swap moves the old files into ``backups/before-restore-…/`` and the staged ones in.
Whoever opens the vault next (``Vault.unlock``, ``vault restore``) first calls :func:`finish`,
under the process lock: with a journal it completes the swap (every step can be redone), without
one it removes staging left by a restore that crashed before deciding, which leaves the old vault
as it was. A crash before the journal: the old vault; after it: the new one. Never neither.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from carecoord.atomic import fsync_dir, write_atomic
from carecoord.errors import VaultDamaged
from carecoord.i18n import _
from carecoord.vault.location import JOURNAL_NAME, KEYS_NAME

STAGING_PREFIX = ".restore-"
# Left by a backup that was killed while it took its encrypted snapshot (create_backup).
LEFTOVER_PREFIXES = (STAGING_PREFIX, ".backup-")
BACKUP_DIR = "backups"
DB_NAME = "vault.db"
# Moved aside: the database with its WAL and shared memory, and the key file.
OLD_NAMES = (DB_NAME + "-wal", DB_NAME + "-shm", DB_NAME, KEYS_NAME)

# Called after a restore is complete with (folder, who restored). The restored database is not
# migrated yet and its key file is the backup's, so the access log records it at the next unlock.
RESTORE_HOOKS: list[Callable[[Path, str], None]] = []


def pending(folder: Path) -> bool:
    """A decided restore waits to be completed: the folder holds a vault, whole or not."""
    return (Path(folder) / JOURNAL_NAME).exists()


def _simple(name: object) -> str:
    # The journal names folders inside backups/; nothing else may be moved by it.
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name in (".", ".."):
        raise VaultDamaged(
            _("The record of an interrupted restore is damaged; the vault folder was not changed.")
        )
    return name


def decide(folder: Path, staged: Path, aside: Path, restored_by: str) -> None:
    """Write the journal: the staged files are complete; from now on the restore goes ahead."""
    record = {"staged": staged.name, "aside": aside.name, "by": restored_by}
    write_atomic(folder / JOURNAL_NAME, json.dumps(record, sort_keys=True).encode("utf-8"))


def _move(source: Path, target: Path) -> None:
    os.replace(source, target)


def finish(folder: Path) -> bool:
    """Complete a decided restore, or clear staging of an undecided one. Call under the lock.

    Returns True when a restore was completed here.
    """
    folder = Path(folder)
    journal = folder / JOURNAL_NAME
    backups = folder / BACKUP_DIR
    if not journal.exists():
        remove_staging(folder)
        return False
    try:
        record = json.loads(journal.read_bytes())
        staged = backups / _simple(record["staged"])
        aside = backups / _simple(record["aside"])
        restored_by = str(record["by"])
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise VaultDamaged(
            _("The record of an interrupted restore is damaged; the vault folder was not changed.")
        ) from exc
    aside.mkdir(mode=0o700, parents=True, exist_ok=True)
    if (staged / DB_NAME).exists():
        # The new database is not in place yet, so whatever is in the folder is the old vault.
        for name in OLD_NAMES:
            if (folder / name).exists():
                _move(folder / name, aside / name)
        fsync_dir(aside)
        _move(staged / DB_NAME, folder / DB_NAME)
    if (staged / KEYS_NAME).exists():
        _move(staged / KEYS_NAME, folder / KEYS_NAME)
    fsync_dir(folder)
    journal.unlink()
    fsync_dir(folder)
    remove_staging(folder)
    for hook in RESTORE_HOOKS:
        # The restore is done; a note that cannot be written must not report it as failed.
        with contextlib.suppress(Exception):
            hook(folder, restored_by)
    return True


def remove_staging(folder: Path) -> None:
    """Remove staging of restores that never decided (no journal) and killed backups' snapshots.

    Only called by the process that holds the vault's lock, so nothing here is still in use.
    """
    backups = Path(folder) / BACKUP_DIR
    if not backups.is_dir() or pending(folder):
        return
    leftovers = [p for prefix in LEFTOVER_PREFIXES for p in backups.glob(prefix + "*")]
    for leftover in leftovers:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                leftover.unlink()
