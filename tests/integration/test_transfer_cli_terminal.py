"""`carecoord transfer receive` on a terminal (issue 19): the passphrase is asked without echo,
then the sender and its fingerprint are shown and the coordinator answers whether it is the one
read to them by phone. "No" (or just Enter) receives nothing; "yes" receives the case and makes
the sender a known region.

A real pseudo-terminal drives the real command line in a subprocess: the same prompts a
coordinator sees, no stand-in for stdin or getpass."""

from __future__ import annotations

import os
import select
import sys
from pathlib import Path

import pytest

from carecoord.errors import EXIT_OK, EXIT_REJECTED
from tests.conftest import PASSPHRASE
from tests.integration.test_transfer_cli import OVERRIDE, Regions, _canary_case

pty = pytest.importorskip("pty", reason="a POSIX pseudo-terminal")

WAIT = 60.0  # seconds for a prompt to appear (Argon2 in its test setting, a cold start)


def _on_a_terminal(
    argv: list[str], env: dict[str, str], dialogue: list[tuple[str, str]]
) -> tuple[int, str]:
    """Run ``argv`` with a pseudo-terminal as its controlling terminal, stdin, stdout and stderr;
    for each (prompt, answer) wait until the prompt is shown, then type the answer and Enter.
    Returns the exit code and everything the terminal showed (typed echo included)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the command line
        try:
            os.execve(argv[0], argv, env)  # noqa: S606 - the test's own argv, no shell
        finally:
            os._exit(127)
    shown = b""

    def read(until: bytes | None) -> None:
        nonlocal shown
        while until is None or until not in shown:
            ready, _w, _x = select.select([fd], [], [], WAIT)
            if not ready:
                raise AssertionError(f"no {until!r} within {WAIT} s; shown: {shown!r}")
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the child closed the terminal
                chunk = b""
            if not chunk:
                if until is None:
                    return
                raise AssertionError(f"ended before {until!r}; shown: {shown!r}")
            shown += chunk

    try:
        for prompt, answer in dialogue:
            read(prompt.encode())
            os.write(fd, answer.encode() + b"\n")
        read(None)
    finally:
        _pid, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace")


def _terminal_env(regions: Regions) -> dict[str, str]:
    """As run_cli's, but without the passphrase variable: on a terminal it is asked for."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("CARECOORD_") or k.endswith("_KDF")
    }
    env["CARECOORD_INSECURE_TEST_KDF"] = "1"
    env.update({k: v for k, v in regions.env.items() if k != "CARECOORD_PASSPHRASE"})
    return env


def test_receive_on_a_terminal_asks_the_passphrase_then_the_fingerprint(tmp_path: Path) -> None:
    regions = Regions(tmp_path)
    a_keys = regions.init("anna", "Gemeente Aland")
    b_keys = regions.init("bob", "Gemeente Beland")
    reference = _canary_case(regions, "Kanarie")
    partner = regions.cli(
        "anna",
        *("settings", "partners", "add", "Gemeente Beland", "--service", "other"),
        *("--address", "Postbus 2", "--address", "2000 BB Beland"),
    )
    assert partner.returncode == EXIT_OK, partner.stderr
    added = regions.cli(
        "anna",
        *("transfer", "add-region", "Gemeente Beland", "--recipient", b_keys["recipient"]),
        *("--signing", b_keys["signing"], "--fingerprint", b_keys["fingerprint"]),
    )
    assert added.returncode == EXIT_OK, added.stderr
    package = regions.out / "case.age"
    sent = regions.cli(
        "anna",
        *("transfer", "send", reference, "--to", b_keys["recipient"], "--out", str(package)),
        *("--override-reason", OVERRIDE),
    )
    assert sent.returncode == EXIT_OK, sent.stderr

    argv = [sys.executable, "-m", "carecoord", "--vault", str(regions.folder("bob"))]
    argv += ["--user", "bob", "transfer", "receive", str(package)]
    env = _terminal_env(regions)
    question = "read to you by phone? [y/N]"
    before = regions.digest("bob")

    # Enter alone is "no": nothing is received.
    code, shown = _on_a_terminal(argv, env, [("Passphrase: ", PASSPHRASE), (question, "")])
    assert code == EXIT_REJECTED, shown
    assert PASSPHRASE not in shown  # asked without echo
    assert "Sender: Gemeente Aland" in shown
    assert f"Fingerprint: {a_keys['fingerprint']}" in shown
    assert "Traceback" not in shown and "Received case" not in shown
    assert regions.digest("bob") == before
    # A wrong passphrase never reaches the question.
    code, shown = _on_a_terminal(argv, env, [("Passphrase: ", "not the passphrase")])
    assert code != EXIT_OK and question not in shown and regions.digest("bob") == before

    # "ja" (Dutch, as "yes"): received, and the sender is a known region from now on.
    code, shown = _on_a_terminal(argv, env, [("Passphrase: ", PASSPHRASE), (question, "ja")])
    assert code == EXIT_OK, shown
    assert PASSPHRASE not in shown
    assert f"its reference there: {reference}" in shown and "(now a known region)" in shown
    assert regions.cli("bob", "transfer", "regions").stdout.startswith("Gemeente Aland\t")
    with regions.store("bob") as store:
        assert store.db.all("SELECT received_from, sender_reference FROM cases") == [
            ("Gemeente Aland", reference)
        ]
