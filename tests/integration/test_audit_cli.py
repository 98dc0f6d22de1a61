"""The access log through the real command line: `vault verify` (exit 4) and `audit show`."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from carecoord.audit import AccessLog, Action
from carecoord.vault import Credentials, Vault
from carecoord.vault.database import Database
from tests.conftest import PASSPHRASE, USER, run_cli
from tests.support import audit_tamper

OTHER = "purple elephant dances quietly"


def _unlock(folder: Path, user: str | None = None, passphrase: str = PASSPHRASE) -> Vault:
    return Vault.unlock(folder, Credentials(passphrase=passphrase, user=user))


def _fill(folder: Path) -> None:
    """After `vault init` (login 1, lock 2): login 3, reads 4–8 of cases c-1/c-2, lock 9."""
    vault = _unlock(folder)
    try:
        for i in range(5):
            AccessLog(vault).record(Action.READ, case_ref=f"c-{i % 2 + 1}")
    finally:
        vault.lock()


def _tamper_and_close(folder: Path, change: Callable[[Database], None]) -> None:
    vault = _unlock(folder)
    try:
        change(vault.db)
    finally:
        vault.lock()  # appends a lock entry after the tampering, as a real session would


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda db: audit_tamper.modify(db, 5, "user_name"), "entry 5 fails its MAC check"),
        (lambda db: audit_tamper.modify(db, 6, "at_utc"), "entry 6 fails its MAC check"),
        (lambda db: audit_tamper.delete(db, 5), "entry 5 is missing"),
        (lambda db: audit_tamper.swap(db, 5), "entry 5 fails its MAC check"),
        (lambda db: audit_tamper.insert(db, 7), "entry 7 fails its MAC check"),
        (
            lambda db: audit_tamper.truncate(db, 7),
            "entry 8 does not continue the log that vault.keys records up to entry 10",
        ),
    ],
    ids=["modified", "modified-time", "deleted", "reordered", "inserted", "newest-deleted"],
)
def test_vault_verify_names_the_first_bad_entry(
    cli_vault: tuple[Path, str], change: Callable[[Database], None], expected: str
) -> None:
    folder, _ = cli_vault
    _fill(folder)
    _tamper_and_close(folder, change)
    result = run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n")
    assert result.returncode == 4, result.stderr
    assert "FAILED access log" in result.stdout
    assert expected in result.stderr
    assert "vault verification failed at 'access log'" in result.stderr


def test_newest_deleted_is_named_at_the_first_missing_entry(cli_vault: tuple[Path, str]) -> None:
    """Entries 9–11 deleted with a plain SQLCipher connection while no CareCoord runs; the next
    unlock finds the log ending at 8 while vault.keys records 11."""
    folder, _ = cli_vault
    _fill(folder)  # entries 1..9
    vault = _unlock(folder)  # login 10
    dek = vault.dek
    vault.lock()  # lock 11, head 11
    db = Database.open(folder / "vault.db", dek)  # a shell with the key, no CareCoord hooks
    try:
        audit_tamper.truncate(db, 8)
    finally:
        db.close()
    result = run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n")
    assert result.returncode == 4
    assert (
        "entry 9 does not continue the log that vault.keys records up to entry 11" in result.stderr
    )


def test_rolling_the_database_back_is_detected(cli_vault: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = cli_vault
    _fill(folder)  # entries 1..9, closed
    shutil.copy(folder / "vault.db", tmp_path / "vault.db.old")
    assert run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n").returncode == 0
    shutil.copy(tmp_path / "vault.db.old", folder / "vault.db")
    result = run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n")
    assert result.returncode == 4
    assert "entry 10 does not continue the log" in result.stderr
    assert "rolled back to an older copy" in result.stderr


def test_an_untouched_log_verifies(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    _fill(folder)
    result = run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"ok +access log: 10 entries up to entry 10; chain and head intact", result.stdout
    )


_LINE = re.compile(
    r"^ +(?P<seq>\d+)  (?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)  (?P<user>\S+)  (?P<ws>\S+)  "
    r"(?P<action>[a-z_]+)  case=(?P<case>\S+)(?P<rest>.*)$"
)


def _lines(stdout: str) -> list[re.Match[str]]:
    matches = [_LINE.match(line) for line in stdout.splitlines()]
    assert all(matches), stdout
    return [m for m in matches if m is not None]


def test_audit_show_for_one_case(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    vault = _unlock(folder)
    try:
        log = AccessLog(vault)
        log.record(Action.CREATE, case_ref="c-1", client_ref="k-7")
        log.record(Action.SEARCH, search_terms="Maria Jansen")
        log.record(Action.READ, case_ref="c-2")
        log.record(Action.PRINT, case_ref="c-1", on_behalf_of="bert")
    finally:
        vault.lock()
    result = run_cli("audit", "show", "--case", "c-1", vault=folder, stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    lines = _lines(result.stdout)
    assert [(m["action"], m["case"], m["user"]) for m in lines] == [
        ("create", "c-1", USER),
        ("print", "c-1", USER),
    ]
    assert "client=k-7" in lines[0]["rest"]
    assert lines[1]["rest"].strip() == "on-behalf-of=bert"
    assert int(lines[0]["seq"]) < int(lines[1]["seq"])
    everything = run_cli("audit", "show", vault=folder, stdin=PASSPHRASE + "\n")
    assert "Jansen" not in everything.stdout and "Maria" not in everything.stdout
    actions = [m["action"] for m in _lines(everything.stdout)]
    # The earlier `audit show --case c-1` was itself logged, against that case.
    assert "log_read" in actions
    shown = [m for m in _lines(everything.stdout) if m["action"] == "log_read"]
    assert shown[0]["case"] == "c-1"


def test_audit_show_for_one_user_and_failed_logins(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    vault = _unlock(folder)
    try:
        vault.add_user("bert", OTHER)
    finally:
        vault.lock()
    bert = _unlock(folder, "bert", OTHER)
    try:
        AccessLog(bert).record(Action.READ, case_ref="c-3")
    finally:
        bert.lock()
    wrong = run_cli("--user", "bert", "audit", "show", vault=folder, stdin="wrong passphrase\n")
    assert wrong.returncode == 3
    result = run_cli("audit", "show", "--user", "bert", vault=folder, stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    lines = _lines(result.stdout)
    assert {m["user"] for m in lines} == {"bert"}
    assert [m["action"] for m in lines] == ["login", "read", "lock", "failed_login"]


def test_audit_show_refuses_a_name_as_case_reference(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    result = run_cli(
        "audit", "show", "--case", "Maria Jansen", vault=folder, stdin=PASSPHRASE + "\n"
    )
    assert result.returncode == 2
    assert "Jansen" not in result.stderr


def test_audit_acknowledge_after_a_rollback(cli_vault: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = cli_vault
    _fill(folder)
    shutil.copy(folder / "vault.db", tmp_path / "vault.db.old")
    assert run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n").returncode == 0
    shutil.copy(tmp_path / "vault.db.old", folder / "vault.db")
    refused = run_cli("audit", "acknowledge", vault=folder, stdin=PASSPHRASE + "\n")
    assert refused.returncode == 2 and "--confirm" in refused.stderr
    done = run_cli("audit", "acknowledge", "--confirm", vault=folder, stdin=PASSPHRASE + "\n")
    assert done.returncode == 0, done.stderr
    assert "entry 10" in done.stdout
    assert run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n").returncode == 0
