"""Where the vault lives by default, and whether a folder holds one: for the command line and
the app.

Kept apart from carecoord.cli, whose package imports every command (statistics, letters …):
the app's start needs only this folder (issue 14).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAULT = "CARECOORD_VAULT"
# Defined here rather than in restore_journal (which takes them from here), so that the app's
# start does not load the restore machinery (json, atomic writes, secrets) just to see whether a
# folder holds a vault (issue 14).
KEYS_NAME = "vault.keys"
JOURNAL_NAME = "restore.journal"


def default_vault_folder() -> Path:
    configured = os.environ.get(ENV_VAULT)
    if configured:
        return Path(configured)
    return Path(platformdirs.user_data_dir("CareCoord", appauthor=False)) / "vault"


def is_vault(folder: Path) -> bool:
    # A restore that was decided but not completed (a crash) is completed at the next unlock
    # (restore_journal.pending).
    return (Path(folder) / KEYS_NAME).exists() or (Path(folder) / JOURNAL_NAME).exists()
