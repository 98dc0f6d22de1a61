"""The encrypted vault: key slots, recovery key, device binding, SQLCipher, migrations, backup.

The names below are loaded on first use (PEP 562): the vault brings SQLCipher, Argon2,
cryptography and pydantic, which the app's unlock screen does not need before the user unlocks
(issue 14); light modules of this package (``location``, ``passphrase``, ``restore_journal``)
stay light to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from carecoord.vault.location import is_vault

if TYPE_CHECKING:
    from carecoord.vault.authentication import Credentials
    from carecoord.vault.checks import VerifyCheck, VerifyReport
    from carecoord.vault.vault import Vault

__all__ = ["Credentials", "Vault", "VerifyCheck", "VerifyReport", "is_vault"]
# Each lazily loaded name and the module it lives in.
_HOMES = {
    "Credentials": "carecoord.vault.authentication",
    "Vault": "carecoord.vault.vault",
    "VerifyCheck": "carecoord.vault.checks",
    "VerifyReport": "carecoord.vault.checks",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
