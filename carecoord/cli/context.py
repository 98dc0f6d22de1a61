"""What every command needs: the vault folder, secrets from the right source, an unlocked vault."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from carecoord.errors import AuthenticationFailed, KeyringUnavailable, UsageError
from carecoord.i18n import _
from carecoord.vault import Credentials, Vault
from carecoord.vault.device import DeviceSecretStore, system_store
from carecoord.vault.location import default_vault_folder

ENV_USER = "CARECOORD_USER"
ENV_PASSPHRASE = "CARECOORD_PASSPHRASE"  # noqa: S105 - the name of a variable, not a secret
ENV_NEW_PASSPHRASE = "CARECOORD_NEW_PASSPHRASE"  # noqa: S105
ENV_RECOVERY_KEY = "CARECOORD_RECOVERY_KEY"


class SecretInput:
    """Passphrases are never arguments: a terminal prompt, else environment, else stdin lines."""

    def __init__(self) -> None:
        self._interactive = sys.stdin is not None and sys.stdin.isatty()

    def _stdin_line(self, what: str) -> str:
        line = sys.stdin.readline() if sys.stdin is not None else ""
        if not line:
            raise AuthenticationFailed(
                _("No %(what)s given: set %(variable)s or write it on standard input.")
                % {"what": what, "variable": ENV_PASSPHRASE}
            )
        return line.rstrip("\r\n")

    def current(self) -> Credentials:
        recovery_key = os.environ.get(ENV_RECOVERY_KEY)
        if recovery_key:
            return Credentials(recovery_key=recovery_key)
        if self._interactive:
            return Credentials(passphrase=getpass.getpass("Passphrase: "))
        value = os.environ.get(ENV_PASSPHRASE)
        return Credentials(passphrase=value if value else self._stdin_line("passphrase"))

    def new(self, *, env: str, prompt: str) -> str:
        if self._interactive:
            first = getpass.getpass(f"{prompt}: ")
            second = getpass.getpass(f"{prompt} (again): ")
            if first != second:
                raise UsageError(_("The two passphrases differ; nothing was changed."))
            return first
        value = os.environ.get(env)
        return value if value else self._stdin_line("new passphrase")


class Context:
    def __init__(self, folder: Path, user: str | None) -> None:
        self.folder = folder
        self.user = user
        self.secrets = SecretInput()
        self._vault: Vault | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        folder = args.vault if args.vault is not None else default_vault_folder()
        return cls(Path(folder), args.user or os.environ.get(ENV_USER) or None)

    def device_store(self) -> DeviceSecretStore | None:
        try:
            return system_store()
        except KeyringUnavailable:
            return None

    def credentials(self) -> Credentials:
        creds = self.secrets.current()
        return Credentials(
            passphrase=creds.passphrase, recovery_key=creds.recovery_key, user=self.user
        )

    def open_vault(self) -> Vault:
        if self._vault is None:
            self._vault = Vault.unlock(
                self.folder, self.credentials(), device_store=self.device_store()
            )
        return self._vault

    def close(self) -> None:
        if self._vault is not None:
            self._vault.lock()
            self._vault = None
