"""The one output check (issue 12): resolved names, identity of folders, owner-only folders, and
atomic writes that never write through a link planted in the chosen folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from carecoord.atomic import write_atomic
from carecoord.errors import UsageError
from carecoord.output_paths import (
    OutputInsideVault,
    inside,
    make_folder,
    output_file,
    output_folder,
)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    (folder / "backups").mkdir(parents=True)
    (folder / "vault.db").write_bytes(b"database")
    return folder


def test_inside_by_name_and_by_identity(vault: Path, tmp_path: Path) -> None:
    (tmp_path / "alias").symlink_to(vault, target_is_directory=True)
    assert inside(vault, vault)
    assert inside(vault / "backups" / "x" / "y.pdf", vault)
    assert inside(tmp_path / "alias" / "new.pdf", vault)
    assert inside(vault / "new.pdf", tmp_path / "alias")
    assert inside(tmp_path / "elsewhere" / ".." / "vault" / "a", vault)
    # ".." after a symlink goes up from where the link points, as the OS does.
    (tmp_path / "to-backups").symlink_to(vault / "backups", target_is_directory=True)
    assert inside(tmp_path / "to-backups" / ".." / "vault.db", vault)
    assert not inside(tmp_path / "vault-other" / "a.pdf", vault)
    assert not inside(tmp_path / "a.pdf", vault)  # the vault's parent is not the vault
    assert not inside(tmp_path / "a.pdf", tmp_path / "no-vault-yet")


def test_refusals_create_nothing(vault: Path) -> None:
    for check in (output_file, output_folder):
        with pytest.raises(OutputInsideVault):
            check(vault / "new" / "deeper" / "a.pdf", vault)
    assert not (vault / "new").exists()
    with pytest.raises(UsageError, match="is a file, not a folder"):
        output_folder(vault / "vault.db", vault.parent / "other-vault")


def test_missing_folders_are_made_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o002)
    try:
        target = output_file(tmp_path / "a" / "b" / "c.pdf", tmp_path / "vault")
        made = output_folder(tmp_path / "d" / "e", tmp_path / "vault")
    finally:
        os.umask(old)
    assert target == (tmp_path / "a" / "b" / "c.pdf").resolve()
    for level in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "d", made):
        assert stat.S_IMODE(level.stat().st_mode) == 0o700
    # An existing folder keeps its mode: it is the user's.
    (tmp_path / "shared").mkdir()
    os.chmod(tmp_path / "shared", 0o750)  # noqa: S103 - a folder the user shares on purpose
    make_folder(tmp_path / "shared")
    assert stat.S_IMODE((tmp_path / "shared").stat().st_mode) == 0o750


def test_a_link_planted_in_the_chosen_folder_is_replaced_not_written_through(
    vault: Path, tmp_path: Path
) -> None:
    # A folder output (stats export) writes fixed names; a symlink with such a name pointing at
    # vault.db is replaced by the new file, the database is never touched.
    chosen = output_folder(tmp_path / "chosen", vault)
    (chosen / "rapport.pdf").symlink_to(vault / "vault.db")
    write_atomic(chosen / "rapport.pdf", b"%PDF-report")
    assert not (chosen / "rapport.pdf").is_symlink()
    assert (chosen / "rapport.pdf").read_bytes() == b"%PDF-report"
    assert (vault / "vault.db").read_bytes() == b"database"


def test_a_failed_write_leaves_no_folder_it_made(vault: Path, tmp_path: Path) -> None:
    # "nothing was written" must hold for the folders too: a letter that cannot be written
    # (here a real ENAMETOOLONG: the temporary name beside it is past 255 bytes; a full disk
    # does the same) left behind the empty folders made for it (review of issue 12).
    from carecoord.errors import CareCoordError
    from carecoord.letters.saving import save_document

    target = tmp_path / "out" / "nested" / ("x" * 240 + ".pdf")
    with pytest.raises(CareCoordError):
        save_document(b"%PDF", target, vault)
    assert not (tmp_path / "out").exists()


def test_a_failed_write_keeps_a_folder_that_was_there(vault: Path, tmp_path: Path) -> None:
    from carecoord.errors import CareCoordError
    from carecoord.letters.saving import save_document

    (tmp_path / "out").mkdir()
    with pytest.raises(CareCoordError):
        save_document(b"%PDF", tmp_path / "out" / ("x" * 240 + ".pdf"), vault)
    assert (tmp_path / "out").is_dir()
