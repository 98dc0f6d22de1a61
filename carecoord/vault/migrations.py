"""Forward-only schema migrations on ``PRAGMA user_version``.

Each ``carecoord/schema/NNNN_name.sql`` is one version. A version may also have a data step in
Python, ``NNNN_name.py`` beside its .sql, with ``def migrate(db: Database) -> None``: what SQL
alone cannot say well (old codes mapped with dates, rows derived from history). The statements,
the data step and the version bump run in one transaction, so a crash or a failing step leaves
the previous version intact; before migrating an existing vault a backup copy (encrypted) is
taken inside the vault folder.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from carecoord.errors import VaultTooNew
from carecoord.i18n import _
from carecoord.vault.database import Database

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_STEP_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.py$")
_PACKAGE = "carecoord.schema"

DataStep = Callable[[Database], None]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str
    # Run after ``sql`` in the same transaction; None when the version is SQL only.
    step: DataStep | None = None


class _ModuleStep:
    """The ``migrate`` function of ``carecoord.schema.NNNN_name``, imported when it runs: a
    vault already at the newest version never loads the code of old data steps.

    Imported by module name, not by reading the .py as a resource: the frozen build keeps
    modules in its archive, not as files (packaging/carecoord.spec names them)."""

    def __init__(self, module: str) -> None:
        self.module = module

    def __call__(self, db: Database) -> None:
        function: DataStep = importlib.import_module(self.module).migrate
        function(db)


def _step_module(stem: str) -> str | None:
    module = f"{_PACKAGE}.{stem}"
    return module if importlib.util.find_spec(module) is not None else None


def all_migrations() -> list[Migration]:
    found = []
    steps = set()
    for entry in resources.files(_PACKAGE).iterdir():
        match = _NAME.match(entry.name)
        if match:
            module = _step_module(f"{match[1]}_{match[2]}")
            found.append(
                Migration(
                    int(match[1]),
                    match[2],
                    entry.read_text(encoding="utf-8"),
                    _ModuleStep(module) if module is not None else None,
                )
            )
        elif step := _STEP_NAME.match(entry.name):
            steps.add((int(step[1]), step[2]))
    # A data step belongs to the statements of its version; one without them would never run.
    orphans = steps - {(m.version, m.name) for m in found}
    if orphans:
        names = ", ".join(f"{v:04d}_{n}.py" for v, n in sorted(orphans))
        raise RuntimeError(f"schema data steps without the .sql of their version: {names}")
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
            if migration.step is not None:
                migration.step(db)
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
