"""SIGKILL ``vault restore`` after each of its renames and at random moments (issue 12).

After every kill the vault folder holds a vault that opens: the old one (35 rows) when the
restore had not decided yet, the backup's (30 rows) once it had, never "vault.db is missing".
Staging left behind is removed by the next run, and ``vault verify`` passes.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from carecoord.vault import Credentials, Vault
from carecoord.vault.backup import create_backup
from tests.conftest import PASSPHRASE, run_cli
from tests.support import crash_restore

SCRIPT = Path(crash_restore.__file__)
SEED = 20261201
RANDOM_KILLS = 6
OLD_ROWS, NEW_ROWS = 35, 30


def _env() -> dict[str, str]:
    return {**os.environ, "CARECOORD_PASSPHRASE": PASSPHRASE, "CARECOORD_INSECURE_TEST_KDF": "1"}


def _make(folder: Path, backup: Path) -> None:
    vault, _key = Vault.create(folder, "anna", PASSPHRASE)
    try:
        vault.db.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY, body TEXT)")
        # A few MB, so that staging takes long enough for a random kill to land in it.
        rows = [("x" * 100_000,) for _ in range(NEW_ROWS)]
        vault.db.executemany("INSERT INTO kept (body) VALUES (?)", rows)
        create_backup(vault, backup)
        vault.db.executemany("INSERT INTO kept (body) VALUES (?)", [("after",)] * 5)
    finally:
        vault.lock()


def _rows_after_crash(folder: Path) -> int:
    verify = run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    vault = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    try:
        return int(vault.db.scalar("SELECT count(*) FROM kept"))
    finally:
        vault.lock()


def _no_staging(folder: Path) -> None:
    assert not list((folder / "backups").glob(".restore-*"))
    assert not (folder / "restore.journal").exists()


def test_a_restore_killed_after_any_rename_leaves_a_vault_that_opens(tmp_path: Path) -> None:
    template, backup = tmp_path / "template", tmp_path / "backup.ccb"
    _make(template, backup)
    # How many renames a whole restore makes: one state on disk after each.
    probe = tmp_path / "probe"
    shutil.copytree(template, probe)
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(probe), str(backup), "0"],
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    renames = int(done.stdout.split()[-1])
    assert renames >= 3  # at least: the database, the key file, the swap
    assert _rows_after_crash(probe) == NEW_ROWS

    outcomes: list[int] = []
    for kill_after in range(1, renames + 1):
        folder = tmp_path / f"kill-{kill_after}"
        shutil.copytree(template, folder)
        killed = subprocess.run(
            [sys.executable, str(SCRIPT), str(folder), str(backup), str(kill_after)],
            capture_output=True,
            env=_env(),
            check=False,
        )
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        rows = _rows_after_crash(folder)
        assert rows in (OLD_ROWS, NEW_ROWS)
        _no_staging(folder)
        outcomes.append(rows)
        # And a restore run again completes.
        again = run_cli("vault", "restore", str(backup), vault=folder, stdin=PASSPHRASE + "\n")
        assert again.returncode == 0, again.stderr
        assert _rows_after_crash(folder) == NEW_ROWS
    # Once decided, always the new vault: the outcomes go old, old, …, new, new.
    assert outcomes == sorted(outcomes, reverse=True)
    assert OLD_ROWS in outcomes and NEW_ROWS in outcomes


def test_a_restore_killed_at_random_moments_leaves_a_vault_that_opens(tmp_path: Path) -> None:
    template, backup = tmp_path / "template", tmp_path / "backup.ccb"
    _make(template, backup)
    rng = random.Random(SEED)  # noqa: S311 - seeded kill timing, not secrets
    started = time.monotonic()
    probe = tmp_path / "probe"
    shutil.copytree(template, probe)
    run = run_cli("vault", "restore", str(backup), vault=probe, stdin=PASSPHRASE + "\n")
    assert run.returncode == 0, run.stderr
    duration = time.monotonic() - started
    for kill in range(RANDOM_KILLS):
        folder = tmp_path / f"random-{kill}"
        shutil.copytree(template, folder)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "carecoord",
                "--vault",
                str(folder),
                "vault",
                "restore",
                str(backup),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={k: v for k, v in _env().items() if k != "CARECOORD_PASSPHRASE"},
        )
        assert proc.stdin is not None
        proc.stdin.write((PASSPHRASE + "\n").encode())
        proc.stdin.close()
        time.sleep(rng.uniform(0.2, 1.0) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _rows_after_crash(folder) in (OLD_ROWS, NEW_ROWS)
        _no_staging(folder)
