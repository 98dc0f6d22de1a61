"""Saving writes only the chosen file, atomically and owner-only, never into the vault."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from carecoord.errors import UsageError
from carecoord.letters.saving import save_document
from carecoord.output_paths import OutputInsideVault


def _vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "vault.db").write_bytes(b"database")
    return vault


def test_owner_only_even_over_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    save_document(b"%PDF-new", target, tmp_path / "elsewhere")
    assert target.read_bytes() == b"%PDF-new"
    if os.name == "posix":  # Windows has no mode bits; the file inherits the folder's ACL
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf"]


def test_missing_folder_is_created_owner_only(tmp_path: Path) -> None:
    # Issue 12: the same for every output; before, this was refused ("does not exist").
    old_umask = os.umask(0o022)
    try:
        save_document(b"%PDF", tmp_path / "nope" / "deeper" / "brief.pdf", tmp_path / "vault")
    finally:
        os.umask(old_umask)
    assert (tmp_path / "nope" / "deeper" / "brief.pdf").read_bytes() == b"%PDF"
    for level in (tmp_path / "nope", tmp_path / "nope" / "deeper"):
        assert stat.S_IMODE(level.stat().st_mode) == 0o700


def test_folder_as_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a folder"):
        save_document(b"%PDF", tmp_path, tmp_path / "vault")


def test_nothing_is_saved_into_the_vault_by_any_path(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "linked.pdf").symlink_to(vault / "vault.db")
    (tmp_path / "alias").symlink_to(vault, target_is_directory=True)
    for target in (
        vault / "vault.db",
        vault / "new.pdf",
        vault / "sub" / "new.pdf",
        outside / ".." / "vault" / "vault.db",
        tmp_path / "alias" / "vault.db",
        outside / "linked.pdf",
    ):
        with pytest.raises(OutputInsideVault, match="inside the vault folder"):
            save_document(b"%PDF", target, vault)
    assert sorted(p.name for p in vault.iterdir()) == ["vault.db"]
    assert (vault / "vault.db").read_bytes() == b"database"
    # The vault named by another path (a symlink to it) is the same vault.
    with pytest.raises(OutputInsideVault):
        save_document(b"%PDF", vault / "x.pdf", tmp_path / "alias")
