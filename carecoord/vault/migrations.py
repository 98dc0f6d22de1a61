"""Forward-only schema migrations on ``PRAGMA user_version``.

Each ``carecoord/schema/NNNN_name.sql`` is one version. A migration runs in one transaction
together with the version bump, so a crash leaves the previous version intact; before migrating an
existing vault a backup copy (encrypted) is taken inside the vault folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from carecoord.errors import VaultTooNew
from carecoord.i18n import _
from carecoord.vault.database import Database

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def all_migrations() -> list[Migration]:
    found = []
    for entry in resources.files("carecoord.schema").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    # The first release's areas took number ranges (cases 0002–0009, audit 0010–0019,
    # statistics 0020–0029, letters 0030–0039). Vaults now exist at a version, and only numbers
    # above it ever run: every new migration takes a number above the highest one here, whatever
    # its area (0040 key generation, 0043 statistics status). Gaps are allowed, duplicates not.
    if len(set(versions)) != len(versions) or (versions and versions[0] != 1):
        raise RuntimeError("schema migrations must have unique numbers, starting at 0001")
    return found


def latest_version() -> int:
    return max(m.version for m in all_migrations())


def check_not_newer(db: Database) -> None:
    if db.user_version > latest_version():
        raise VaultTooNew(
            _(
                "This vault has schema version %(version)d, newer than this version of "
                "CareCoord supports (%(latest)d). Install the newer CareCoord it was used with."
            )
            % {"version": db.user_version, "latest": latest_version()}
        )


def pending(db: Database) -> list[Migration]:
    check_not_newer(db)
    return [m for m in all_migrations() if m.version > db.user_version]


def migrate(db: Database, before: Callable[[int], None] | None = None) -> int:
    """Apply every pending migration; ``before(from_version)`` runs first (the backup)."""
    todo = pending(db)
    if not todo:
        return 0
    if before is not None and db.user_version > 0:
        before(db.user_version)
    for migration in todo:
        with db.transaction():
            _run_statements(db, migration.sql)
            db.execute(f"PRAGMA user_version = {migration.version:d}")
    return len(todo)


def _run_statements(db: Database, script: str) -> None:
    # executescript would COMMIT our transaction; split on complete statements instead.
    import sqlcipher3

    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlcipher3.complete_statement(buffer):
            statement = buffer.strip()
            buffer = ""
            if statement and not all(
                part.strip().startswith("--") or not part.strip() for part in statement.splitlines()
            ):
                db.execute(statement)
    if buffer.strip() and not all(
        p.strip().startswith("--") or not p.strip() for p in buffer.splitlines()
    ):
        raise RuntimeError("incomplete SQL statement at the end of a migration")
