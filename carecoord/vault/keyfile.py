"""``vault.keys``: the versioned JSON file of key slots (LUKS-style).

A random data key (DEK) is wrapped once per slot with AES-256-GCM under a key derived with Argon2id
from the slot's secret. The associated data binds the vault id, the slot id and the format version,
so a slot copied from another vault or another position never opens. (The DEK is sealed to each
slot's public key, see KeySlot.)

Four layers tell a wrong passphrase apart from a tampered file where that is possible:
- a SHA-256 checksum over the file's content catches any edit that did not recompute it;
- a short check value derived from the slot's key (``kek_check``) tells a wrong secret apart from
  a slot whose wrapped key, nonce or associated data (vault id, slot id) was edited: with the right
  secret the check matches but the AES-GCM tag fails. A changed salt or KDF setting changes the
  derived key itself and cannot be told apart from a wrong secret;
- once the DEK is known, an HMAC over the whole content (keyed from the DEK) catches a slot that was
  added, removed or altered by anyone without the DEK.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from carecoord.atomic import write_atomic
from carecoord.errors import NotAVault
from carecoord.i18n import _
from carecoord.vault import kdf
from carecoord.vault.checks import KEY_FILE, VaultCheckFailed

FORMAT = "carecoord-vault-keys"
FORMAT_VERSION = 1
NONCE_BYTES = 12
KEK_CHECK_BYTES = 16
PUBLIC_KEY_BYTES = 32
WRAPPED_PRIVATE_BYTES = 32 + 16  # X25519 private key + GCM tag
SEALED_DEK_BYTES = 32 + NONCE_BYTES + 32 + 16  # ephemeral public key | nonce | DEK + tag

SlotKind = Literal["passphrase", "recovery"]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def hkdf(key: bytes, purpose: str, length: int = 32) -> bytes:
    return HKDF(algorithm=SHA256(), length=length, salt=None, info=purpose.encode()).derive(key)


class KeySlot(BaseModel):
    """One way in. The slot's secret unlocks an X25519 private key; the DEK is sealed to the public
    key. Sealing to a public key lets the DEK be rotated for every remaining slot without knowing
    their passphrases, while a removed user, who only ever held their own private key, cannot
    open the newly sealed DEK.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern="^[0-9a-f]{32}$")
    kind: SlotKind
    # The coordinator's user name for passphrase slots; "recovery" for the recovery slot. A user
    # name is not client data, and it is needed before unlock to pick the slot.
    label: str = Field(min_length=1, max_length=64)
    kdf: kdf.KdfParams
    salt: str
    device_bound: bool = False
    public_key: str
    private_nonce: str
    wrapped_private_key: str
    sealed_dek: str
    created: str
    # HKDF of the slot's key: costs an attacker the same Argon2id run per guess as the GCM tag.
    kek_check: str | None = None


class AuditHead(BaseModel):
    """Latest access-log sequence number and MAC: detects truncation or a rolled-back database."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seq: int = Field(ge=0)
    mac: str


class PendingRotation(BaseModel):
    """A DEK rotation in progress: the new DEK sealed to each remaining slot.

    Written before ``PRAGMA rekey`` and folded into the slots after it, so a crash at any point
    leaves one key that opens the database (DESIGN.md §3: nothing is ever silently lost).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    generation: int = Field(ge=1)
    sealed: dict[str, str]
    # The SQLCipher salt the rekey gives vault.db (carries the generation, see generation.py); it
    # must be given when opening a database whose WAL still holds the rekeyed pages.
    salt: str | None = None
    # A passphrase change replaces the slot ``replaces`` by ``replacement`` (sealed to the new DEK).
    replacement: KeySlot | None = None
    replaces: str | None = None
    # HMAC keyed from the *new* DEK: the replacement slot's owner knows only that key, and must
    # still be able to tell this announcement from one an attacker wrote (pending_mac_valid).
    mac: str = ""


class KeyFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["carecoord-vault-keys"] = "carecoord-vault-keys"
    version: int = FORMAT_VERSION
    vault_id: str = Field(pattern="^[0-9a-f]{32}$")
    generation: int = Field(default=1, ge=1)
    slots: tuple[KeySlot, ...]
    pending: PendingRotation | None = None
    audit_head: AuditHead | None = None
    mac: str = ""

    # -- content integrity -------------------------------------------------------------------
    def content(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"mac"})

    def canonical(self) -> bytes:
        return json.dumps(self.content(), sort_keys=True, separators=(",", ":")).encode()

    def compute_mac(self, dek: bytes) -> str:
        return hmac.new(
            hkdf(dek, "carecoord vault.keys mac"), self.canonical(), "sha256"
        ).hexdigest()

    def sealed_with(self, dek: bytes) -> KeyFile:
        return self.model_copy(update={"mac": self.compute_mac(dek)})

    def mac_valid(self, dek: bytes) -> bool:
        return hmac.compare_digest(self.mac, self.compute_mac(dek))

    def _pending_mac(self, new_dek: bytes) -> str:
        assert self.pending is not None
        bare = self.model_copy(update={"pending": self.pending.model_copy(update={"mac": ""})})
        return hmac.new(
            hkdf(new_dek, "carecoord vault.keys pending mac"), bare.canonical(), "sha256"
        ).hexdigest()

    def with_pending_sealed(self, new_dek: bytes) -> KeyFile:
        """The announced rotation authenticated under the new DEK (before the file's own MAC)."""
        assert self.pending is not None
        pending = self.pending.model_copy(update={"mac": self._pending_mac(new_dek)})
        return self.model_copy(update={"pending": pending, "mac": ""})

    def pending_mac_valid(self, new_dek: bytes) -> bool:
        return self.pending is not None and hmac.compare_digest(
            self.pending.mac, self._pending_mac(new_dek)
        )

    # -- slots ---------------------------------------------------------------------------------
    def passphrase_slots(self) -> list[KeySlot]:
        return [s for s in self.slots if s.kind == "passphrase"]

    def recovery_slot(self) -> KeySlot | None:
        return next((s for s in self.slots if s.kind == "recovery"), None)

    def slot_for_user(self, user: str) -> KeySlot | None:
        wanted = user.casefold()
        return next((s for s in self.passphrase_slots() if s.label.casefold() == wanted), None)


def new_vault_id() -> str:
    return uuid.uuid4().hex


def _private_ad(vault_id: str, slot_id: str) -> bytes:
    return f"{FORMAT}/v{FORMAT_VERSION}/{vault_id}/{slot_id}/private".encode()


def _dek_ad(vault_id: str, slot_id: str, generation: int) -> bytes:
    return f"{FORMAT}/v{FORMAT_VERSION}/{vault_id}/{slot_id}/dek/{generation}".encode()


def slot_kek(
    secret: bytes, salt: bytes, params: kdf.KdfParams, device_secret: bytes | None
) -> bytes:
    stretched = kdf.derive(secret, salt, params)
    if device_secret is not None:
        # 2SKD-style: both the passphrase and the device secret are needed.
        return hkdf(stretched + device_secret, "carecoord device-bound kek")
    return stretched


def _kek_check(kek: bytes) -> str:
    return b64(hkdf(kek, "carecoord kek check", KEK_CHECK_BYTES))


def seal_dek(dek: bytes, public_key_b64: str, vault_id: str, slot_id: str, generation: int) -> str:
    """ECIES: ephemeral X25519 + HKDF + AES-256-GCM. Output: eph_pub | nonce | ciphertext."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(unb64(public_key_b64)))
    eph_pub = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key = hkdf(shared + eph_pub, "carecoord dek seal")
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = AESGCM(key).encrypt(nonce, dek, _dek_ad(vault_id, slot_id, generation))
    return b64(eph_pub + nonce + ciphertext)


def unseal_dek(
    sealed: str, private_key: X25519PrivateKey, vault_id: str, slot_id: str, generation: int
) -> bytes | None:
    blob = unb64(sealed)
    eph_pub, nonce, ciphertext = blob[:32], blob[32 : 32 + NONCE_BYTES], blob[32 + NONCE_BYTES :]
    try:
        # An edited ephemeral key can be a low-order point, which X25519 refuses with ValueError.
        shared = private_key.exchange(X25519PublicKey.from_public_bytes(eph_pub))
        key = hkdf(shared + eph_pub, "carecoord dek seal")
        return AESGCM(key).decrypt(nonce, ciphertext, _dek_ad(vault_id, slot_id, generation))
    except (InvalidTag, ValueError):
        return None


def make_slot(
    *,
    vault_id: str,
    generation: int,
    dek: bytes,
    kind: SlotKind,
    label: str,
    secret: bytes,
    params: kdf.KdfParams,
    device_secret: bytes | None = None,
) -> KeySlot:
    slot_id = uuid.uuid4().hex
    salt = secrets.token_bytes(kdf.SALT_BYTES)
    private = X25519PrivateKey.generate()
    public_b64 = b64(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    kek = slot_kek(secret, salt, params, device_secret)
    nonce = secrets.token_bytes(NONCE_BYTES)
    raw_private = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    wrapped = AESGCM(kek).encrypt(nonce, raw_private, _private_ad(vault_id, slot_id))
    return KeySlot(
        id=slot_id,
        kind=kind,
        label=label,
        kdf=params,
        salt=b64(salt),
        device_bound=device_secret is not None,
        public_key=public_b64,
        private_nonce=b64(nonce),
        wrapped_private_key=b64(wrapped),
        sealed_dek=seal_dek(dek, public_b64, vault_id, slot_id, generation),
        created=datetime.now(UTC).replace(microsecond=0).isoformat(),
        kek_check=_kek_check(kek),
    )


def unwrap_private_key(
    keyfile: KeyFile, slot: KeySlot, secret: bytes, device_secret: bytes | None
) -> X25519PrivateKey | None:
    """The slot's private key, or None when the secret is wrong (costs one Argon2id run).

    Raises VaultCheckFailed when the secret is right (the slot's check value matches) but the
    wrapped key does not open: the slot or the vault id was edited.
    """
    kek = slot_kek(secret, unb64(slot.salt), slot.kdf, device_secret)
    if slot.kek_check is not None and not hmac.compare_digest(
        slot.kek_check.encode(), _kek_check(kek).encode()
    ):
        return None
    try:
        raw = AESGCM(kek).decrypt(
            unb64(slot.private_nonce),
            unb64(slot.wrapped_private_key),
            _private_ad(keyfile.vault_id, slot.id),
        )
    except InvalidTag:
        if slot.kek_check is None:
            return None
        raise VaultCheckFailed(
            KEY_FILE,
            _(
                "The vault's key file (vault.keys) has been altered: the passphrase or recovery "
                "key is right but its key slot no longer opens. "
                "Restore the vault from a backup (carecoord vault restore FILE)."
            ),
        ) from None
    return X25519PrivateKey.from_private_bytes(raw)


# -- the file on disk ----------------------------------------------------------------------------


def _checksum(body: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()


def dumps(keyfile: KeyFile) -> bytes:
    body = keyfile.model_dump(mode="json")
    document = {"checksum": _checksum(body), **body}
    return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode()


def loads(data: bytes) -> KeyFile:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise VaultCheckFailed(
            KEY_FILE,
            _(
                "The vault's key file (vault.keys) is damaged: it is not readable JSON. "
                "Restore the vault from a backup (carecoord vault restore FILE)."
            ),
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise NotAVault(_("vault.keys is not a CareCoord key file."))
    if document.get("version") != FORMAT_VERSION:
        raise VaultCheckFailed(
            KEY_FILE,
            _(
                "vault.keys has format version %(version)s, which this version of "
                "CareCoord does not know. Use a newer CareCoord or restore a backup."
            )
            % {"version": repr(document.get("version"))},
        )
    stated = document.pop("checksum", None)
    if stated != _checksum(document):
        raise VaultCheckFailed(
            KEY_FILE,
            _(
                "The vault's key file (vault.keys) has been altered or damaged (checksum mismatch). "
                "Restore the vault from a backup (carecoord vault restore FILE)."
            ),
        )
    try:
        keyfile = KeyFile.model_validate(document)
        sealed = [s.sealed_dek for s in keyfile.slots]
        sealed += list(keyfile.pending.sealed.values()) if keyfile.pending else []
        replacement = keyfile.pending.replacement if keyfile.pending else None
        sealed += [replacement.sealed_dek] if replacement else []
        if keyfile.pending and keyfile.pending.salt and len(unb64(keyfile.pending.salt)) != 16:
            raise ValueError("bad salt length")
        for slot in (*keyfile.slots, *([replacement] if replacement else [])):
            if (
                len(unb64(slot.salt)) != kdf.SALT_BYTES
                or len(unb64(slot.public_key)) != PUBLIC_KEY_BYTES
                or len(unb64(slot.private_nonce)) != NONCE_BYTES
                or len(unb64(slot.wrapped_private_key)) != WRAPPED_PRIVATE_BYTES
                or (slot.kek_check is not None and len(unb64(slot.kek_check)) != KEK_CHECK_BYTES)
            ):
                raise ValueError("bad key length")
        if any(len(unb64(blob)) != SEALED_DEK_BYTES for blob in sealed):
            raise ValueError("bad sealed key length")
    except (ValidationError, ValueError) as exc:
        raise VaultCheckFailed(
            KEY_FILE,
            _(
                "The vault's key file (vault.keys) has invalid content. "
                "Restore the vault from a backup (carecoord vault restore FILE)."
            ),
        ) from exc
    return keyfile


def read(path: Path) -> KeyFile:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise NotAVault(
            _("No vault found in this folder (missing %(name)s).") % {"name": path.name}
        ) from exc
    return loads(data)


def write(path: Path, keyfile: KeyFile) -> None:
    write_atomic(path, dumps(keyfile))
