"""The frozen application's tests: collected only by `make package-test`.

They need a fresh build in dist/ and take minutes to prepare, so the default test run does not
collect this folder (``norecursedirs`` in pyproject.toml). Run without the build flag they stop
with a message instead of being reported as skipped.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist" / "carecoord"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CARECOORD_PACKAGE_TEST") != "1":
        pytest.exit(
            "tests/package checks the frozen build: run `make package-test` "
            "(it builds dist/ and sets CARECOORD_PACKAGE_TEST=1).",
            returncode=4,
        )


@pytest.fixture(scope="session")
def dist() -> Path:
    gui = DIST / f"carecoord-gui{EXE_SUFFIX}"
    assert gui.is_file(), f"no build at {DIST}: run `make package` first"
    return DIST
