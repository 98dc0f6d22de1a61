"""The real ``carecoord letter`` command in a subprocess, before the store is wired in."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import PASSPHRASE, run_cli


def test_letter_command_is_registered_and_fails_clearly(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = cli_vault
    out = tmp_path / "brief.pdf"
    result = run_cli("letter", "42", "--out", str(out), vault=folder, stdin=PASSPHRASE + "\n")
    assert result.returncode == 5, result.stderr
    assert result.stderr.count("\n") == 1
    assert "no referral with id 42" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_letter_command_rejects_an_unknown_language(tmp_path: Path) -> None:
    result = run_cli("letter", "42", "--out", str(tmp_path / "b.pdf"), "--lang", "de")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
