"""The lists other packages register callbacks in to hear what the vault does.

The access log (carecoord.audit) and the store's integrity check must see every unlock, lock,
key-slot change and failed attempt, but this package never imports them (the core is layered:
the vault is below the store and the log). So they append themselves here, on import, and the
vault calls whatever is registered. Kept apart from carecoord.vault.vault so that registering
needs only these lists, not the Vault class.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from carecoord.errors import AccessLogNotConnected
from carecoord.i18n import _
from carecoord.vault.checks import VerifyCheck
from carecoord.vault.keyfile import KeyFile

if TYPE_CHECKING:
    from carecoord.vault.authentication import Credentials
    from carecoord.vault.vault import Vault

# Checks other packages add to `vault verify` (the audit-log chain registers itself here).
VerifyHook = Callable[["Vault"], VerifyCheck]
VERIFY_HOOKS: list[VerifyHook] = []

# Callbacks run right after every unlock/create and before every lock (the access log uses them).
OPEN_HOOKS: list[Callable[[Vault], None]] = []
LOCK_HOOKS: list[Callable[[Vault], None]] = []
# Called after a change to the vault itself succeeded (key-slot changes, backups) with the event
# name and codes or user names only. The access log registers here, so this package never imports it.
EVENT_HOOKS: list[Callable[[Vault, str, dict[str, str]], None]] = []
# Called when an unlock fails on its credentials, with (folder, key file, user name as typed or
# None, "passphrase" | "recovery_key"); never with the secret. vault.db and vault.keys must stay
# byte-for-byte unchanged after a failed attempt, so a hook may only write a file of its own.
FAILED_UNLOCK_HOOKS: list[Callable[[Path, KeyFile, str | None, str], None]] = []


def require_access_log() -> None:
    """Fail closed: a program that did not connect the access log (carecoord.workspace) gets no
    vault, rather than one whose logins and reads go unlogged."""
    if not OPEN_HOOKS:
        raise AccessLogNotConnected(
            _("The access log is not connected, so the vault stays closed.")
        )


def report_failed_unlock(folder: Path, keys: KeyFile, credentials: Credentials) -> None:
    method = "recovery_key" if credentials.recovery_key else "passphrase"
    for hook in FAILED_UNLOCK_HOOKS:
        try:
            hook(folder, keys, credentials.user, method)
        except Exception:  # noqa: S112 - a failed unlock must report AuthenticationFailed, always
            continue
