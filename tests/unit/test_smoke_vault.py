from carecoord.vault import Credentials, Vault
from tests.conftest import PASSPHRASE, VaultFixture


def test_create_and_reopen(vault_fx: VaultFixture) -> None:
    vault = vault_fx.reopen()
    assert vault.user == "anna"
    assert vault.verify().ok


def test_recovery_key_opens(vault_fx: VaultFixture) -> None:
    vault_fx.vault.lock()
    vault = Vault.unlock(vault_fx.folder, Credentials(recovery_key=vault_fx.recovery_key))
    assert vault.user == "recovery"
    vault.lock()
    assert PASSPHRASE
