"""The vault: a folder holding ``vault.db`` (SQLCipher) and ``vault.keys`` (key slots).

Threading: a Vault and its Database belong to the thread that unlocked it (the vault worker in the
app, the main thread on the command line).
"""

from __future__ import annotations

import re
import secrets
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from carecoord.errors import (
    AccessLogNotConnected,
    AuthenticationFailed,
    InputRejected,
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
from carecoord.vault.authentication import Credentials, _authenticate, _fold_rotation
from carecoord.vault.checks import VerifyCheck, VerifyReport
from carecoord.vault.database import Database
from carecoord.vault.device import DeviceSecretStore
from carecoord.vault.keyfile import KeyFile, KeySlot, PendingRotation
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

_USER_NAME = re.compile(r"^[\w .@'-]{1,64}$")


# Checks other packages add to `vault verify` (the audit-log chain registers itself here).
VerifyHook = Callable[["Vault"], VerifyCheck]
VERIFY_HOOKS: list[VerifyHook] = []


def validate_user_name(name: str) -> str:
    name = name.strip()
    if not _USER_NAME.match(name) or name.casefold() == "recovery":
        raise InputRejected(
            _("A user name has 1 to 64 letters, digits, spaces or . @ ' - and is not 'recovery'.")
        )
    return name


class Vault:
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
        reasons = passphrase.weaknesses(new_passphrase, user)
        if reasons:
            raise InputRejected(
                _("The passphrase is too weak: %(reasons)s.") % {"reasons": "; ".join(reasons)}
            )
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
                _report_failed_unlock(folder, keys, credentials)
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

    # -- key slots -------------------------------------------------------------------------------
    def _write_keys(self, keys: KeyFile, dek: bytes | None = None) -> None:
        keys = keys.model_copy(update={"mac": ""}).sealed_with(dek or self.dek)
        keyfile.write(self.folder / KEYS_NAME, keys)
        self._keys = keys

    def update_keys(self, **changes: object) -> None:
        """Change top-level fields of vault.keys (e.g. the audit head) and reseal it."""
        self._write_keys(self._keys.model_copy(update=changes))

    def _new_slot(
        self,
        label: str,
        secret: str,
        bind_device: bool,
        params: kdf.KdfParams | None,
        *,
        dek: bytes,
        generation: int,
    ) -> KeySlot:
        device_secret = None
        if bind_device:
            if self._device_store is None:
                raise KeyringUnavailable(_("No system keyring is available for device binding."))
            device_secret = self._device_store.get(self.vault_id) or self._device_store.create(
                self.vault_id
            )
        return keyfile.make_slot(
            vault_id=self.vault_id,
            generation=generation,
            dek=dek,
            kind="passphrase",
            label=label,
            secret=passphrase.encode(secret),
            params=params or kdf.calibrate(),
            device_secret=device_secret,
        )

    def change_passphrase(
        self,
        new_passphrase: str,
        *,
        user: str | None = None,
        bind_device: bool | None = None,
        params: kdf.KdfParams | None = None,
    ) -> None:
        """Replace one passphrase slot (the unlocking user's by default) and rotate the data key.

        Rotating, as remove_user does, is what makes the old passphrase useless: an old copy of
        vault.keys still opens its old slot, but that slot's data key no longer reads vault.db.
        """
        target = self._slot if user is None else self._keys.slot_for_user(user)
        if target is None or target.kind != "passphrase":
            raise InputRejected(_("There is no user by that name in this vault."))
        reasons = passphrase.weaknesses(new_passphrase, target.label)
        if reasons:
            raise InputRejected(
                _("The new passphrase is too weak: %(reasons)s.") % {"reasons": "; ".join(reasons)}
            )
        bound = target.device_bound if bind_device is None else bind_device
        new_generation = self._keys.generation + 1
        new_dek = secrets.token_bytes(32)
        replacement = self._new_slot(
            target.label, new_passphrase, bound, params, dek=new_dek, generation=new_generation
        )
        remaining = [replacement if s.id == target.id else s for s in self._keys.slots]
        self._rotate(remaining, new_dek, replacement=replacement, replaces=target.id)
        if target.id == self._slot.id:
            self._slot = replacement
        self.notify("key_slot_change", change="passwd", target_user=target.label)

    def add_user(
        self,
        name: str,
        new_passphrase: str,
        *,
        bind_device: bool = False,
        params: kdf.KdfParams | None = None,
    ) -> None:
        name = validate_user_name(name)
        if self._keys.slot_for_user(name) is not None:
            raise InputRejected(_("A user by that name already exists in this vault."))
        reasons = passphrase.weaknesses(new_passphrase, name)
        if reasons:
            raise InputRejected(
                _("The passphrase is too weak: %(reasons)s.") % {"reasons": "; ".join(reasons)}
            )
        # The data key stays (the new user gets nothing they could not read anyway), but the
        # generation moves on, so the key file from before is known to be older than the database.
        new_generation = self._keys.generation + 1
        slot = self._new_slot(
            name, new_passphrase, bind_device, params, dek=self.dek, generation=new_generation
        )
        resealed = tuple(
            s.model_copy(
                update={
                    "sealed_dek": keyfile.seal_dek(
                        self.dek, s.public_key, self.vault_id, s.id, new_generation
                    )
                }
            )
            for s in self._keys.slots
        )
        self._write_keys(
            self._keys.model_copy(update={"slots": (*resealed, slot), "generation": new_generation})
        )
        generation.record(self.db, new_generation)  # after the key file: the db may lag, not lead
        self.notify("key_slot_change", change="add_user", target_user=name)

    def remove_user(self, name: str) -> None:
        """Remove a user's slot and rotate the data key (``PRAGMA rekey``).

        The removed user may have kept a copy of the old key; after rotation it opens nothing
        current. Crash-safe in three steps: announce the new key in ``pending``, rekey, fold in.
        """
        target = self._keys.slot_for_user(name)
        if target is None:
            raise InputRejected(_("There is no user by that name in this vault."))
        if target.id == self._slot.id:
            raise InputRejected(
                _("You cannot remove your own key slot while you are unlocked with it.")
            )
        if len(self._keys.passphrase_slots()) == 1:
            raise InputRejected(_("The last user cannot be removed."))
        remaining = [s for s in self._keys.slots if s.id != target.id]
        self._rotate(remaining, secrets.token_bytes(32))
        self.notify("key_slot_change", change="remove_user", target_user=target.label)

    def _rotate(
        self,
        remaining: list[KeySlot],
        new_dek: bytes,
        *,
        replacement: KeySlot | None = None,
        replaces: str | None = None,
    ) -> None:
        """Seal ``new_dek`` to every slot in ``remaining`` and re-encrypt vault.db under it.

        Crash-safe in steps: announce the new key in ``pending`` (authenticated under both keys),
        rekey (one SQLite transaction: the cut-over), checkpoint so the file's salt is the new
        one, record the generation in the database, fold the announcement into the slots. A crash
        before the rekey's commit leaves the old key working (the next open forgets the
        announcement); after it, the next open with any remaining slot finishes the rotation.
        """
        new_generation = self._keys.generation + 1
        salt = generation.salt_for(new_generation)
        sealed = {
            s.id: (
                s.sealed_dek
                if replacement is not None and s.id == replacement.id
                else keyfile.seal_dek(new_dek, s.public_key, self.vault_id, s.id, new_generation)
            )
            for s in remaining
        }
        pending = PendingRotation(
            generation=new_generation,
            sealed=sealed,
            salt=keyfile.b64(salt),
            replacement=replacement,
            replaces=replaces,
        )
        announced = self._keys.model_copy(update={"pending": pending}).with_pending_sealed(new_dek)
        self._write_keys(announced)
        self.db.checkpoint()
        self.db.rekey(new_dek + salt)
        self.db.checkpoint()
        self._dek = new_dek
        generation.record(self.db, new_generation)
        self._write_keys(_fold_rotation(self._keys), new_dek)

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


# Callbacks run right after every unlock/create and before every lock (the access log uses them).
OPEN_HOOKS: list[Callable[[Vault], None]] = []


def require_access_log() -> None:
    """Fail closed: a program that did not connect the access log (carecoord.workspace) gets no
    vault, rather than one whose logins and reads go unlogged."""
    if not OPEN_HOOKS:
        raise AccessLogNotConnected(
            _("The access log is not connected, so the vault stays closed.")
        )


LOCK_HOOKS: list[Callable[[Vault], None]] = []
# Called after a change to the vault itself succeeded (key-slot changes, backups) with the event
# name and codes or user names only. The access log registers here, so this package never imports it.
EVENT_HOOKS: list[Callable[[Vault, str, dict[str, str]], None]] = []
# Called when an unlock fails on its credentials, with (folder, key file, user name as typed or
# None, "passphrase" | "recovery_key"); never with the secret. vault.db and vault.keys must stay
# byte-for-byte unchanged after a failed attempt, so a hook may only write a file of its own.
FAILED_UNLOCK_HOOKS: list[Callable[[Path, KeyFile, str | None, str], None]] = []


def _report_failed_unlock(folder: Path, keys: KeyFile, credentials: Credentials) -> None:
    method = "recovery_key" if credentials.recovery_key else "passphrase"
    for hook in FAILED_UNLOCK_HOOKS:
        try:
            hook(folder, keys, credentials.user, method)
        except Exception:  # noqa: S112 - a failed unlock must report AuthenticationFailed, always
            continue


# What other modules import from here; the credential checks, the opening of vault.db and the
# verify report moved to their own modules (issue 14), and stay importable from this one.
__all__ = [
    "BACKUP_DIR",
    "DB_NAME",
    "EVENT_HOOKS",
    "FAILED_UNLOCK_HOOKS",
    "KEYS_NAME",
    "LOCK_HOOKS",
    "OPEN_HOOKS",
    "VERIFY_HOOKS",
    "Credentials",
    "Vault",
    "VerifyCheck",
    "VerifyHook",
    "VerifyReport",
    "require_access_log",
    "validate_user_name",
]
