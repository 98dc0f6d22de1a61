"""The short fingerprint of a vault's two transfer keys, to be read aloud by phone.

The first 100 bits of SHA-256 over the age recipient (its ASCII text), a newline and the 32 raw
bytes of the Ed25519 public key, as 20 base32 characters (RFC 4648 alphabet: no 0, 1, 8 or 9,
so no O/0 or I/1 to confuse) in five groups of four. 100 bits: an attacker must find keys of
their own whose fingerprint matches a given one (a second preimage), about 2^100 tries.
"""

from __future__ import annotations

import base64
import hashlib

from carecoord.errors import InputRejected
from carecoord.i18n import _

FINGERPRINT_CHARS = 20  # 100 bits at 5 bits per base32 character
GROUP = 4
_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def fingerprint(age_recipient: str, signing_public: bytes) -> str:
    """``ABCD-EFGH-IJKL-MNOP-QRST`` for the two public keys."""
    digest = hashlib.sha256(age_recipient.encode("ascii") + b"\n" + signing_public).digest()
    # 13 bytes are 104 bits; base32 of 13 bytes is 21 characters, the first 20 hold bits 0-99.
    text = base64.b32encode(digest[:13]).decode("ascii")[:FINGERPRINT_CHARS]
    return "-".join(text[i : i + GROUP] for i in range(0, FINGERPRINT_CHARS, GROUP))


def normalised(text: str) -> str:
    """A fingerprint as someone typed it (spaces, dashes, lower case) in its printed form, or
    InputRejected when it cannot be one."""
    plain = "".join(ch for ch in text.upper() if ch not in " -\t")
    if len(plain) != FINGERPRINT_CHARS or not set(plain) <= _ALPHABET:
        raise InputRejected(
            _(
                "A fingerprint has 20 letters and digits (2 to 7), in groups of four, "
                "e.g. ABCD-EFGH-IJKL-MNOP-QRST."
            )
        )
    return "-".join(plain[i : i + GROUP] for i in range(0, FINGERPRINT_CHARS, GROUP))
