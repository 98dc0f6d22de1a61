"""Writer process for the crash test: small transactions, each reported on stdout after COMMIT.

Usage: ``python crash_writer.py VAULT_FOLDER SEED`` with the passphrase in CARECOORD_PASSPHRASE
(never an argument). Prints ``ready`` once unlocked, then ``committed LAST_ID`` after every commit,
until it is killed.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from carecoord.vault import Credentials, Vault
from carecoord.workspace import connect_access_log

ROWS_PER_TRANSACTION = 4


def main() -> None:
    folder, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    connect_access_log()  # wired as every program is: no vault opens without its log
    vault = Vault.unlock(folder, Credentials(passphrase=os.environ["CARECOORD_PASSPHRASE"]))
    db = vault.db
    with db.transaction():
        db.execute(
            "CREATE TABLE IF NOT EXISTS crash_rows ("
            " id INTEGER PRIMARY KEY, txn INTEGER NOT NULL, body TEXT NOT NULL)"
        )
        db.execute("CREATE INDEX IF NOT EXISTS crash_rows_txn ON crash_rows (txn)")
        db.execute("CREATE TABLE IF NOT EXISTS crash_total (one INTEGER PRIMARY KEY, n INTEGER)")
        db.execute("INSERT OR IGNORE INTO crash_total VALUES (1, 0)")
    print("ready", flush=True)
    next_id = int(db.scalar("SELECT coalesce(max(id), 0) FROM crash_rows")) + 1
    while True:
        with db.transaction():
            txn = next_id
            for row_id in range(next_id, next_id + ROWS_PER_TRANSACTION):
                # Sizes from a few bytes to overflow pages, so commits touch many pages.
                body = f"{row_id}:" + "x" * rng.choice((10, 300, 1500, 6000))
                db.execute(
                    "INSERT INTO crash_rows (id, txn, body) VALUES (?, ?, ?)", (row_id, txn, body)
                )
            if rng.random() < 0.3:
                # Rewrite an older row too, so pages that were already committed change.
                victim = rng.randrange(1, next_id + 1)
                db.execute(
                    "UPDATE crash_rows SET body = ? WHERE id = ?",
                    (f"{victim}:" + "y" * rng.choice((20, 2000)), victim),
                )
            db.execute("UPDATE crash_total SET n = n + ? WHERE one = 1", (ROWS_PER_TRANSACTION,))
        next_id += ROWS_PER_TRANSACTION
        print(f"committed {next_id - 1}", flush=True)


if __name__ == "__main__":
    main()
