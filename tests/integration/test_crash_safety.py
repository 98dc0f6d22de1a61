"""SIGKILL a writer at random points, many times: the vault verifies and no commit is lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from carecoord.vault import Credentials, Vault
from tests.conftest import PASSPHRASE, run_cli
from tests.support import crash_writer
from tests.support.vault_files import copy_of_cli_vault

WRITER = Path(crash_writer.__file__)
KILLS = 25
SEED = 20261128


@pytest.fixture
def cli_vault(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> tuple[Path, str]:
    return copy_of_cli_vault(tmp_path_factory, tmp_path)


def _committed(stdout: bytes) -> int:
    """The highest id the writer reported as committed (complete lines only)."""
    last = 0
    for line in stdout.decode().split("\n")[:-1]:
        if line.startswith("committed "):
            last = int(line.split()[1])
    return last


def _check(folder: Path, reported: int) -> int:
    vault = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    try:
        if vault.db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'crash_rows'") == 0:
            assert reported == 0
            return 0
        ids = [row[0] for row in vault.db.all("SELECT id FROM crash_rows ORDER BY id")]
        # Every reported commit is there, and transactions are whole: ids are 1..N, N a multiple
        # of the transaction size, and the running total written in the same transaction agrees.
        assert ids == list(range(1, len(ids) + 1))
        assert len(ids) % crash_writer.ROWS_PER_TRANSACTION == 0
        assert len(ids) >= reported
        assert vault.db.scalar("SELECT n FROM crash_total") == len(ids)
        for row_id, body in vault.db.all("SELECT id, body FROM crash_rows"):
            assert body.startswith(f"{row_id}:")
        return len(ids)
    finally:
        vault.lock()


def test_sigkill_during_writes_loses_no_committed_transaction(
    cli_vault: tuple[Path, str],
) -> None:
    folder, _ = cli_vault
    rng = random.Random(SEED)  # noqa: S311 - seeded kill timing, not secrets
    env = {**os.environ, "CARECOORD_PASSPHRASE": PASSPHRASE, "CARECOORD_INSECURE_TEST_KDF": "1"}
    reported_total = 0
    killed_while_writing = 0
    for kill in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(folder), str(SEED + kill)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        try:
            if kill % 5 == 4:
                # Now and then kill it anywhere, including while it unlocks or recovers the WAL.
                time.sleep(rng.uniform(0.0, 0.6))
            else:
                assert proc.stdout is not None
                assert proc.stdout.readline() == b"ready\n", proc.stderr
                time.sleep(rng.uniform(0.01, 0.35))
        finally:
            proc.send_signal(signal.SIGKILL)
            stdout, stderr = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, stderr.decode()
        reported = _committed(stdout)
        killed_while_writing += reported > 0
        present = _check(folder, reported)
        assert present >= reported_total
        reported_total = max(reported_total, reported)
    assert killed_while_writing >= KILLS // 2
    assert reported_total >= 40  # writes really happened (about 700 ids on an idle machine)
    result = run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
