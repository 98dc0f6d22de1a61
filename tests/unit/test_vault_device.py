"""Device binding through the keyring, with the in-memory backend standing in for the OS one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import chainer, fail

from carecoord.errors import AuthenticationFailed, KeyringUnavailable
from carecoord.vault import Credentials, Vault
from carecoord.vault.device import SERVICE, DeviceSecretStore, system_store
from tests.conftest import PASSPHRASE, USER
from tests.support.memory_keyring import MemoryKeyring


@pytest.fixture
def bound(tmp_path: Path, device_store: DeviceSecretStore) -> tuple[Path, str]:
    vault, recovery_key = Vault.create(
        tmp_path / "v", USER, PASSPHRASE, bind_device=True, device_store=device_store
    )
    vault.db.execute("CREATE TABLE probe_notes (id INTEGER PRIMARY KEY, body TEXT)")
    vault.db.execute("INSERT INTO probe_notes (body) VALUES ('kept')")
    vault.lock()
    return tmp_path / "v", recovery_key


def test_a_bound_slot_opens_with_passphrase_and_device_secret(
    bound: tuple[Path, str], device_store: DeviceSecretStore, memory_keyring: MemoryKeyring
) -> None:
    folder, _ = bound
    assert list(memory_keyring.store) == [(SERVICE, f"vault-{_vault_id(folder)}")]
    vault = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE), device_store=device_store)
    assert vault.keys.slot_for_user(USER) is not None
    assert vault.keys.slot_for_user(USER).device_bound  # type: ignore[union-attr]
    assert vault.db.scalar("SELECT body FROM probe_notes") == "kept"
    vault.lock()
    with pytest.raises(AuthenticationFailed):
        Vault.unlock(
            folder, Credentials(passphrase="not the passphrase"), device_store=device_store
        )


def _vault_id(folder: Path) -> str:
    from carecoord.vault import keyfile

    return keyfile.read(folder / "vault.keys").vault_id


def test_without_the_device_secret_the_message_says_what_to_do(bound: tuple[Path, str]) -> None:
    folder, _ = bound
    with pytest.raises(KeyringUnavailable, match="bound to another workstation") as caught:
        Vault.unlock(
            folder,
            Credentials(passphrase=PASSPHRASE),
            device_store=DeviceSecretStore(MemoryKeyring()),
        )
    assert "recovery key" in caught.value.message
    with pytest.raises(KeyringUnavailable, match="No system keyring is available"):
        Vault.unlock(folder, Credentials(passphrase=PASSPHRASE), device_store=None)


def test_an_unreadable_keyring_gives_a_clear_message(bound: tuple[Path, str]) -> None:
    folder, _ = bound
    with pytest.raises(KeyringUnavailable, match="could not be read"):
        Vault.unlock(
            folder,
            Credentials(passphrase=PASSPHRASE),
            device_store=DeviceSecretStore(fail.Keyring()),
        )


def test_a_different_device_secret_does_not_open(
    bound: tuple[Path, str], memory_keyring: MemoryKeyring
) -> None:
    folder, _ = bound
    other = MemoryKeyring()
    DeviceSecretStore(other).create(_vault_id(folder))
    with pytest.raises(AuthenticationFailed):
        Vault.unlock(
            folder, Credentials(passphrase=PASSPHRASE), device_store=DeviceSecretStore(other)
        )
    assert memory_keyring.store  # the real secret is untouched


def test_the_recovery_slot_is_never_bound(bound: tuple[Path, str]) -> None:
    folder, recovery_key = bound
    vault = Vault.unlock(folder, Credentials(recovery_key=recovery_key), device_store=None)
    recovery_slot = vault.keys.recovery_slot()
    assert recovery_slot is not None
    assert not recovery_slot.device_bound
    assert vault.db.scalar("SELECT body FROM probe_notes") == "kept"
    vault.lock()


def test_binding_without_a_keyring_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(KeyringUnavailable):
        Vault.create(tmp_path / "v", USER, PASSPHRASE, bind_device=True, device_store=None)
    assert not (tmp_path / "v" / "vault.keys").exists()
    assert not (tmp_path / "v" / "vault.db").exists()


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    original = keyring.get_keyring()
    yield
    keyring.set_keyring(original)


@pytest.mark.usefixtures("restore_keyring")
@pytest.mark.parametrize("backend", [fail.Keyring(), MemoryKeyring()], ids=["fail", "memory"])
def test_system_store_refuses_backends_that_are_not_allow_listed(backend: object) -> None:
    keyring.set_keyring(backend)  # type: ignore[arg-type]
    with pytest.raises(KeyringUnavailable, match="No secure system keyring") as caught:
        system_store()
    assert "works without device binding" in caught.value.message


@pytest.mark.usefixtures("restore_keyring")
def test_system_store_looks_inside_a_chainer_and_still_refuses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [MemoryKeyring(), fail.Keyring()])
    keyring.set_keyring(chainer.ChainerBackend())
    with pytest.raises(KeyringUnavailable):
        system_store()


class WinVaultKeyring(MemoryKeyring):
    """The in-memory backend under the name of an allow-listed one, to see what is accepted."""

    viable = False  # keeps keyring's own discovery (and so every chainer) from picking it up


WinVaultKeyring.__module__ = "keyring.backends.Windows"


@pytest.mark.usefixtures("restore_keyring")
def test_an_allow_listed_backend_is_used_with_local_machine_persistence() -> None:
    backend = WinVaultKeyring()
    keyring.set_keyring(backend)
    store = system_store()
    assert backend.__dict__["persist"] == "local machine"
    secret = store.create("a" * 32)
    assert store.get("a" * 32) == secret
    store.delete("a" * 32)
    assert store.get("a" * 32) is None


def test_a_damaged_device_secret_gives_a_clear_message(
    bound: tuple[Path, str], device_store: DeviceSecretStore, memory_keyring: MemoryKeyring
) -> None:
    folder, _ = bound
    for entry in memory_keyring.store:
        memory_keyring.store[entry] = "not base64 at all!"
    with pytest.raises(KeyringUnavailable, match="damaged") as caught:
        Vault.unlock(folder, Credentials(passphrase=PASSPHRASE), device_store=device_store)
    assert "recovery key" in caught.value.message
