"""Bad input and faults through the real CLI: a clear one-line error, and nothing lost."""

from __future__ import annotations

import base64
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from carecoord.vault import Credentials, Vault, recovery
from tests.conftest import PASSPHRASE, CliResult, run_cli
from tests.integration.test_cli_vault import failed, ok
from tests.support.vault_files import (
    DB,
    KEYS,
    copy_of_cli_vault,
    edit_keys,
    file_hashes,
    fill_rows,
    flip_byte,
    row_ids,
)


@pytest.fixture
def cli_vault(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> tuple[Path, str]:
    return copy_of_cli_vault(tmp_path_factory, tmp_path)


def verify(folder: Path, **kwargs: Any) -> CliResult:
    kwargs.setdefault("stdin", PASSPHRASE + "\n")
    return run_cli("vault", "verify", vault=folder, **kwargs)


def with_recovery_key(key: str) -> dict[str, str]:
    return {"CARECOORD_RECOVERY_KEY": key}


# -- wrong secrets ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["verify", "passwd", "backup", "restore"])
def test_wrong_passphrase_exit_3_and_files_unchanged(
    cli_vault: tuple[Path, str], tmp_path: Path, command: str
) -> None:
    folder, _ = cli_vault
    backup = tmp_path / "b.zip"
    ok(run_cli("vault", "backup", str(backup), vault=folder, stdin=PASSPHRASE + "\n"))
    before = file_hashes(folder)
    args = {
        "verify": [],
        "passwd": [],
        "backup": [str(tmp_path / "c.zip")],
        "restore": [str(backup)],
    }
    result = run_cli(
        "vault",
        command,
        *args[command],
        vault=folder,
        stdin="not my passphrase at all\nnew one 123456\n",
    )
    line = failed(result, 3)
    assert "Wrong user name or passphrase" in line
    assert file_hashes(folder) == before
    assert not (tmp_path / "c.zip").exists()


def test_wrong_recovery_key_exit_3_and_files_unchanged(cli_vault: tuple[Path, str]) -> None:
    folder, recovery_key = cli_vault
    other = recovery.generate()
    assert other != recovery_key
    before = file_hashes(folder)
    line = failed(verify(folder, env=with_recovery_key(other)), 3)
    assert "recovery key is not the one for this vault" in line
    assert file_hashes(folder) == before


def _substitute(key: str, index: int) -> str:
    """Change the character at ``index`` (in the dashed form) to another alphabet character."""
    old = key[index]
    new = next(c for c in recovery.ALPHABET if c != old)
    return key[:index] + new + key[index + 1 :]


@pytest.mark.parametrize("group", [1, 3, 8])
def test_one_mistyped_character_is_reported_as_a_typo_in_its_group(
    cli_vault: tuple[Path, str], group: int
) -> None:
    folder, recovery_key = cli_vault
    before = file_hashes(folder)
    typo = _substitute(recovery_key, (group - 1) * 6 + 2)
    line = failed(verify(folder, env=with_recovery_key(typo)), 3)
    assert f"Group {group} of the recovery key has a typo" in line
    assert file_hashes(folder) == before


def test_two_swapped_groups_are_reported_as_a_typo(cli_vault: tuple[Path, str]) -> None:
    folder, recovery_key = cli_vault
    groups = recovery_key.split("-")
    groups[1], groups[4] = groups[4], groups[1]
    line = failed(verify(folder, env=with_recovery_key("-".join(groups))), 3)
    assert "Group 2 of the recovery key has a typo" in line


def test_a_character_that_cannot_occur_names_its_group(cli_vault: tuple[Path, str]) -> None:
    folder, recovery_key = cli_vault
    typo = recovery_key[:13] + "U" + recovery_key[14:]  # third group
    line = failed(verify(folder, env=with_recovery_key(typo)), 3)
    assert "Group 3 of the recovery key has a typo" in line


def test_a_recovery_key_with_a_missing_character_says_so(cli_vault: tuple[Path, str]) -> None:
    folder, recovery_key = cli_vault
    line = failed(verify(folder, env=with_recovery_key(recovery_key[:-1])), 3)
    assert "39 characters" in line


# -- a damaged vault.db ----------------------------------------------------------------------------


def test_plain_sqlite_file_is_refused_and_points_to_restore(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    (folder / DB).unlink()
    plain = sqlite3.connect(folder / DB)
    plain.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, name TEXT)")
    plain.execute("INSERT INTO cases (name) VALUES ('someone')")
    plain.commit()
    plain.close()
    before = file_hashes(folder)
    result = verify(folder)
    line = failed(result, 4)
    assert "plain, unencrypted SQLite file" in line
    assert "vault restore" in line
    assert "FAILED encryption" in result.stdout
    assert file_hashes(folder) == before


@pytest.mark.parametrize("keep", [0, 100, 0.5])
def test_truncated_vault_db_is_refused(cli_vault: tuple[Path, str], keep: float) -> None:
    folder, _ = cli_vault
    fill_rows(folder, PASSPHRASE, 300)
    path = folder / DB
    size = int(path.stat().st_size * keep) if isinstance(keep, float) else keep
    path.write_bytes(path.read_bytes()[:size])
    before = file_hashes(folder)
    result = verify(folder)
    line = failed(result, 4)
    assert "restore" in line
    assert "FAILED" in result.stdout
    # Refused, not silently replaced by a new empty vault.
    assert file_hashes(folder) == before
    assert path.stat().st_size == size


@pytest.mark.parametrize("where", ["middle", "last page", "first page"])
def test_flipped_byte_is_refused_and_verify_names_the_check(
    cli_vault: tuple[Path, str], where: str
) -> None:
    folder, _ = cli_vault
    fill_rows(folder, PASSPHRASE, 1000)  # ~90 pages
    path = folder / DB
    size = path.stat().st_size
    assert size // 4096 > 50
    offset = {"middle": size // 2 + 77, "last page": size - 100, "first page": 200}[where]
    flip_byte(path, offset)
    result = verify(folder)
    line = failed(result, 4)
    assert "'page integrity'" in line
    assert "restore" in line
    assert "FAILED page integrity" in result.stdout
    # Other commands refuse it too, with the same exit code.
    failed(
        run_cli(
            "vault", "backup", str(folder.parent / "b.zip"), vault=folder, stdin=PASSPHRASE + "\n"
        ),
        4,
    )
    assert not (folder.parent / "b.zip").exists()


def test_missing_vault_db_is_refused(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    (folder / DB).unlink()
    failed(verify(folder), 4)
    assert not (folder / DB).exists()


def test_schema_newer_than_the_app_is_refused(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    vault = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    vault.db.execute("PRAGMA user_version = 999")
    vault.lock()
    before = file_hashes(folder)
    result = verify(folder)
    line = failed(result, 4)
    assert "schema version 999" in line
    assert "FAILED schema" in result.stdout
    failed(
        run_cli("vault", "passwd", vault=folder, stdin=f"{PASSPHRASE}\nanother passphrase 99\n"), 4
    )
    assert file_hashes(folder) == before


def test_a_second_process_gets_vault_in_use(cli_vault: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = cli_vault
    holder = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    try:
        for args in (
            ("vault", "verify"),
            ("vault", "backup", str(tmp_path / "b.zip")),
            ("vault", "remove-user", "someone"),
        ):
            line = failed(run_cli(*args, vault=folder, stdin=PASSPHRASE + "\n"), 4)
            assert "in use" in line
        assert holder.db.scalar("SELECT count(*) FROM vault_meta") >= 1
    finally:
        holder.lock()
    ok(verify(folder))


# -- an edited vault.keys --------------------------------------------------------------------------


def _flip_b64(value: str) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[len(raw) // 2] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _slot(document: dict[str, Any], kind: str = "passphrase") -> dict[str, Any]:
    slot: dict[str, Any] = next(s for s in document["slots"] if s["kind"] == kind)
    return slot


def _set(field: str, value: Callable[[Any], Any]) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        slot = _slot(document)
        slot[field] = value(slot[field])

    return change


def _other_vault_id(document: dict[str, Any]) -> None:
    document["vault_id"] = "0" * 32


def _lower_kdf(document: dict[str, Any]) -> None:
    _slot(document)["kdf"]["memory_kib"] = 16


def _drop_recovery_slot(document: dict[str, Any]) -> None:
    document["slots"] = [s for s in document["slots"] if s["kind"] != "recovery"]


def _rename_slot(document: dict[str, Any]) -> None:
    _slot(document)["label"] = "mallory"


def _bump_generation(document: dict[str, Any]) -> None:
    document["generation"] += 1


def _strip_check(document: dict[str, Any]) -> None:
    _slot(document)["kek_check"] = None


EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "salt": _set("salt", _flip_b64),
    "wrapped key": _set("wrapped_private_key", _flip_b64),
    "nonce": _set("private_nonce", _flip_b64),
    "public key": _set("public_key", _flip_b64),
    "sealed data key": _set("sealed_dek", _flip_b64),
    "vault id": _other_vault_id,
    "kdf lowered": _lower_kdf,
    "slot id": _set("id", lambda _old: "f" * 32),
    "recovery slot removed": _drop_recovery_slot,
    "label": _rename_slot,
    "generation": _bump_generation,
    "key check stripped": _strip_check,
}


# A salt edited together with the checksum is the one case that cannot be told apart (below).
DETECTABLE = [
    pytest.param(edit, recompute, id=f"{edit}, checksum {'recomputed' if recompute else 'kept'}")
    for edit in sorted(EDITS)
    for recompute in (False, True)
    if not (edit == "salt" and recompute)
]


@pytest.mark.parametrize(("edit", "recompute"), DETECTABLE)
def test_edited_key_file_is_refused_as_altered(
    cli_vault: tuple[Path, str], edit: str, recompute: bool
) -> None:
    folder, _ = cli_vault
    edit_keys(folder, EDITS[edit], recompute_checksum=recompute)
    before = file_hashes(folder)
    result = verify(folder)
    line = failed(result, 4)
    assert "altered" in line or "damaged" in line
    assert "vault restore FILE" in line
    assert "wrong" not in line.lower()
    assert "FAILED key file" in result.stdout
    assert file_hashes(folder) == before


def test_edited_salt_cannot_be_told_apart_from_a_wrong_passphrase(
    cli_vault: tuple[Path, str],
) -> None:
    """A new salt gives the slot a new key: from that slot alone it looks like a typo.

    The file is never changed, and as soon as another slot (the recovery key) opens, the MAC over
    the whole file shows the edit.
    """
    folder, recovery_key = cli_vault
    edit_keys(folder, EDITS["salt"], recompute_checksum=True)
    before = file_hashes(folder)
    failed(verify(folder), 3)
    assert file_hashes(folder) == before
    result = verify(folder, stdin="", env=with_recovery_key(recovery_key))
    assert "altered" in failed(result, 4)
    assert "FAILED key file" in result.stdout
    assert file_hashes(folder) == before


def test_key_file_that_is_not_json_is_damaged(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    (folder / KEYS).write_bytes((folder / KEYS).read_bytes()[:100])
    line = failed(verify(folder), 4)
    assert "damaged" in line


@pytest.mark.parametrize(
    "damage", ["flipped byte in vault.db", "vault.db emptied", "vault.keys edited"]
)
def test_the_restore_the_message_points_to_brings_the_vault_back(
    cli_vault: tuple[Path, str], tmp_path: Path, damage: str
) -> None:
    folder, recovery_key = cli_vault
    fill_rows(folder, PASSPHRASE, 500)
    backup = tmp_path / "backup.zip"
    ok(run_cli("vault", "backup", str(backup), vault=folder, stdin=PASSPHRASE + "\n"))
    if damage == "flipped byte in vault.db":
        flip_byte(folder / DB, (folder / DB).stat().st_size // 2)
    elif damage == "vault.db emptied":
        (folder / DB).write_bytes(b"")
    else:
        edit_keys(folder, EDITS["public key"], recompute_checksum=True)
    assert "vault restore FILE" in failed(verify(folder), 4)
    ok(run_cli("vault", "restore", str(backup), vault=folder, env=with_recovery_key(recovery_key)))
    ok(verify(folder))
    assert row_ids(folder, PASSPHRASE) == set(range(500))
