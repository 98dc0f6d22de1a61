"""Restore process for the restore crash test: it kills itself right after its K-th rename.

Usage: ``python crash_restore.py VAULT_FOLDER BACKUP_FILE K`` with the passphrase in
CARECOORD_PASSPHRASE (never an argument). Every file a restore writes or moves ends with an
``os.replace`` (atomic writes, staging, the journal, the swap), so "after the K-th replace" walks
through every state a crash can leave on disk. ``K = 0`` never kills; the process then prints
``replaces N``: the number of states there are.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from carecoord.vault import Credentials
from carecoord.vault.backup import restore_backup

_real_replace = os.replace


def main() -> None:
    folder, backup, kill_after = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    count = 0

    def replace(*args: object, **kwargs: object) -> None:
        nonlocal count
        _real_replace(*args, **kwargs)  # type: ignore[arg-type]
        count += 1
        if count == kill_after:
            os.kill(os.getpid(), signal.SIGKILL)

    os.replace = replace  # type: ignore[assignment]
    restore_backup(folder, backup, Credentials(passphrase=os.environ["CARECOORD_PASSPHRASE"]))
    print(f"replaces {count}", flush=True)


if __name__ == "__main__":
    main()
