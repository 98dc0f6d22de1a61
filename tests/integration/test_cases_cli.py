"""The case commands through the real command line, on a vault made by the real CLI."""

from __future__ import annotations

from pathlib import Path

from carecoord.case_import import COLUMNS
from tests.conftest import PASSPHRASE, run_cli

STDIN = PASSPHRASE + "\n"


def test_import_then_verify(cli_vault: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = cli_vault
    path = tmp_path / "in.csv"
    path.write_text(
        ",".join(COLUMNS)
        + "\nCL-1,Maria,Popescu,1995-03-01,female,RO,GM0363,2025-01-10,police,sexual,,,intake\n"
        + "CL-2,,,,male,PL,GM0599,2024-05-01,fairwork,labour,agriculture,holiday_park,\n",
        encoding="utf-8",
    )
    result = run_cli("import", str(path), vault=folder, stdin=STDIN)
    assert result.returncode == 0, result.stderr
    assert "Imported 2 cases." in result.stdout
    verify = run_cli("vault", "verify", vault=folder, stdin=STDIN)
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_bad_import_exit_5_lists_rows_without_data(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = cli_vault
    path = tmp_path / "bad.csv"
    path.write_text(
        ",".join(COLUMNS)
        + "\nCL-1,Secretname,X,1995-02-30,female,RO,GM0363,2025-01-10,police,sexual,,,\n"
        + "CL-2,,,,male,PL,GM0599,2024-05-01,fairwork,labour,mining,,\n",
        encoding="utf-8",
    )
    result = run_cli("import", str(path), vault=folder, stdin=STDIN)
    assert result.returncode == 5
    assert "row 2, column birth_date" in result.stderr
    assert "row 3, column sector: not a code of sector; use one of: agriculture" in result.stderr
    assert "mining" not in result.stderr
    assert "Secretname" not in result.stderr and "Traceback" not in result.stderr
    listed = run_cli("referrals", "list", vault=folder, stdin=STDIN)
    assert listed.returncode == 0 and listed.stdout == ""


def test_demo_then_verify_and_referrals_list(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    result = run_cli("demo", "--cases", "120", "--seed", "4", vault=folder, stdin=STDIN)
    assert result.returncode == 0, result.stderr
    assert "Created 120 demo cases" in result.stdout
    verify = run_cli("vault", "verify", vault=folder, stdin=STDIN)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    listed = run_cli("referrals", "list", vault=folder, stdin=STDIN)
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines
    for line in lines:
        rid, rtype, status, organisation = line.split("\t")
        assert rid.isdigit() and rtype and status and organisation
    only_sent = run_cli("referrals", "list", "--status", "sent", vault=folder, stdin=STDIN)
    assert all(line.split("\t")[2] == "sent" for line in only_sent.stdout.splitlines())
    bad = run_cli("referrals", "list", "--status", "lost", vault=folder, stdin=STDIN)
    assert bad.returncode == 2


def test_import_missing_file_is_usage_error(cli_vault: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = cli_vault
    result = run_cli("import", str(tmp_path / "nope.csv"), vault=folder, stdin=STDIN)
    assert result.returncode == 2
