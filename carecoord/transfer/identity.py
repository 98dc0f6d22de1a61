"""This vault's transfer identity: made on first use, kept inside the vault (issue 19).

The one write path of ``transfer_identity``. The secret halves never leave this module except
to open a package (:func:`age_identity`) or sign one (:func:`signing_key`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from carecoord.transfer.fingerprint import fingerprint
from carecoord.transfer.keys import new_age_identity, public_bytes, signing_text
from carecoord.vault.database import Database


@dataclass(frozen=True)
class PublicKeys:
    """What a vault gives to another region: ``transfer key`` prints these three."""

    recipient: str  # age1…
    signing_public: bytes  # Ed25519, 32 bytes

    @property
    def signing(self) -> str:
        return signing_text(self.signing_public)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.recipient, self.signing_public)


def public_keys(db: Database) -> PublicKeys:
    """This vault's public keys; the identity is made (and kept) when there is none yet."""
    row = _row(db)
    return PublicKeys(recipient=str(row[1]), signing_public=bytes(row[3]))


def has_identity(db: Database) -> bool:
    """Whether the identity was made: a vault that never gave its keys cannot be sealed to, and
    receiving must not make one (a refused package writes nothing)."""
    return db.scalar("SELECT 1 FROM transfer_identity WHERE id = 1") is not None


def age_identity(db: Database) -> str:
    return str(_row(db)[0])


def signing_key(db: Database) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes(_row(db)[2]))


def _row(db: Database) -> tuple[Any, ...]:
    select = (
        "SELECT age_identity, age_recipient, signing_private, signing_public"
        " FROM transfer_identity WHERE id = 1"
    )
    rows = db.all(select)
    if rows:
        return tuple(rows[0])
    with db.transaction():
        rows = db.all(select)  # another writer may have made it meanwhile
        if not rows:
            secret, recipient = new_age_identity()
            key = Ed25519PrivateKey.generate()
            private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
            db.execute(
                "INSERT INTO transfer_identity(id, age_identity, age_recipient, signing_private,"
                " signing_public, created_at) VALUES (1, ?, ?, ?, ?, ?)",
                (
                    secret,
                    recipient,
                    private,
                    public_bytes(key.public_key()),
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
            rows = db.all(select)
    return tuple(rows[0])
