"""The vault's own files are never an output (issue 12), through the real CLI in a subprocess.

Every command that writes where the user says is refused with exit 2 and one line when the
destination resolves (symlinks, ``..``) into the vault folder, before the vault is opened (no
passphrase is given: asking for one would be exit 3), with nothing written; ``vault verify``
passes afterwards. A missing output folder is created owner-only.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, run_cli
from tests.support.vault_files import copy_of_cli_vault, file_hashes


@pytest.fixture
def cli_vault(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> tuple[Path, str]:
    return copy_of_cli_vault(tmp_path_factory, tmp_path)


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every path below ``folder`` with its bytes (None for folders): nothing added or changed."""
    return {
        str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
        for p in sorted(folder.rglob("*"))
    }


def _destinations(folder: Path, tmp_path: Path) -> list[str]:
    link_to_vault = tmp_path / "shortcut"
    link_to_vault.symlink_to(folder, target_is_directory=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    # A file name in an innocent folder that is a symlink to the database.
    (outside / "letter.pdf").symlink_to(folder / "vault.db")
    (outside / "keys").symlink_to(folder / "vault.keys")
    # ".." after a symlink into the vault: the OS goes up from where the link points.
    (tmp_path / "to-backups").symlink_to(folder / "backups", target_is_directory=True)
    return [
        str(folder / "vault.db"),
        str(folder / "vault.keys"),
        str(folder),
        str(folder / "backups" / "copy.zip"),
        str(folder / "new-sub" / "file.pdf"),
        str(folder.parent / folder.name / ".." / folder.name / "vault.db"),
        str(link_to_vault / "vault.db"),
        str(link_to_vault / "backups"),
        str(outside / "letter.pdf"),
        str(outside / "keys"),
        str(tmp_path / "to-backups" / ".." / "vault.db"),
    ]


def _refused(args: list[str], folder: Path) -> None:
    result = run_cli(*args, vault=folder, stdin="")
    assert result.returncode == 2, (args, result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("carecoord: "), result.stderr
    assert "inside the vault folder" in lines[0]
    assert "Traceback" not in result.stderr


def test_every_output_into_the_vault_is_refused_before_the_vault_opens(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = cli_vault
    destinations = _destinations(folder, tmp_path)
    before = _tree(folder)
    hashes = file_hashes(folder)
    for target in destinations:
        _refused(["vault", "backup", target], folder)
        _refused(["letter", "1", "--out", target], folder)
        _refused(["subject-export", "CL-A", "--out", target], folder)
        _refused(["stats", "export", "--year", "2025", "--out", target], folder)
    assert _tree(folder) == before
    assert file_hashes(folder) == hashes
    assert not (folder / "new-sub").exists()
    verify = run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n")
    assert verify.returncode == 0, verify.stderr


def test_backup_into_a_missing_folder_creates_it_owner_only(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = cli_vault
    target = tmp_path / "usb" / "2026" / "backup.ccb"
    old_umask = os.umask(0o022)  # the subprocess inherits the usual umask
    try:
        result = run_cli("vault", "backup", str(target), vault=folder, stdin=PASSPHRASE + "\n")
    finally:
        os.umask(old_umask)
    assert result.returncode == 0, result.stderr
    assert target.is_file()
    for level in (target.parent, target.parent.parent):
        assert stat.S_IMODE(level.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # Overwriting the file the user named is allowed, atomically (no temporary file left).
    again = run_cli("vault", "backup", str(target), vault=folder, stdin=PASSPHRASE + "\n")
    assert again.returncode == 0, again.stderr
    assert [p.name for p in target.parent.iterdir()] == ["backup.ccb"]
    verify = run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n")
    assert verify.returncode == 0, verify.stderr


def test_a_refused_command_with_a_wrong_passphrase_still_says_where(
    cli_vault: tuple[Path, str],
) -> None:
    # The destination is checked first: the answer is the same with any passphrase.
    folder, _ = cli_vault
    result = run_cli("vault", "backup", str(folder / "vault.db"), vault=folder, stdin="wrong\n")
    assert result.returncode == 2, result.stderr
    verify = run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n")
    assert verify.returncode == 0, verify.stderr
