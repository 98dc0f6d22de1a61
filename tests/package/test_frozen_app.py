"""The one-folder build in dist/carecoord, run as an installed program would be."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.package.conftest import EXE_SUFFIX
from ui import smoke_test

PASSPHRASE = "correct horse battery staple"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARECOORD_")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return env


def test_frozen_smoke_test_passes_every_check(dist: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(dist / f"carecoord-gui{EXE_SUFFIX}"), "--smoke-test"],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    print(result.stdout)
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    # The frozen app runs the same list as the source tree: no check silently left out.
    names = [line.split(":", 1)[0][6:] for line in lines[:-1]]
    assert names == [check.name for check in smoke_test.CHECKS]
    assert all(line.startswith("ok    ") for line in lines[:-1])
    assert list(tmp_path.iterdir()) == []  # nothing written into the working folder


def test_frozen_command_line_creates_verifies_and_backs_up(dist: Path, tmp_path: Path) -> None:
    cli = str(dist / f"carecoord{EXE_SUFFIX}")
    vault = tmp_path / "vault"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [cli, "--vault", str(vault), *args],
            input=PASSPHRASE + "\n",
            env=_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    assert run("--user", "anna", "vault", "init").returncode == 0
    verify = run("vault", "verify")
    assert verify.returncode == 0, verify.stderr
    assert "SQLCipher" in verify.stdout
    backup = run("vault", "backup", str(tmp_path / "backup.ccb"))
    assert backup.returncode == 0, backup.stderr
    assert (tmp_path / "backup.ccb").stat().st_size > 0
    wrong = subprocess.run(
        [cli, "--vault", str(vault), "vault", "verify"],
        input="wrong passphrase here\n",
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert wrong.returncode == 3
