"""Optional device binding: a 32-byte secret kept in the OS keyring.

Only real OS backends are accepted (an allow-list by class), never ``keyrings.alt``'s plaintext
file, the ``fail``/``null`` backends or a chainer: ``PYTHON_KEYRING_BACKEND`` or a user-level
keyringrc can otherwise swap in a plaintext store silently (research/security.md §4, keyring#370).
On Windows the credential is kept with ``local machine`` persistence so it does not roam.
"""

from __future__ import annotations

import base64
import secrets
from typing import Any, Protocol

from carecoord.errors import KeyringUnavailable
from carecoord.i18n import _

SERVICE = "CareCoord device binding"

# module.ClassName of the backends that keep secrets in the operating system's protected store.
ALLOWED_BACKENDS = frozenset(
    {
        "keyring.backends.Windows.WinVaultKeyring",
        "keyring.backends.macOS.Keyring",
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
    }
)


class SecretBackend(Protocol):
    def get_password(self, service: str, username: str) -> str | None: ...
    def set_password(self, service: str, username: str, password: str) -> None: ...
    def delete_password(self, service: str, username: str) -> None: ...


def _qualified_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


class DeviceSecretStore:
    """Reads and creates the per-vault device secret in a keyring backend."""

    def __init__(self, backend: SecretBackend) -> None:
        self._backend = backend

    def _username(self, vault_id: str) -> str:
        return f"vault-{vault_id}"

    def get(self, vault_id: str) -> bytes | None:
        try:
            value = self._backend.get_password(SERVICE, self._username(vault_id))
        except Exception as exc:  # keyring raises many backend-specific types
            raise KeyringUnavailable(
                _(
                    "The system keyring could not be read; the device-bound passphrase cannot be "
                    "used. Unlock with the recovery key."
                )
            ) from exc
        if not value:
            return None
        try:
            return base64.b64decode(value, validate=True)
        except ValueError as exc:
            raise KeyringUnavailable(
                _(
                    "The device secret in the system keyring is damaged; the device-bound passphrase "
                    "cannot be used. Unlock with the recovery key."
                )
            ) from exc

    def create(self, vault_id: str) -> bytes:
        secret = secrets.token_bytes(32)
        try:
            self._backend.set_password(
                SERVICE, self._username(vault_id), base64.b64encode(secret).decode()
            )
        except Exception as exc:
            raise KeyringUnavailable(
                _(
                    "The system keyring refused to store the device secret; the vault was not bound "
                    "to this device."
                )
            ) from exc
        return secret

    def delete(self, vault_id: str) -> None:
        try:
            self._backend.delete_password(SERVICE, self._username(vault_id))
        except Exception:  # noqa: S110 - nothing to delete is fine
            pass


def system_store() -> DeviceSecretStore:
    """The OS keyring, or KeyringUnavailable with a reason a user can act on."""
    try:
        import keyring
        from keyring.backends import chainer
    except Exception as exc:  # pragma: no cover - keyring is a hard dependency
        raise KeyringUnavailable(_("The keyring library is not available.")) from exc
    backend: Any = keyring.get_keyring()
    candidates = (
        list(backend.backends) if isinstance(backend, chainer.ChainerBackend) else [backend]
    )
    for candidate in candidates:
        if _qualified_name(candidate) in ALLOWED_BACKENDS:
            if _qualified_name(candidate).endswith("WinVaultKeyring"):
                candidate.persist = "local machine"
            return DeviceSecretStore(candidate)
    raise KeyringUnavailable(
        _(
            "No secure system keyring is available on this workstation (Windows Credential Locker, "
            "macOS Keychain, Secret Service or KWallet), so the vault cannot be bound to this device. "
            "It works without device binding."
        )
    )
