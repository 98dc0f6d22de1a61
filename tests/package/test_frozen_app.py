"""The one-folder build in dist/carecoord, run as an installed program would be."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.package.conftest import EXE_SUFFIX
from ui import smoke_test

PASSPHRASE = "correct horse battery staple"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARECOORD_")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return env


def _listing(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file()
    }


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


def test_frozen_second_start_hands_over_to_the_first(dist: Path, tmp_path: Path) -> None:
    """Two real starts of the installed program on the same vault: the second exits at once."""
    gui = str(dist / f"carecoord-gui{EXE_SUFFIX}")
    runtime = Path(tempfile.mkdtemp(prefix="cc-rt-"))
    env = _env(tmp_path)
    env.update(XDG_RUNTIME_DIR=str(runtime), CARECOORD_VAULT=str(tmp_path / "vault"))
    installed = _listing(dist)
    first = subprocess.Popen(
        [gui], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and first.poll() is None:
            if any((runtime / "CareCoord").glob("carecoord-*")):
                break
            time.sleep(0.1)
        assert first.poll() is None, "the first instance exited"
        assert any((runtime / "CareCoord").glob("carecoord-*")), "it never started listening"
        if sys.platform == "linux":
            limits = Path(f"/proc/{first.pid}/limits").read_text()
            assert re.search(r"Max core file size\s+0\s+0\s", limits)
        second = subprocess.run(
            [gui], cwd=tmp_path, env=env, capture_output=True, timeout=60, check=False
        )
        assert second.returncode == 0
        assert first.poll() is None  # the first one is still running
    finally:
        first.terminate()
        first.wait(timeout=30)
        shutil.rmtree(runtime, ignore_errors=True)
    # Working folder and home stay empty (settings are written only when changed) and the
    # program folder is exactly as installed.
    assert list(tmp_path.iterdir()) == []
    assert _listing(dist) == installed


def test_frozen_command_line_migrates_a_vault_of_the_previous_release(
    dist: Path, tmp_path: Path
) -> None:
    """The data step of a migration is a module (carecoord/schema/0050_pathway_tracks.py), not
    a data file: the frozen build must carry it and find it by name."""
    from tests.support.vault_0043 import OLD_VERSION, build_old_vault

    vault = tmp_path / "vault"
    build_old_vault(vault, "anna", PASSPHRASE)  # with the tests' cheap key-derivation profile
    verify = subprocess.run(
        [str(dist / f"carecoord{EXE_SUFFIX}"), "--vault", str(vault), "vault", "verify"],
        input=PASSPHRASE + "\n",
        env={**_env(tmp_path), "CARECOORD_INSECURE_TEST_KDF": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert re.search(r"schema: version (\d+) of \1", verify.stdout), verify.stdout
    assert list((vault / "backups").glob(f"pre-migration-v{OLD_VERSION}-*.db"))
    # The data step ran (the SQL alone leaves the old phases and makes no registrations).
    from carecoord.vault import Credentials, Vault

    opened = Vault.unlock(vault, Credentials(passphrase=PASSPHRASE))
    try:
        assert opened.db.scalar("SELECT count(*) FROM comensha_registrations") == 4
        assert opened.db.scalar("SELECT phase FROM cases WHERE id = 1") == "support"
    finally:
        opened.lock()
