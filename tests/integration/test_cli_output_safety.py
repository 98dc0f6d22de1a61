"""What the command line prints on stdout: a reader that stops early (``| head``) is not an
error, and text that came from a user or a file cannot steer the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from carecoord.vault import Credentials, Vault
from carecoord.workspace import open_store
from tests.conftest import PASSPHRASE, run_cli

STDIN = PASSPHRASE + "\n"


def test_a_reader_that_stops_early_ends_the_listing_quietly(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    assert run_cli("demo", "--cases", "300", vault=folder, stdin=STDIN).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARECOORD_")}
    env["CARECOORD_INSECURE_TEST_KDF"] = "1"
    proc = subprocess.Popen(
        [sys.executable, "-m", "carecoord", "--vault", str(folder), "referrals", "list"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(STDIN.encode())
    proc.stdin.close()
    first = proc.stdout.readline()
    proc.stdout.close()  # as `head -1` does: the rest of the listing has nowhere to go
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert first.split(b"\t")[0].isdigit()
    assert err == "", err
    assert code == 0


def test_listed_names_cannot_carry_terminal_controls(cli_vault: tuple[Path, str]) -> None:
    """Defence in depth: the app's forms and `settings partners add` refuse control characters,
    but a name that reached the vault otherwise (an older release, a restored backup) is printed
    with its controls escaped."""
    folder, _ = cli_vault
    assert run_cli("demo", "--cases", "20", vault=folder, stdin=STDIN).returncode == 0
    from carecoord.workspace import connect_access_log

    connect_access_log()
    vault = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    try:
        store = open_store(vault)
        with vault.db.transaction():
            vault.db.execute(
                "UPDATE organisations SET name = ? WHERE id = (SELECT min(organisation_id) "
                "FROM referrals)",
                ("Evil\x1b]0;owned\x07 \u202eOrg",),
            )
        assert store.referrals.count() > 0
    finally:
        vault.lock()
    listed = run_cli("referrals", "list", vault=folder, stdin=STDIN)
    assert listed.returncode == 0, listed.stderr
    assert "\x1b" not in listed.stdout and "\x07" not in listed.stdout
    assert "\u202e" not in listed.stdout
    assert "Evil\\x1b]0;owned\\x07 \\u202eOrg" in listed.stdout
