"""The vault: a folder holding ``vault.db`` (SQLCipher) and ``vault.keys`` (key slots).

The Vault class opens, locks and verifies; its key-slot changes (passphrases, users, data-key
rotation) are its base class in :mod:`carecoord.vault.key_slot_changes`, the callbacks it runs
are registered in :mod:`carecoord.vault.hook_points`, the credential checks and the opening of
vault.db are in :mod:`~carecoord.vault.authentication` and :mod:`~carecoord.vault.opening`.

Threading: a Vault and its Database belong to the thread that unlocked it (the vault worker in the
app, the main thread on the command line).
"""

from __future__ import annotations

import secrets
import socket
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from carecoord.errors import (
    AuthenticationFailed,
    KeyringUnavailable,
    UsageError,
    VaultDamaged,
    VaultLocked,
)
from carecoord.i18n import _
from carecoord.vault import (
    generation,
    kdf,
    keyfile,
    migrations,
    passphrase,
    recovery,
    restore_journal,
)
from carecoord.vault.authentication import Credentials, _authenticate
from carecoord.vault.checks import VerifyCheck, VerifyReport
from carecoord.vault.database import Database
from carecoord.vault.device import DeviceSecretStore
from carecoord.vault.hook_points import (
    EVENT_HOOKS,
    LOCK_HOOKS,
    OPEN_HOOKS,
    VERIFY_HOOKS,
    report_failed_unlock,
    require_access_log,
)
from carecoord.vault.key_slot_changes import KeySlotChanges, require_strong, validate_user_name
from carecoord.vault.keyfile import KeyFile, KeySlot
from carecoord.vault.lock import ProcessLock
from carecoord.vault.opening import (
    BACKUP_DIR,
    DB_NAME,
    KEYS_NAME,
    _backup_before_migration,
    _open_database,
    _page_check,
    _require_pages_intact,
    _structure_check,
)


class Vault(KeySlotChanges):
    def __init__(
        self,
        folder: Path,
        keys: KeyFile,
        dek: bytes,
        slot: KeySlot,
        private_key: X25519PrivateKey,
        db: Database,
        lock: ProcessLock,
        device_store: DeviceSecretStore | None,
    ) -> None:
        self.folder = folder
        self._keys = keys
        self._dek: bytes | None = dek
        self._slot = slot
        self._private_key: X25519PrivateKey | None = private_key
        self._db: Database | None = db
        self._lock = lock
        self._device_store = device_store
        self.workstation = socket.gethostname()

    # -- identity --------------------------------------------------------------------------------
    @property
    def user(self) -> str:
        """Who unlocked: the user name, or 'recovery' when the recovery key was used."""
        return self._slot.label

    @property
    def vault_id(self) -> str:
        return self._keys.vault_id

    @property
    def keys(self) -> KeyFile:
        return self._keys

    @property
    def db(self) -> Database:
        if self._db is None:
            raise VaultLocked(_("The vault is locked."))
        return self._db

    @property
    def dek(self) -> bytes:
        if self._dek is None:
            raise VaultLocked(_("The vault is locked."))
        return self._dek

    @property
    def is_open(self) -> bool:
        return self._db is not None

    def users(self) -> list[str]:
        return [s.label for s in self._keys.passphrase_slots()]

    # -- creation --------------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        folder: Path,
        user: str,
        new_passphrase: str,
        *,
        bind_device: bool = False,
        device_store: DeviceSecretStore | None = None,
        params: kdf.KdfParams | None = None,
    ) -> tuple[Vault, str]:
        """A new vault; returns it unlocked and the recovery key (to be shown exactly once)."""
        require_access_log()  # before anything is written
        folder = Path(folder)
        user = validate_user_name(user)
        require_strong(new_passphrase, user)
        if (
            (folder / KEYS_NAME).exists()
            or (folder / DB_NAME).exists()
            or restore_journal.pending(folder)
        ):
            raise UsageError(_("This folder already holds a vault; nothing was changed."))
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = ProcessLock(folder)
        lock.acquire()
        created: list[Path] = []
        try:
            params = params or kdf.calibrate()
            vault_id = keyfile.new_vault_id()
            dek = secrets.token_bytes(32)
            device_secret = None
            if bind_device:
                if device_store is None:
                    raise KeyringUnavailable(
                        _("No system keyring is available for device binding.")
                    )
                device_secret = device_store.create(vault_id)
            recovery_key = recovery.generate()
            slots = [
                keyfile.make_slot(
                    vault_id=vault_id,
                    generation=1,
                    dek=dek,
                    kind="passphrase",
                    label=user,
                    secret=passphrase.encode(new_passphrase),
                    params=params,
                    device_secret=device_secret,
                ),
                # The recovery slot is never device-bound: it is the way back when the device is gone.
                keyfile.make_slot(
                    vault_id=vault_id,
                    generation=1,
                    dek=dek,
                    kind="recovery",
                    label="recovery",
                    secret=recovery.secret_bytes(recovery.normalise(recovery_key)),
                    params=params,
                ),
            ]
            keys = KeyFile(vault_id=vault_id, slots=tuple(slots)).sealed_with(dek)
            created.append(folder / DB_NAME)
            db = Database.open(folder / DB_NAME, dek, create=True)
            try:
                migrations.migrate(db)
                with db.transaction():
                    db.execute(
                        "INSERT INTO vault_meta(key, value) VALUES ('vault_id', ?), ('created', ?)",
                        (vault_id, datetime.now(UTC).isoformat()),
                    )
                    generation.record(db, keys.generation)
            except BaseException:
                db.close()
                raise
            created.append(folder / KEYS_NAME)
            keyfile.write(folder / KEYS_NAME, keys)
        except BaseException:
            for path in created:
                for extra in ("", "-wal", "-shm"):
                    Path(str(path) + extra).unlink(missing_ok=True)
            lock.release()
            raise
        private = keyfile.unwrap_private_key(
            keys, slots[0], passphrase.encode(new_passphrase), device_secret
        )
        assert private is not None
        vault = cls(folder, keys, dek, slots[0], private, db, lock, device_store)
        vault._run_open_hooks()
        return vault, recovery_key

    # -- unlocking -------------------------------------------------------------------------------
    @classmethod
    def unlock(
        cls,
        folder: Path,
        credentials: Credentials,
        *,
        device_store: DeviceSecretStore | None = None,
        check_pages: bool = True,
    ) -> Vault:
        """Unlock and open. ``check_pages=False`` leaves the full page-HMAC pass to a later
        :meth:`check_pages` call (the app runs it right after the first screen is shown); every
        page that is read is HMAC-checked by SQLCipher regardless, so no damaged page is ever
        used unnoticed."""
        require_access_log()
        folder = Path(folder)
        if restore_journal.pending(folder):
            # A restore crashed after it was decided: complete it under the lock, then open.
            lock = ProcessLock(folder)
            lock.acquire()
            try:
                restore_journal.finish(folder)
                keys = keyfile.read(folder / KEYS_NAME)
            except BaseException:
                lock.release()
                raise
        else:
            keys = keyfile.read(folder / KEYS_NAME)
            lock = ProcessLock(folder)
            lock.acquire()
        try:
            # Staging left by a restore that crashed before it was decided.
            restore_journal.remove_staging(folder)
            try:
                slot, private, dek = _authenticate(keys, credentials, device_store)
            except AuthenticationFailed:
                report_failed_unlock(folder, keys, credentials)
                raise
            db, keys, dek = _open_database(folder, keys, slot, private, dek, check_pages)
            try:
                # Refused before anything is written (a migration takes a backup and writes).
                generation.refuse_older(db, keys.generation)
                migrations.migrate(
                    db, before=lambda v: _backup_before_migration(folder, db, dek, v)
                )
                generation.settle(db, keys.generation)
            except BaseException:
                db.close()
                raise
        except BaseException:
            lock.release()
            raise
        vault = cls(folder, keys, dek, slot, private, db, lock, device_store)
        vault._run_open_hooks()
        return vault

    def _run_open_hooks(self) -> None:
        try:
            require_access_log()
            for hook in OPEN_HOOKS:
                hook(self)
        except BaseException:
            # E.g. the login could not be logged: do not hand out a vault, and do not keep it
            # open (or its process lock held) behind the caller's back.
            self.lock()
            raise

    def notify(self, event: str, **detail: str) -> None:
        """Tell EVENT_HOOKS (the access log) that ``event`` happened; detail holds codes only."""
        for hook in EVENT_HOOKS:
            hook(self, event, detail)

    def lock(self) -> None:
        """Close the connection and forget the keys. Unconditional; safe to call twice."""
        for hook in LOCK_HOOKS:
            if self._db is not None:
                try:
                    hook(self)
                except Exception:  # noqa: S112 - locking must happen whatever a hook does
                    continue
        if self._db is not None:
            self._db.close()
        self._db = None
        self._dek = None
        self._private_key = None
        self._lock.release()

    close = lock

    # -- verification ----------------------------------------------------------------------------
    def check_pages(self) -> None:
        """The full page-HMAC pass deferred by ``Vault.unlock(check_pages=False)``."""
        _require_pages_intact(self.db)

    def verify(self) -> VerifyReport:
        report = VerifyReport()
        report.checks.append(VerifyCheck("key file", True, "checksum and MAC valid"))
        db = self.db
        try:
            db.check_invariants()
            version = db.scalar("PRAGMA cipher_version")
            report.checks.append(VerifyCheck("encryption", True, f"SQLCipher {version}"))
        except VaultDamaged as exc:
            report.checks.append(VerifyCheck("encryption", False, exc.message))
        report.checks.append(_page_check(db))
        report.checks.append(_structure_check(db))
        latest = migrations.latest_version()
        report.checks.append(
            VerifyCheck(
                "schema",
                db.user_version == latest,
                f"version {db.user_version} of {latest}",
            )
        )
        for hook in VERIFY_HOOKS:
            report.checks.append(hook(self))
        return report

    # -- backup ----------------------------------------------------------------------------------
    def scratch_dir(self) -> Path:
        """A folder inside the vault for encrypted intermediate files."""
        path = self.folder / BACKUP_DIR
        path.mkdir(mode=0o700, exist_ok=True)
        return path

    def export_database_copy(self, target: Path) -> None:
        self.db.export_encrypted(target, self.dek)
