"""Retention, erasure and the subject export through the real command line (subprocess)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from carecoord.audit.integrations import store_sink
from carecoord.vault import Credentials, Vault
from tests.conftest import PASSPHRASE, USER, run_cli
from tests.support.retention_data import A_CANARIES, Filled, every_text, fill, plaintext_copy

STDIN = PASSPHRASE + "\n"


@pytest.fixture
def filled_vault(cli_vault: tuple[Path, str]) -> tuple[Path, Filled]:
    folder, _ = cli_vault
    vault = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    try:
        filled = fill(vault.db, USER, audit=store_sink(vault))
    finally:
        vault.lock()
    return folder, filled


def _query(folder: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    vault = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    try:
        return [tuple(r) for r in vault.db.all(sql, params)]
    finally:
        vault.lock()


def _actions(folder: Path, after: int) -> list[tuple[object, ...]]:
    return _query(
        folder,
        "SELECT action, case_ref FROM access_log WHERE seq > ? AND action NOT IN"
        " ('login', 'lock') ORDER BY seq",
        (after,),
    )


def _last_seq(folder: Path) -> int:
    return int(_query(folder, "SELECT max(seq) FROM access_log")[0][0])  # type: ignore[arg-type]


def _ids(folder: Path) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in _query(folder, "SELECT reference, id FROM cases")}


def test_review_then_apply_with_hold(filled_vault: tuple[Path, Filled], tmp_path: Path) -> None:
    folder, f = filled_vault
    ids = _ids(folder)
    held = run_cli(
        "retention", "hold", "set", f.d_case, "--reason", "criminal case pending",
        vault=folder, stdin=STDIN,
    )  # fmt: skip
    assert held.returncode == 0, held.stderr

    start = _last_seq(folder)
    review = run_cli("retention", "review", vault=folder, stdin=STDIN)
    assert review.returncode == 0, review.stderr
    lines = review.stdout.splitlines()
    assert lines[0] == "reference\tclosed on\tperiod\tdue since\taction\thold"
    assert lines[1:] == [
        f"{f.d_case}\t2005-02-01\t15 years (support_given)\t2020-02-01\tanonymise"
        "\theld: criminal case pending",
        f"{f.a_case}\t2006-01-10\t15 years (support_given)\t2021-01-10\tanonymise\t-",
        f"{f.b_case}\t2019-02-01\t5 years (no_support)\t2024-02-01\tanonymise\t-",
    ]
    for word in (*A_CANARIES.values(), "quirinax", "bertaq"):
        assert word not in review.stdout.lower()
    assert _actions(folder, start) == [
        ("retention_review", ids[ref]) for ref in (f.d_case, f.a_case, f.b_case)
    ]

    # Without --confirm: a usage error and nothing changes (not even the log).
    start = _last_seq(folder)
    refused = run_cli("retention", "apply", vault=folder, stdin=STDIN)
    assert refused.returncode == 2
    assert "--confirm" in refused.stderr
    assert _actions(folder, start) == []
    assert _query(folder, "SELECT count(*) FROM destruction_register") == [(0,)]
    assert _query(folder, "SELECT count(*) FROM client_identity") == [(4,)]

    applied = run_cli("retention", "apply", "--confirm", vault=folder, stdin=STDIN)
    assert applied.returncode == 0, applied.stderr
    assert f"anonymised\t{f.a_case}" in applied.stdout
    assert f"held\t{f.d_case}" in applied.stdout
    assert "Anonymised 2, destroyed 0, kept under legal hold 1" in applied.stdout
    logged = _actions(folder, start)
    assert sorted(a for a in logged if a[0] == "retention_anonymise") == sorted(
        [("retention_anonymise", ids[f.a_case]), ("retention_anonymise", ids[f.b_case])]
    )
    assert {a[0] for a in logged} == {"retention_anonymise"}  # nothing to prune yet

    register = run_cli("retention", "register", vault=folder, stdin=STDIN)
    assert register.returncode == 0
    assert f"\t{USER}\t{f.a_case}\tanonymise\tsupport_given:15y\t2006-01-10\t2021-01-10" in (
        register.stdout
    )

    # Erased means erased: a decrypted copy of the closed vault holds none of A's canaries.
    vault = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    try:
        text = every_text(plaintext_copy(vault.db, tmp_path / "plain.db"))
    finally:
        vault.lock()
    for word in A_CANARIES.values():
        assert word not in text, word
    assert run_cli("vault", "verify", vault=folder, stdin=STDIN).returncode == 0


def test_hold_lift_and_unknown_case(filled_vault: tuple[Path, Filled]) -> None:
    folder, f = filled_vault
    missing = run_cli(
        "retention", "hold", "set", "2099-000001", "--reason", "x y z", vault=folder, stdin=STDIN
    )
    assert missing.returncode == 5 and "no case" in missing.stderr
    not_held = run_cli("retention", "hold", "lift", f.a_case, vault=folder, stdin=STDIN)
    assert not_held.returncode == 5 and "not under a legal hold" in not_held.stderr


def test_erase_on_request(filled_vault: tuple[Path, Filled]) -> None:
    folder, f = filled_vault
    bad = run_cli("retention", "erase", "CL-C", "--ground", "whim", "--confirm", vault=folder,
                  stdin=STDIN)  # fmt: skip
    assert bad.returncode == 2
    unconfirmed = run_cli(
        "retention", "erase", "CL-C", "--ground", "art17_1a_not_needed", vault=folder, stdin=STDIN
    )
    assert unconfirmed.returncode == 2
    start = _last_seq(folder)
    done = run_cli(
        "retention", "erase", "CL-C", "--ground", "art17_1a_not_needed", "--destroy", "--confirm",
        vault=folder, stdin=STDIN,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _query(folder, "SELECT count(*) FROM clients WHERE reference = 'CL-C'") == [(0,)]
    assert [a[0] for a in _actions(folder, start)] == ["retention_destroy"]
    # The destroyed case's log stays reachable by its reference (the register keeps its id).
    shown = run_cli("audit", "show", "--case", f.c_case, vault=folder, stdin=STDIN)
    assert shown.returncode == 0, shown.stderr
    assert "retention_destroy" in shown.stdout and "create" in shown.stdout


def test_audit_show_accepts_a_case_reference(filled_vault: tuple[Path, Filled]) -> None:
    folder, f = filled_vault
    case_id = _ids(folder)[f.a_case]
    by_ref = run_cli("audit", "show", "--case", f.a_case, vault=folder, stdin=STDIN)
    by_id = run_cli("audit", "show", "--case", case_id, vault=folder, stdin=STDIN)
    assert by_ref.returncode == 0 and by_id.returncode == 0
    rows = [line.split()[5:7] for line in by_ref.stdout.splitlines()]
    assert rows and all(r[1] == f"case={case_id}" for r in rows)
    assert ["update", f"case={case_id}"] in rows
    # Same entries either way (the second listing also shows the first one's log read).
    assert by_ref.stdout.splitlines() == by_id.stdout.splitlines()[: len(rows)]


def test_subject_export_cli(filled_vault: tuple[Path, Filled], tmp_path: Path) -> None:
    folder, f = filled_vault
    out = tmp_path / "export"
    # A missing folder is created owner-only (issue 12; it used to be refused).
    made = tmp_path / "made" / "export"
    missing = run_cli("subject-export", "CL-A", "--out", str(made), vault=folder, stdin=STDIN)
    assert missing.returncode == 0, missing.stderr
    assert len(list(made.iterdir())) == 2
    for level in (made, made.parent):
        assert stat.S_IMODE(level.stat().st_mode) == 0o700
    out.mkdir()
    before = {p for p in tmp_path.rglob("*") if not p.is_relative_to(folder)}
    start = _last_seq(folder)
    done = run_cli(
        "subject-export", "CL-A", "--out", str(out), "--lang", "en", vault=folder, stdin=STDIN
    )
    assert done.returncode == 0, done.stderr
    after = {p for p in tmp_path.rglob("*") if not p.is_relative_to(folder)}
    written = sorted(after - before)
    assert [p.suffix for p in written] == [".json", ".pdf"]
    assert all(p.parent == out for p in written)
    assert "quirinax" not in done.stdout.lower()
    data = json.loads(written[0].read_text(encoding="utf-8"))
    assert data["client"]["identity"]["family_name"] == "Vornholtzq"
    assert written[1].read_bytes().startswith(b"%PDF-")
    exports = [a for a in _actions(folder, start) if a[0] == "subject_export"]
    assert exports == [("subject_export", _ids(folder)[f.a_case])]


def test_rules_are_shown_and_changed(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    shown = run_cli("retention", "rules", vault=folder, stdin=STDIN)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        "support given: 15 years, then anonymise",
        "no support given: 5 years, then anonymise",
        "access-log entries: 5 years",
        "closed risk locations: 5 years after last seen, then destroy",  # issue 18
    ]
    bad = run_cli("retention", "rules", "--log-years", "0", vault=folder, stdin=STDIN)
    assert bad.returncode == 2
    changed = run_cli(
        "retention", "rules", "--support-given-years", "20", "--no-support-action", "destroy",
        vault=folder, stdin=STDIN,
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    again = run_cli("retention", "rules", vault=folder, stdin=STDIN)
    assert again.stdout.splitlines()[:2] == [
        "support given: 20 years, then anonymise",
        "no support given: 5 years, then destroy",
    ]
