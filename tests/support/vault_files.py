"""Helpers that damage or inspect a vault folder the way a disk fault or an attacker would."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from carecoord.vault import Credentials, Vault

DB = "vault.db"
KEYS = "vault.keys"


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of vault.db and vault.keys (the two files that must never change by accident)."""
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in (DB, KEYS)
        if (folder / name).exists()
    }


def flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def checksum(document: dict[str, Any]) -> str:
    """The checksum keyfile.dumps writes: SHA-256 over the canonical JSON of everything else."""
    body = {k: v for k, v in document.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(canonical).hexdigest()


def edit_keys(
    folder: Path, change: Callable[[dict[str, Any]], None], *, recompute_checksum: bool
) -> None:
    """Edit vault.keys as JSON; with ``recompute_checksum`` the edit passes the plain checksum."""
    path = folder / KEYS
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    if recompute_checksum:
        document["checksum"] = checksum(document)
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def fill_rows(folder: Path, passphrase: str, rows: int, *, start: int = 0) -> None:
    """Insert ``rows`` rows of ~300 bytes into a test table through the core API."""
    vault = Vault.unlock(folder, Credentials(passphrase=passphrase))
    try:
        db = vault.db
        db.execute(
            "CREATE TABLE IF NOT EXISTS test_rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"
        )
        with db.transaction():
            db.executemany(
                "INSERT INTO test_rows (id, body) VALUES (?, ?)",
                [(i, f"row {i} " + "x" * 300) for i in range(start, start + rows)],
            )
    finally:
        vault.lock()


def row_ids(folder: Path, passphrase: str) -> set[int]:
    vault = Vault.unlock(folder, Credentials(passphrase=passphrase))
    try:
        return {row[0] for row in vault.db.all("SELECT id FROM test_rows")}
    finally:
        vault.lock()


_TEMPLATE: list[tuple[Path, str]] = []


def copy_of_cli_vault(factory: pytest.TempPathFactory, tmp_path: Path) -> tuple[Path, str]:
    """A private copy of one vault made by the real CLI (``vault init``) once per test session.

    Saves a ``vault init`` subprocess per test; returns (folder, recovery key) like ``cli_vault``.
    """
    if not _TEMPLATE:
        from tests.conftest import PASSPHRASE, USER, run_cli

        folder = factory.mktemp("template") / "cli-vault"
        result = run_cli("--user", USER, "vault", "init", vault=folder, stdin=PASSPHRASE + "\n")
        assert result.returncode == 0, result.stderr
        _TEMPLATE.append((folder, result.stdout.strip().splitlines()[-1]))
    template, recovery_key = _TEMPLATE[0]
    folder = tmp_path / "cli-vault"
    shutil.copytree(template, folder)
    return folder, recovery_key


def key_slots(folder: Path) -> str:
    """The key slots of vault.keys (not its access-log head).

    A command refused *after* a successful unlock leaves the slots and the data as they were,
    but the access log still records the session (login, lock), so the files' bytes change.
    """
    import json

    document = json.loads((folder / "vault.keys").read_text())
    return json.dumps(
        {k: document[k] for k in ("vault_id", "generation", "slots", "pending")}, sort_keys=True
    )
