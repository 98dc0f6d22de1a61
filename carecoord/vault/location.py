"""Where the vault lives by default, and whether a folder holds one: for the command line and
the app.

Kept apart from carecoord.cli, whose package imports every command (statistics, letters …):
the app's start needs only this folder (issue 14).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from carecoord.vault import restore_journal

ENV_VAULT = "CARECOORD_VAULT"


def default_vault_folder() -> Path:
    configured = os.environ.get(ENV_VAULT)
    if configured:
        return Path(configured)
    return Path(platformdirs.user_data_dir("CareCoord", appauthor=False)) / "vault"


def is_vault(folder: Path) -> bool:
    # A restore that was decided but not completed (a crash) is completed at the next unlock.
    return (Path(folder) / restore_journal.KEYS_NAME).exists() or restore_journal.pending(
        Path(folder)
    )
