"""A failed vault check, named the way ``vault verify`` names it.

Opening a vault runs the same checks as ``vault verify`` (key file, encryption, page integrity,
schema). When one fails at open the vault cannot be unlocked, so ``vault verify`` reports the check
carried by this error instead of a full report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from carecoord.errors import VaultDamaged

KEY_FILE = "key file"
ENCRYPTION = "encryption"
PAGE_INTEGRITY = "page integrity"
SCHEMA = "schema"


class VaultCheckFailed(VaultDamaged):
    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check


@dataclass
class VerifyCheck:
    name: str
    ok: bool
    detail: str = ""


@dataclass
class VerifyReport:
    checks: list[VerifyCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def first_failure(self) -> VerifyCheck | None:
        return next((c for c in self.checks if not c.ok), None)
