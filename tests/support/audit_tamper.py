"""What an attacker holding the data key could do to the access log with a SQLCipher shell.

The append-only triggers are dropped first, as such an attacker would; the MAC chain and the head
in vault.keys must still give every change away.
"""

from __future__ import annotations

import secrets

from carecoord.vault.database import Database

COLUMNS = (
    "at_utc, user_name, workstation, action, case_ref, client_ref, on_behalf_of, detail, "
    "search_digests, mac"
)


def unprotect(db: Database) -> None:
    db.execute("DROP TRIGGER IF EXISTS access_log_no_update")
    db.execute("DROP TRIGGER IF EXISTS access_log_delete_only_pruned")


def last_seq(db: Database) -> int:
    return int(db.scalar("SELECT coalesce(max(seq), 0) FROM access_log"))


def modify(db: Database, seq: int, column: str = "user_name") -> None:
    unprotect(db)
    if column == "mac":
        db.execute("UPDATE access_log SET mac = ? WHERE seq = ?", (secrets.token_hex(32), seq))
    elif column == "at_utc":
        db.execute(
            "UPDATE access_log SET at_utc = '2020-01-01T00:00:00.000000Z' WHERE seq = ?", (seq,)
        )
    else:
        db.execute(f"UPDATE access_log SET {column} = 'mallory' WHERE seq = ?", (seq,))


def delete(db: Database, seq: int) -> None:
    unprotect(db)
    db.execute("DELETE FROM access_log WHERE seq = ?", (seq,))


def truncate(db: Database, keep: int) -> None:
    """Delete every entry after ``keep``."""
    unprotect(db)
    db.execute("DELETE FROM access_log WHERE seq > ?", (keep,))


def swap(db: Database, seq: int) -> None:
    """Swap the contents of entries ``seq`` and ``seq + 1`` (each keeps its MAC column too)."""
    unprotect(db)
    a = db.all(f"SELECT {COLUMNS} FROM access_log WHERE seq = ?", (seq,))[0]
    b = db.all(f"SELECT {COLUMNS} FROM access_log WHERE seq = ?", (seq + 1,))[0]
    assignments = ", ".join(f"{c.strip()} = ?" for c in COLUMNS.split(","))
    db.execute(f"UPDATE access_log SET {assignments} WHERE seq = ?", (*b, seq))
    db.execute(f"UPDATE access_log SET {assignments} WHERE seq = ?", (*a, seq + 1))


def insert(db: Database, seq: int) -> None:
    """Insert a forged entry at ``seq``, renumbering the entries from there on."""
    unprotect(db)
    for existing in range(last_seq(db), seq - 1, -1):
        db.execute("UPDATE access_log SET seq = ? WHERE seq = ?", (existing + 1, existing))
    db.execute(
        f"INSERT INTO access_log (seq, {COLUMNS}) VALUES (?, '2026-01-01T00:00:00.000000Z', "
        "'mallory', 'elsewhere', 'read', 'case-1', NULL, NULL, NULL, NULL, ?)",
        (seq, secrets.token_hex(32)),
    )
