"""Opening vault.db with an unsealed data key and checking it before use: finishing or
discarding a data-key rotation a crash interrupted, the page HMAC and schema checks, and the
backup taken before a migration.

Kept apart from carecoord.vault.vault (issue 14: one job per module).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from carecoord.errors import CareCoordError, VaultDamaged
from carecoord.i18n import _, ngettext
from carecoord.vault import generation, keyfile, migrations
from carecoord.vault.authentication import _fold_rotation, _replacement
from carecoord.vault.checks import PAGE_INTEGRITY, SCHEMA, VaultCheckFailed, VerifyCheck
from carecoord.vault.database import Database
from carecoord.vault.keyfile import KeyFile, KeySlot, PendingRotation

DB_NAME = "vault.db"
KEYS_NAME = "vault.keys"
BACKUP_DIR = "backups"


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _open_database(
    folder: Path,
    keys: KeyFile,
    slot: KeySlot,
    private: X25519PrivateKey,
    dek: bytes,
    check_pages: bool = True,
) -> tuple[Database, KeyFile, bytes]:
    """Open vault.db, finishing or discarding a DEK rotation that a crash interrupted."""
    path = folder / DB_NAME
    pending = keys.pending
    replacement = _replacement(keys)
    if replacement is not None and slot.id == replacement.id:
        # Unlocked with the changed passphrase, whose slot holds only the new key.
        assert pending is not None
        try:
            db = Database.open(path, dek, salt=_pending_salt(pending))
        except VaultDamaged:
            raise generation.change_interrupted() from None
        return _finish_rotation(folder, keys, db, dek, check_pages)
    try:
        db = Database.open(path, dek)
    except VaultDamaged as exc:
        sealed = pending.sealed.get(slot.id) if pending else None
        if pending is None or sealed is None:
            reason = _not_opened(path, keys, slot)
            if reason is None:
                raise
            raise reason from exc
        new_dek = keyfile.unseal_dek(sealed, private, keys.vault_id, slot.id, pending.generation)
        if new_dek is None:
            raise
        # The rekey had completed: fold it in.
        db = Database.open(path, new_dek, salt=_pending_salt(pending))
        return _finish_rotation(folder, keys, db, new_dek, check_pages)
    if keys.pending is not None:  # the rekey never happened: forget the announced key
        keys = keys.model_copy(update={"pending": None, "mac": ""}).sealed_with(dek)
        keyfile.write(folder / KEYS_NAME, keys)
    return _checked(db, check_pages), keys, dek


def _pending_salt(pending: PendingRotation) -> bytes | None:
    return keyfile.unb64(pending.salt) if pending.salt else None


def _finish_rotation(
    folder: Path, keys: KeyFile, db: Database, new_dek: bytes, check_pages: bool
) -> tuple[Database, KeyFile, bytes]:
    try:
        # Checkpoint first: later opens read the new salt from the main file, not the WAL.
        db.checkpoint()
        keys = _fold_rotation(keys).sealed_with(new_dek)
        keyfile.write(folder / KEYS_NAME, keys)
    except BaseException:
        db.close()
        raise
    return _checked(db, check_pages), keys, new_dek


def _not_opened(path: Path, keys: KeyFile, slot: KeySlot) -> CareCoordError | None:
    """Why the key file's own data key does not read vault.db, when that can be told."""
    pending = keys.pending
    if pending is not None and pending.replacement is not None and pending.replaces == slot.id:
        return generation.passphrase_was_changed()
    db_generation = generation.in_file(path)
    if db_generation is not None and db_generation > keys.generation:
        return generation.key_file_older(keys.generation, db_generation)
    return None


def _require_pages_intact(db: Database) -> None:
    failure = _page_check(db)
    if not failure.ok:
        raise VaultCheckFailed(
            PAGE_INTEGRITY,
            _(
                "The vault database is damaged (%(detail)s). Restore it from a backup "
                "(carecoord vault restore FILE)."
            )
            % {"detail": failure.detail},
        )


def _checked(db: Database, check_pages: bool = True) -> Database:
    """Every page's HMAC is checked at open (unless deferred, see Vault.unlock), so a damaged
    file is refused before it is used."""
    try:
        if check_pages:
            _require_pages_intact(db)
        if db.user_version == 0:
            # Every vault gets its schema when it is created; none means vault.db was replaced.
            raise VaultCheckFailed(
                SCHEMA,
                _(
                    "The vault database holds no CareCoord data (it was replaced or emptied). "
                    "Restore it from a backup (carecoord vault restore FILE)."
                ),
            )
        migrations.check_not_newer(db)
    except BaseException:
        db.close()
        raise
    return db


def _page_check(db: Database) -> VerifyCheck:
    from carecoord.vault.database import DatabaseError

    try:
        rows = db.all("PRAGMA cipher_integrity_check")
    except DatabaseError as exc:
        return VerifyCheck("page integrity", False, _("unreadable: %(error)s") % {"error": exc})
    if rows:
        return VerifyCheck(
            "page integrity",
            False,
            ngettext("%(count)d page fails its HMAC", "%(count)d pages fail their HMAC", len(rows))
            % {"count": len(rows)},
        )
    return VerifyCheck("page integrity", True, "every page's HMAC is valid")


def _structure_check(db: Database) -> VerifyCheck:
    from carecoord.vault.database import DatabaseError

    try:
        result = db.scalar("PRAGMA integrity_check")
        dangling = db.all("PRAGMA foreign_key_check")
    except DatabaseError as exc:
        return VerifyCheck("database structure", False, _("unreadable: %(error)s") % {"error": exc})
    if result != "ok":
        return VerifyCheck("database structure", False, str(result))
    if dangling:
        return VerifyCheck("database structure", False, f"{len(dangling)} broken reference(s)")
    return VerifyCheck("database structure", True, "integrity_check ok, references intact")


def _backup_before_migration(folder: Path, db: Database, dek: bytes, from_version: int) -> None:
    target_dir = folder / BACKUP_DIR
    target_dir.mkdir(mode=0o700, exist_ok=True)
    stem = f"pre-migration-v{from_version}-{_timestamp()}"
    target = target_dir / f"{stem}.db"
    # A migration that failed leaves its backup; opening again within the same second (a retry)
    # must take a second one, not stop at the name of the first.
    count = 1
    while target.exists():
        count += 1
        target = target_dir / f"{stem}-{count}.db"
    db.export_encrypted(target, dek)
