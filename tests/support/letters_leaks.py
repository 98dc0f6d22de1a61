"""Watch the places a document could leak to: temp folders and the home folder."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

TEMP_FUNCTIONS = (
    "TemporaryFile",
    "NamedTemporaryFile",
    "SpooledTemporaryFile",
    "mkstemp",
    "mkdtemp",
    "TemporaryDirectory",
)


def snapshot(*roots: Path) -> dict[Path, tuple[int, int]]:
    return {
        path: (path.stat().st_size, path.stat().st_mtime_ns)
        for root in roots
        for path in root.rglob("*")
    }


@contextmanager
def isolated_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Point TMP*/HOME/XDG_* at fresh folders and forbid Python's tempfile API meanwhile.

    A named temp file would show up in the snapshot; an unnamed one (O_TMPFILE, as
    ``tempfile.TemporaryFile`` makes on Linux) would not, hence the tripwire on the API.
    """
    temp = tmp_path / "temp"
    home = tmp_path / "home"
    for folder in (temp, home):
        folder.mkdir()
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(name, str(temp))
    for name in ("HOME", "USERPROFILE"):
        monkeypatch.setenv(name, str(home))
    for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setattr(tempfile, "tempdir", None)

    def tripwire(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a temporary file was requested while handling a document")

    for name in TEMP_FUNCTIONS:
        monkeypatch.setattr(tempfile, name, tripwire)
    yield [temp, home]
