"""The key file's generation, recorded in the database, so that an old ``vault.keys`` is refused.

Every change of the key slots (a passphrase changed, a user added or removed) bumps the generation
in vault.keys, where it is covered by the file's HMAC and bound into every sealed data key, and
then in the database's ``key_generation`` table (schema 0040). The key file is always written
first, so the database may lag it (a crash between the two writes; the next open catches it up)
but never leads it: a key file older than the database is an old copy that was put back.

A passphrase change or a removed user also re-encrypts the database under a new data key, so an
old key file's key cannot read the table at all. For that case each rekey gives vault.db a
SQLCipher salt (the file's first 16 bytes, the only part SQLCipher leaves in the clear) that
carries the generation, masked so that the file still starts with random-looking bytes. The salt
is not authenticated: it only chooses the message of a refusal that happens anyway.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from carecoord.errors import AuthenticationFailed
from carecoord.i18n import _
from carecoord.vault.checks import KEY_FILE, VaultCheckFailed
from carecoord.vault.database import Database

SALT_BYTES = 16
_SALT_LABEL = b"carecoord vault.db generation"
# A random salt decodes to a generation below this bound with a chance of 2**-32.
_PLAUSIBLE = 2**32


def key_file_older(keys_generation: int, db_generation: int) -> VaultCheckFailed:
    return VaultCheckFailed(
        KEY_FILE,
        _(
            "The key file is older than the database: an old copy of vault.keys was put back "
            "after a passphrase or user change (key file generation %(keys)d, database "
            "%(db)d); it no longer opens the vault. Put the current vault.keys back, or restore "
            "both files from one backup (carecoord vault restore FILE)."
        )
        % {"keys": keys_generation, "db": db_generation},
    )


def passphrase_was_changed() -> AuthenticationFailed:
    return AuthenticationFailed(_("This passphrase was changed; unlock with the new one."))


def change_interrupted() -> AuthenticationFailed:
    return AuthenticationFailed(
        _(
            "The passphrase change was interrupted before it took effect; unlock with the "
            "previous passphrase and change it again."
        )
    )


# -- the record in the database ------------------------------------------------------------------


def _table_exists(db: Database) -> bool:
    return bool(
        db.scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
            ("key_generation",),
        )
    )


def recorded(db: Database) -> int | None:
    if not _table_exists(db):
        return None  # a vault from before schema 0040, not migrated yet
    value = db.scalar("SELECT generation FROM key_generation WHERE one = 1")
    return None if value is None else int(value)


def is_older(db: Database, keys_generation: int) -> bool:
    """True when the database records a later key file than the one that opened it."""
    db_generation = recorded(db)
    return db_generation is not None and db_generation > keys_generation


def refuse_older(db: Database, keys_generation: int) -> None:
    if is_older(db, keys_generation):
        raise key_file_older(keys_generation, recorded(db) or 0)


def record(db: Database, generation: int) -> None:
    with db.transaction():
        db.execute(
            "INSERT INTO key_generation (one, generation) VALUES (1, ?) "
            "ON CONFLICT (one) DO UPDATE SET generation = excluded.generation",
            (generation,),
        )


def settle(db: Database, keys_generation: int) -> None:
    """After migrating: adopt the key file's generation when none is recorded, or catch up."""
    refuse_older(db, keys_generation)
    db_generation = recorded(db)
    if db_generation is None or db_generation < keys_generation:
        record(db, keys_generation)


# -- the hint in the salt ----------------------------------------------------------------------


def _mask(random_part: bytes) -> bytes:
    return hashlib.sha256(_SALT_LABEL + random_part).digest()[:8]


def salt_for(generation: int) -> bytes:
    random_part = secrets.token_bytes(8)
    masked = bytes(
        a ^ b for a, b in zip(generation.to_bytes(8, "big"), _mask(random_part), strict=True)
    )
    return random_part + masked


def in_salt(salt: bytes) -> int | None:
    if len(salt) != SALT_BYTES:
        return None
    random_part, masked = salt[:8], salt[8:]
    value = int.from_bytes(bytes(a ^ b for a, b in zip(masked, _mask(random_part), strict=True)))
    return value if 1 <= value < _PLAUSIBLE else None


def in_file(path: Path) -> int | None:
    """The generation vault.db's salt carries, or None (a salt from before issue 12, or damage)."""
    try:
        with path.open("rb") as handle:
            return in_salt(handle.read(SALT_BYTES))
    except OSError:
        return None
