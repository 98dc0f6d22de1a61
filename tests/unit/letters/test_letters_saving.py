"""Saving writes only the chosen file, atomically and owner-only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from carecoord.errors import UsageError
from carecoord.letters.saving import save_document


def test_owner_only_even_over_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    save_document(b"%PDF-new", target)
    assert target.read_bytes() == b"%PDF-new"
    if os.name == "posix":  # Windows has no mode bits; the file inherits the folder's ACL
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf"]


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        save_document(b"%PDF", tmp_path / "nope" / "brief.pdf")
    assert list(tmp_path.iterdir()) == []


def test_folder_as_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a folder"):
        save_document(b"%PDF", tmp_path)
