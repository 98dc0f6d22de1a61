"""Changing who can unlock a vault: passphrases, users added and removed, data-key rotation.

An unlocked :class:`~carecoord.vault.vault.Vault` is this plus opening, locking and verifying;
the key-slot changes are their own job (each rewrites vault.keys, and the rotations re-encrypt
vault.db crash-safely), so they live here as the Vault's base class and keep their method names
(``vault.add_user(...)``).
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from carecoord.errors import InputRejected, KeyringUnavailable
from carecoord.i18n import _
from carecoord.vault import generation, kdf, keyfile, passphrase
from carecoord.vault.authentication import _fold_rotation
from carecoord.vault.device import DeviceSecretStore
from carecoord.vault.keyfile import KeyFile, KeySlot, PendingRotation
from carecoord.vault.opening import KEYS_NAME

if TYPE_CHECKING:
    from carecoord.vault.database import Database

_USER_NAME = re.compile(r"^[\w .@'-]{1,64}$")


def validate_user_name(name: str) -> str:
    name = name.strip()
    if not _USER_NAME.match(name) or name.casefold() == "recovery":
        raise InputRejected(
            _("A user name has 1 to 64 letters, digits, spaces or . @ ' - and is not 'recovery'.")
        )
    return name


def require_strong(new_passphrase: str, user: str) -> None:
    reasons = passphrase.weaknesses(new_passphrase, user)
    if reasons:
        raise InputRejected(
            _("The passphrase is too weak: %(reasons)s.") % {"reasons": "; ".join(reasons)}
        )


class KeySlotChanges:
    """The key-slot methods of :class:`~carecoord.vault.vault.Vault`, which sets these fields."""

    folder: Path
    _keys: KeyFile
    _slot: KeySlot
    _dek: bytes | None
    _device_store: DeviceSecretStore | None

    if TYPE_CHECKING:  # defined by Vault

        @property
        def vault_id(self) -> str: ...
        @property
        def db(self) -> Database: ...
        @property
        def dek(self) -> bytes: ...
        def notify(self, event: str, **detail: str) -> None: ...

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
        require_strong(new_passphrase, name)
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
