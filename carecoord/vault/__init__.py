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
    from carecoord.vault.vault import Credentials, Vault, VerifyCheck, VerifyReport

__all__ = ["Credentials", "Vault", "VerifyCheck", "VerifyReport", "is_vault"]
_FROM_VAULT = frozenset(__all__) - {"is_vault"}


def __getattr__(name: str) -> Any:
    if name in _FROM_VAULT:
        from carecoord.vault import vault

        return getattr(vault, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
