"""What the smoke test's checks share: the scratch folder and the vault they pass on to each
other (:class:`SmokeContext`), a check's name and function (:class:`Check`), and where the
application is installed, to prove at the end that no check wrote there.
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import carecoord
from carecoord.hardening import HardeningReport
from carecoord.vault import Vault


@dataclass
class SmokeContext:
    scratch: Path
    hardening: HardeningReport
    install_snapshot: dict[str, tuple[int, int]]
    passphrase: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    recovery_key: str = ""
    vault: Vault | None = None  # open once "vault unlock" passed

    @property
    def vault_folder(self) -> Path:
        return self.scratch / "vault"

    def open_vault(self) -> Vault:
        if self.vault is None or not self.vault.is_open:
            raise RuntimeError("no open vault (an earlier vault check failed)")
        return self.vault


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[SmokeContext], str]


# -- where the application is installed --------------------------------------------------------
def install_root() -> Path:
    """The one-folder bundle when frozen; the source tree's packages otherwise."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(carecoord.__file__).resolve().parent.parent


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Size and mtime of every file the app ships (source tree: its packages and catalogs)."""
    if getattr(sys, "frozen", False):
        tops = [root]
    else:
        tops = [root / "carecoord", root / "ui"]  # the catalogs are in carecoord/translations
    result: dict[str, tuple[int, int]] = {}
    for top in tops:
        for path in top.rglob("*"):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            stat = path.stat()
            result[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return result
