"""The encrypted vault: key slots, recovery key, device binding, SQLCipher, migrations, backup."""

from carecoord.vault.vault import Credentials, Vault, VerifyCheck, VerifyReport, is_vault

__all__ = ["Credentials", "Vault", "VerifyCheck", "VerifyReport", "is_vault"]
