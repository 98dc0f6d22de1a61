"""Authenticating credentials against the key slots of vault.keys: which slots to try, the
Argon2id unwrap of a slot's private key, and unsealing the data key (DEK) it holds.

Kept apart from carecoord.vault.vault (issue 14: one job per module); the vault reports a failed
attempt to the FAILED_UNLOCK_HOOKS of carecoord.vault.hook_points itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from carecoord.errors import AuthenticationFailed, KeyringUnavailable
from carecoord.i18n import _
from carecoord.vault import kdf, keyfile, passphrase, recovery
from carecoord.vault.checks import KEY_FILE, VaultCheckFailed
from carecoord.vault.device import DeviceSecretStore
from carecoord.vault.keyfile import KeyFile, KeySlot


@dataclass(frozen=True)
class Credentials:
    """What the user typed. ``user`` picks a passphrase slot; without it every slot is tried."""

    passphrase: str | None = None
    recovery_key: str | None = None
    user: str | None = None


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
