"""Shared fixtures: a cheap KDF profile, an in-memory keyring, vault factories, the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# Tests unlock vaults hundreds of times; the calibrated Argon2id profile takes ~1 s each.
os.environ["CARECOORD_INSECURE_TEST_KDF"] = "1"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from carecoord import i18n
from carecoord.vault import Credentials, Vault
from carecoord.vault.device import DeviceSecretStore
from carecoord.workspace import connect_access_log
from tests.support.memory_keyring import MemoryKeyring
from ui.immortal_singletons import reserve_references

# Wired as the app and the command line wire it: a vault does not open without its access log.
connect_access_log()
# As the app does before its first Qt call (pytest-qt makes its own QApplication): PySide6 6.12.0
# leaks references to None and True on Python 3.11 (ui/immortal_singletons.py).
reserve_references()

PASSPHRASE = "correct horse battery staple"
USER = "anna"


@pytest.fixture(autouse=True)
def _language_restored() -> Iterator[None]:
    """The process has one language (a module global): a test that switches it, as the app does
    at start, must not leak it into the next test, which may match an English core message."""
    saved = (i18n._translations, i18n._language, i18n._missing)
    yield
    i18n._translations, i18n._language, i18n._missing = saved


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def device_store(memory_keyring: MemoryKeyring) -> DeviceSecretStore:
    return DeviceSecretStore(memory_keyring)


@dataclass
class VaultFixture:
    folder: Path
    recovery_key: str
    vault: Vault

    def reopen(self, passphrase: str = PASSPHRASE) -> Vault:
        if self.vault.is_open:
            self.vault.lock()
        self.vault = Vault.unlock(self.folder, Credentials(passphrase=passphrase))
        return self.vault


@pytest.fixture
def vault_fx(tmp_path: Path) -> Iterator[VaultFixture]:
    vault, recovery_key = Vault.create(tmp_path / "vault", USER, PASSPHRASE)
    fx = VaultFixture(tmp_path / "vault", recovery_key, vault)
    yield fx
    if fx.vault.is_open:
        fx.vault.lock()


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_cli(
    *args: str,
    vault: Path | None = None,
    stdin: str = "",
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> CliResult:
    """The real command line in a subprocess, as scripts and administrators run it."""
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith("CARECOORD_") or k.endswith("_KDF")
    }
    full_env["CARECOORD_INSECURE_TEST_KDF"] = "1"
    full_env.update(env or {})
    argv = [sys.executable, "-m", "carecoord"]
    if vault is not None:
        argv += ["--vault", str(vault)]
    proc = subprocess.run(
        [*argv, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        check=False,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli_vault(tmp_path: Path) -> tuple[Path, str]:
    """A vault created through the CLI; returns (folder, recovery key)."""
    folder = tmp_path / "cli-vault"
    result = run_cli("--user", USER, "vault", "init", vault=folder, stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    recovery_key = result.stdout.strip().splitlines()[-1]
    return folder, recovery_key
