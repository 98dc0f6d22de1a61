"""SIGKILL ``vault passwd`` at every durable step: the vault opens with exactly one passphrase.

The real command line runs in a subprocess (tests/support/passwd_crash.py) that stops at its N-th
write of vault.keys, rekey, checkpoint or commit; it is then killed. Whichever way the crash went,
the vault opens with the old or the new passphrase (never both), every row is there, the other
user and the recovery key open it, and once the new passphrase took effect the key file from
before the change is refused.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from carecoord.vault import Credentials, Vault
from tests.conftest import PASSPHRASE, run_cli
from tests.support import passwd_crash
from tests.support.vault_files import KEYS, copy_of_cli_vault, fill_rows, row_ids

HELPER = Path(passwd_crash.__file__)
NEW_PASSPHRASE = "a brand new passphrase 42"
BOB = "bob"
BOB_PASSPHRASE = "tulips along the canal 7"
ROWS = 200


def _run_until(step: int, folder: Path) -> tuple[bool, str]:
    """Run passwd until ``step``; True when it was killed there, False when it finished first."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CARECOORD_")},
        "CARECOORD_INSECURE_TEST_KDF": "1",
        "CARECOORD_PASSPHRASE": PASSPHRASE,
        "CARECOORD_NEW_PASSPHRASE": NEW_PASSPHRASE,
    }
    proc = subprocess.Popen(
        [sys.executable, str(HELPER), str(step), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    seen = []
    try:
        for line in proc.stdout:
            seen.append(line.strip())
            if line.strip() == "paused":
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        _out, err = proc.communicate(timeout=60)
    killed = proc.returncode == -signal.SIGKILL
    if not killed:
        assert proc.returncode == 0, (seen, err)
    return killed, seen[-2] if killed else ""


def _opens(folder: Path, passphrase: str) -> bool:
    result = run_cli("vault", "verify", vault=folder, stdin=passphrase + "\n")
    assert result.returncode in (0, 3), result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.returncode == 0


def test_sigkill_at_every_step_of_passwd(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    template, recovery_key = copy_of_cli_vault(tmp_path_factory, tmp_path)
    ok = run_cli(
        "vault", "add-user", BOB, vault=template, stdin=f"{PASSPHRASE}\n{BOB_PASSPHRASE}\n"
    )
    assert ok.returncode == 0, ok.stderr
    fill_rows(template, PASSPHRASE, ROWS)
    old_keys = (template / KEYS).read_bytes()

    outcomes: dict[str, str] = {}
    step = 0
    while True:
        step += 1
        assert step < 40, "passwd never finished"
        folder = tmp_path / f"step-{step}"
        shutil.copytree(template, folder)
        killed, where = _run_until(step, folder)
        if not killed:
            break
        # The first probe sees exactly what the killed process left on disk.
        old_opens = _opens(folder, PASSPHRASE)
        new_opens = _opens(folder, NEW_PASSPHRASE)
        assert old_opens != new_opens, (where, old_opens, new_opens)
        current = NEW_PASSPHRASE if new_opens else PASSPHRASE
        outcomes[f"{step} {where}"] = "new" if new_opens else "old"
        assert row_ids(folder, current) == set(range(ROWS)), where
        for credentials in (
            Credentials(passphrase=BOB_PASSPHRASE),
            Credentials(recovery_key=recovery_key),
        ):
            vault = Vault.unlock(folder, credentials)
            assert vault.verify().ok, where
            assert vault.keys.pending is None
            vault.lock()
        if new_opens:
            # The old key file must not read what the rotated vault holds.
            current_keys = (folder / KEYS).read_bytes()
            (folder / KEYS).write_bytes(old_keys)
            result = run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n")
            assert result.returncode == 4, (where, result.stderr)
            assert "older than the database" in result.stderr
            (folder / KEYS).write_bytes(current_keys)
            assert _opens(folder, NEW_PASSPHRASE)
        shutil.rmtree(folder)
    # Every step was reached, both outcomes occur, and the finished run took effect.
    assert step > 5, outcomes
    assert set(outcomes.values()) == {"old", "new"}, outcomes
    assert list(outcomes.values()) == sorted(outcomes.values(), key=lambda o: o == "new"), outcomes
    assert _opens(folder, NEW_PASSPHRASE)
    assert not _opens(folder, PASSPHRASE)
