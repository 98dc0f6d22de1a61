"""The vault: a folder holding ``vault.db`` (SQLCipher) and ``vault.keys`` (key slots).

Threading: a Vault and its Database belong to the thread that unlocked it (the vault worker in the
app, the main thread on the command line).
"""

from __future__ import annotations

import re
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from carecoord.errors import (
    AccessLogNotConnected,
    AuthenticationFailed,
    CareCoordError,
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
from carecoord.vault.checks import KEY_FILE, PAGE_INTEGRITY, SCHEMA, VaultCheckFailed
from carecoord.vault.database import Database
from carecoord.vault.device import DeviceSecretStore
from carecoord.vault.keyfile import KeyFile, KeySlot, PendingRotation
from carecoord.vault.lock import ProcessLock

DB_NAME = "vault.db"
KEYS_NAME = "vault.keys"
BACKUP_DIR = "backups"

_USER_NAME = re.compile(r"^[\w .@'-]{1,64}$")


@dataclass(frozen=True)
class Credentials:
    """What the user typed. ``user`` picks a passphrase slot; without it every slot is tried."""

    passphrase: str | None = None
    recovery_key: str | None = None
    user: str | None = None


@dataclass
class VerifyCheck:
    name: str
    ok: bool
    detail: str = ""


@dataclass
class VerifyReport:
    checks: list[VerifyCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def first_failure(self) -> VerifyCheck | None:
        return next((c for c in self.checks if not c.ok), None)


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


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


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


def _fold_rotation(keys: KeyFile) -> KeyFile:
    assert keys.pending is not None
    pending = keys.pending
    replaced = [
        pending.replacement if pending.replacement and s.id == pending.replaces else s
        for s in keys.slots
    ]
    slots = tuple(
        s.model_copy(update={"sealed_dek": pending.sealed[s.id]})
        for s in replaced
        if s.id in pending.sealed
    )
    return keys.model_copy(
        update={"slots": slots, "generation": pending.generation, "pending": None, "mac": ""}
    )


def _candidate_slots(keys: KeyFile, credentials: Credentials) -> tuple[list[KeySlot], bytes]:
    if credentials.recovery_key:
        canonical = recovery.normalise(credentials.recovery_key)
        slot = keys.recovery_slot()
        if slot is None:
            raise AuthenticationFailed(_("This vault has no recovery key slot."))
        return [slot], recovery.secret_bytes(canonical)
    if not credentials.passphrase:
        raise AuthenticationFailed(_("No passphrase was given."))
    if credentials.user:
        slot = keys.slot_for_user(credentials.user)
        slots = [slot] if slot else []
    else:
        slots = keys.passphrase_slots()
    replacement = _replacement(keys)
    if replacement is not None and (
        not credentials.user or replacement.label.casefold() == credentials.user.casefold()
    ):
        # A passphrase change a crash interrupted: the new passphrase's slot is only announced.
        slots.append(replacement)
    return slots, passphrase.encode(credentials.passphrase)


def _replacement(keys: KeyFile) -> KeySlot | None:
    return keys.pending.replacement if keys.pending is not None else None


def _unseal(keys: KeyFile, slot: KeySlot, private: X25519PrivateKey) -> bytes | None:
    """The slot's data key, checked against the key file's MAC under that key."""
    replacement = _replacement(keys)
    if replacement is not None and slot.id == replacement.id:
        assert keys.pending is not None
        dek = keyfile.unseal_dek(
            slot.sealed_dek, private, keys.vault_id, slot.id, keys.pending.generation
        )
        return dek if dek is not None and keys.pending_mac_valid(dek) else None
    dek = keyfile.unseal_dek(slot.sealed_dek, private, keys.vault_id, slot.id, keys.generation)
    return dek if dek is not None and keys.mac_valid(dek) else None


def _authenticate(
    keys: KeyFile, credentials: Credentials, device_store: DeviceSecretStore | None
) -> tuple[KeySlot, X25519PrivateKey, bytes]:
    slots, secret = _candidate_slots(keys, credentials)
    keyring_problem: KeyringUnavailable | None = None
    for slot in slots:
        if not kdf.acceptable(slot.kdf):
            raise VaultCheckFailed(
                KEY_FILE,
                _(
                    "A key slot in vault.keys has key-derivation settings below the safe minimum; "
                    "the file was altered. "
                    "Restore the vault from a backup (carecoord vault restore FILE)."
                ),
            )
        device_secret = None
        if slot.device_bound:
            try:
                if device_store is None:
                    raise KeyringUnavailable(_("No system keyring is available."))
                device_secret = device_store.get(keys.vault_id)
            except KeyringUnavailable as exc:
                keyring_problem = exc
                continue
            if device_secret is None:
                keyring_problem = KeyringUnavailable(
                    _(
                        "This passphrase is bound to another workstation (its device secret is not in "
                        "this computer's keyring). Unlock with the recovery key."
                    )
                )
                continue
        private = keyfile.unwrap_private_key(keys, slot, secret, device_secret)
        if private is None:
            continue
        dek = _unseal(keys, slot, private)
        if dek is None:
            raise VaultCheckFailed(
                KEY_FILE,
                _(
                    "The vault's key file (vault.keys) has been altered: the passphrase or recovery "
                    "key is right but the file's contents do not match. "
                    "Restore the vault from a backup (carecoord vault restore FILE)."
                ),
            )
        return slot, private, dek
    if keyring_problem is not None and len(slots) == 1:
        raise keyring_problem
    if credentials.recovery_key:
        raise AuthenticationFailed(_("The recovery key is not the one for this vault."))
    raise AuthenticationFailed(_("Wrong user name or passphrase."))


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
            "page integrity", False, _("%(count)d page(s) fail their HMAC") % {"count": len(rows)}
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
    db.export_encrypted(target_dir / f"pre-migration-v{from_version}-{_timestamp()}.db", dek)
