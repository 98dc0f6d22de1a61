"""What a vault holds, as one digest: proof that a refused command changed nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

from carecoord.vault import Credentials, Vault

# Unlocking appends to the access log by design (NEN 7513), so its tables are not compared.
_CHANGED_BY_UNLOCKING = ("access_log",)


def content_digest(folder: Path, passphrase: str) -> str:
    """SHA-256 over every row of every table except the access log's."""
    vault = Vault.unlock(folder, Credentials(passphrase=passphrase))
    try:
        db = vault.db
        digest = hashlib.sha256()
        tables = [
            r[0]
            for r in db.all(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE '%\\_fts%' ESCAPE '\\' ORDER BY name"
            )
        ]
        for table in tables:
            if table.startswith(_CHANGED_BY_UNLOCKING):
                continue
            digest.update(table.encode())
            for row in db.all(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(tuple(row)).encode())
        return digest.hexdigest()
    finally:
        vault.lock()


def case_count(folder: Path, passphrase: str) -> int:
    vault = Vault.unlock(folder, Credentials(passphrase=passphrase))
    try:
        return int(vault.db.scalar("SELECT count(*) FROM cases"))
    finally:
        vault.lock()
