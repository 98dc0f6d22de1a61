"""User-facing errors.

Every error the user can see is one of these: a clear, one-line message that never contains
personal data, and the command-line exit code from DESIGN.md section 5.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_DAMAGED = 4
EXIT_REJECTED = 5


class CareCoordError(Exception):
    """Base class: ``str(error)`` is safe to show to a user and to write to a log."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(CareCoordError):
    exit_code = EXIT_USAGE


class AuthenticationFailed(CareCoordError):
    """Wrong passphrase or recovery key (or a recovery key with a typo)."""

    exit_code = EXIT_AUTH


class VaultUnavailable(CareCoordError):
    """The vault cannot be used as it is: damaged, not a vault, in use, or too new."""

    exit_code = EXIT_DAMAGED


class VaultDamaged(VaultUnavailable):
    pass


class NotAVault(VaultUnavailable):
    pass


class VaultInUse(VaultUnavailable):
    pass


class VaultTooNew(VaultUnavailable):
    pass


class InputRejected(CareCoordError):
    """Input failed validation; nothing was changed."""

    exit_code = EXIT_REJECTED

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class VaultLocked(CareCoordError):
    """An operation needed the unlocked vault after it was locked."""


class KeyringUnavailable(CareCoordError):
    """No secure OS keyring is usable, so device binding is not possible."""
