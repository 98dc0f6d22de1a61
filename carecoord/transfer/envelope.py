"""Sealing and opening a package: an age file whose plaintext is a signed JSON envelope.

Inside the age encryption (to the receiving vault's X25519 recipient) lies one JSON object:
the payload (base64 of its exact bytes), the sender's region name, age recipient and Ed25519
public key, a random package id, the payload's SHA-256, and an Ed25519 signature over the
package id, the recipient and that hash (:func:`signed_message`). So the signature is bound to
this recipient and this content: a package re-sealed to another vault, or with another payload,
no longer verifies. age authenticates every byte of the file, so a changed byte is refused
before anything is parsed. Everything here stays in memory.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.transfer.fingerprint import fingerprint
from carecoord.transfer.keys import age_decrypt, age_encrypt, public_bytes

ENVELOPE = "carecoord.transfer-envelope"
ENVELOPE_VERSION = 1
_DOMAIN = b"carecoord.transfer-signature/1\n"  # no signature made for anything else fits here


@dataclass(frozen=True)
class Sender:
    region: str
    recipient: str
    signing_public: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.recipient, self.signing_public)


@dataclass(frozen=True)
class OpenedPackage:
    """A package opened and its signature checked against the key it names (whether that key
    belongs to a known region is for :mod:`carecoord.transfer.receiving` to decide)."""

    package_id: str
    recipient: str
    sender: Sender
    payload: bytes


def signed_message(package_id: str, recipient: str, payload_sha256: str) -> bytes:
    return _DOMAIN + "\n".join((package_id, recipient, payload_sha256)).encode("ascii")


def new_package_id() -> str:
    return secrets.token_hex(16)


def seal(
    payload: bytes,
    *,
    recipient: str,
    sender_region: str,
    sender_recipient: str,
    signing_key: Ed25519PrivateKey,
    package_id: str | None = None,
) -> tuple[str, bytes]:
    """``(package id, the age file's bytes)``."""
    package_id = package_id or new_package_id()
    digest = hashlib.sha256(payload).hexdigest()
    envelope = {
        "envelope": ENVELOPE,
        "version": ENVELOPE_VERSION,
        "package_id": package_id,
        "recipient": recipient,
        "sender": {
            "region": sender_region,
            "recipient": sender_recipient,
            "signing_key": base64.b64encode(public_bytes(signing_key.public_key())).decode(),
        },
        "payload_sha256": digest,
        "signature": base64.b64encode(
            signing_key.sign(signed_message(package_id, recipient, digest))
        ).decode(),
        "payload": base64.b64encode(payload).decode("ascii"),
    }
    plaintext = json.dumps(envelope, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return package_id, age_encrypt(plaintext, recipient)


def _refused() -> InputRejected:
    return InputRejected(
        _("This file is not a CareCoord transfer package, or it was changed; nothing was received.")
    )


def open_package(data: bytes, *, identity: str, own_recipient: str) -> OpenedPackage:
    """Decrypt in memory and check the envelope and its signature, or InputRejected."""
    plaintext = age_decrypt(data, identity)
    try:
        envelope = json.loads(plaintext)
        if envelope.get("envelope") != ENVELOPE:
            raise _refused()
        if envelope.get("version") != ENVELOPE_VERSION:
            raise InputRejected(
                _("This package was sealed by a newer version of CareCoord; update CareCoord.")
            )
        package_id = str(envelope["package_id"])
        recipient = str(envelope["recipient"])
        sender = envelope["sender"]
        signing_public = base64.b64decode(sender["signing_key"], validate=True)
        payload = base64.b64decode(envelope["payload"], validate=True)
        digest = str(envelope["payload_sha256"])
        signature = base64.b64decode(envelope["signature"], validate=True)
        opened = OpenedPackage(
            package_id=package_id,
            recipient=recipient,
            sender=Sender(
                region=str(sender["region"]),
                recipient=str(sender["recipient"]),
                signing_public=signing_public,
            ),
            payload=payload,
        )
        key = Ed25519PublicKey.from_public_bytes(signing_public)
    except InputRejected:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
        raise _refused() from None
    if len(package_id) != 32 or not all(ch in "0123456789abcdef" for ch in package_id):
        raise _refused()
    if recipient != own_recipient:
        # Sealed to us, but signed for another recipient: someone re-sealed another's package.
        raise InputRejected(
            _("This package was signed for another vault, not for this one; nothing was received.")
        )
    if hashlib.sha256(payload).hexdigest() != digest:
        raise _refused()
    try:
        key.verify(signature, signed_message(package_id, recipient, digest))
    except InvalidSignature:
        raise InputRejected(
            _(
                "The package's signature does not match the key it names: it is not from the "
                "sender it claims; nothing was received."
            )
        ) from None
    return opened
