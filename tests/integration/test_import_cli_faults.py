"""`carecoord import` against malformed files, hostile names and a full disk, through the real
command line (issue 12): exit 5 (or 1 for the disk), one clear line, and after every refusal
`vault verify` passes and the vault holds exactly what it held before."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, USER, run_cli
from tests.support.hostile_imports import HEADER, MALFORMED, ROW
from tests.support.vault_content import case_count, content_digest

STDIN = PASSPHRASE + "\n"


def assert_one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("carecoord: ")
    assert "Traceback" not in stderr and "unexpected internal error" not in stderr
    assert "\x1b" not in stderr
    for personal in ("Maria", "Popescu", "1995-03-01"):
        assert personal not in stderr
    return lines[0]


def assert_verified(folder: Path) -> None:
    verify = run_cli("vault", "verify", vault=folder, stdin=STDIN)
    assert verify.returncode == 0, verify.stdout + verify.stderr


@pytest.mark.parametrize("make", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_file_exit_5_one_line_vault_unchanged(
    cli_vault: tuple[Path, str], tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    folder, _ = cli_vault
    before = content_digest(folder, PASSPHRASE)
    result = run_cli("import", str(make(tmp_path)), vault=folder, stdin=STDIN)
    assert result.returncode == 5, result.stderr
    assert_one_line(result.stderr)
    assert_verified(folder)
    assert content_digest(folder, PASSPHRASE) == before


def test_control_characters_in_a_file_name_are_escaped(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = cli_vault
    result = run_cli("import", str(tmp_path / "\x1b]0;owned\x07\x1b[2J.csv"), vault=folder)
    assert result.returncode == 2
    line = assert_one_line(result.stderr)
    assert "\x07" not in line
    assert "\\x1b]0;owned\\x07\\x1b[2J.csv" in line


def test_usage_error_escapes_control_characters() -> None:
    result = run_cli("--vault", "x", "vault", "\x1b[2Jverify")
    assert result.returncode == 2
    assert "\x1b" not in result.stderr


def test_no_header_and_shifted_columns_print_no_names(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = cli_vault
    before = content_digest(folder, PASSPHRASE)
    headless = tmp_path / "headless.csv"
    headless.write_text(ROW.format(n=1) + "\n" + ROW.format(n=2) + "\n", encoding="utf-8")
    result = run_cli("import", str(headless), vault=folder, stdin=STDIN)
    assert result.returncode == 5
    assert "not a header row" in assert_one_line(result.stderr)
    shifted = tmp_path / "shifted.csv"
    shifted.write_text(HEADER + "\n," + ROW.format(n=1)[:-1] + "\n", encoding="utf-8")
    result = run_cli("import", str(shifted), vault=folder, stdin=STDIN)
    assert result.returncode == 5
    assert "row 2, column birth_date" in result.stderr
    assert "row 2, column gender: not a code of gender; use one of:" in result.stderr
    for personal in ("Maria", "Popescu", "1995-03-01", "CL-1"):
        assert personal not in result.stderr
    assert_verified(folder)
    assert content_digest(folder, PASSPHRASE) == before


# -- a full disk -------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 8 MB file system (tmpfs): the tests run as root, in CI too (.ci/run)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", str(mount_point)], check=True
    )
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(disk: Path, leave: int) -> Path:
    """Fill the file system until only about ``leave`` bytes are free."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with filler.open("wb") as handle:
        handle.write(b"\0" * max(free - leave, 0))
    return filler


def test_full_disk_says_so_exit_1_vault_unchanged(small_disk: Path, tmp_path: Path) -> None:
    folder = small_disk / "vault"
    init = run_cli("--user", USER, "vault", "init", vault=folder, stdin=STDIN)
    assert init.returncode == 0, init.stderr
    good = tmp_path / "first.csv"
    good.write_text(HEADER + "\n" + ROW.format(n="first") + "\n", encoding="utf-8")
    assert run_cli("import", str(good), vault=folder, stdin=STDIN).returncode == 0
    before = content_digest(folder, PASSPHRASE)
    big = tmp_path / "big.csv"
    big.write_text(
        HEADER + "\n" + "\n".join(ROW.format(n=n) for n in range(20_000)) + "\n", encoding="utf-8"
    )
    filler = _fill(small_disk, leave=256 * 1024)
    result = run_cli("import", str(big), vault=folder, stdin=STDIN)
    filler.unlink()
    assert result.returncode == 1, result.stderr
    assert assert_one_line(result.stderr) == "carecoord: The disk is full; nothing was changed."
    assert_verified(folder)
    assert content_digest(folder, PASSPHRASE) == before
    assert case_count(folder, PASSPHRASE) == 1
