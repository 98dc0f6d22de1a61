"""The two kinds of transfer key as text: an age recipient, an Ed25519 public key.

pyrage has no type information; this module is the one place that calls it, so the rest of
the package sees plain ``str`` and ``bytes``.
"""

from __future__ import annotations

import base64
import binascii

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from carecoord.errors import InputRejected
from carecoord.i18n import _


def new_age_identity() -> tuple[str, str]:
    """A new X25519 identity: (``AGE-SECRET-KEY-1…``, ``age1…``)."""
    identity = pyrage.x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def checked_recipient(text: str) -> str:
    """An age X25519 recipient (``age1…``) as given, or InputRejected."""
    text = text.strip()
    try:
        return str(pyrage.x25519.Recipient.from_str(text))
    except Exception:  # pyrage raises its own RecipientError (and ValueError for some inputs)
        raise InputRejected(
            _("This is not an age recipient; it starts with age1 (see: carecoord transfer key).")
        ) from None


def signing_text(public: bytes) -> str:
    """An Ed25519 public key as printed by ``transfer key``: base64 of its 32 bytes."""
    return base64.b64encode(public).decode("ascii")


def signing_from_text(text: str) -> bytes:
    """The 32 bytes of a printed Ed25519 public key, or InputRejected."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise InputRejected(
            _("This is not a signing key; it is the 44 characters 'transfer key' prints.")
        ) from None
    return raw


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def age_encrypt(plaintext: bytes, recipient: str) -> bytes:
    return bytes(pyrage.encrypt(plaintext, [pyrage.x25519.Recipient.from_str(recipient)]))


class NotForThisVault(InputRejected):
    """The package is sealed to another vault's recipient."""


def age_decrypt(ciphertext: bytes, identity: str) -> bytes:
    """The plaintext, in memory; InputRejected when the file is not sealed to this identity
    (:class:`NotForThisVault`) or was changed (age authenticates its header and every chunk)."""
    try:
        return bytes(pyrage.decrypt(ciphertext, [pyrage.x25519.Identity.from_str(identity)]))
    except Exception as exc:  # pyrage.DecryptError; its text is not for the user
        if "no matching keys" in str(exc).lower():
            raise NotForThisVault(
                _(
                    "This package is sealed to another vault, not to this one; nothing was "
                    "received. Ask the sender to seal it to this vault's recipient."
                )
            ) from None
        raise InputRejected(
            _(
                "This package is damaged or was changed after it was sealed; nothing was "
                "received. Ask the sender for a new one."
            )
        ) from None
