"""Cost of `retention apply` on a demo vault: review, anonymise every closed case, prune, vacuum.

Run: ``.venv/bin/python benchmarks/retention_apply.py [--cases 2000] [--dir DIR]`` (cheap test
KDF for the throwaway vault; the KDF is not part of what is measured). The retention clock is
set 40 years ahead so that every closed demo case is due.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("CARECOORD_INSECURE_TEST_KDF", "1")

from carecoord import demo
from carecoord.retention import Retention
from carecoord.store.retention_repository import vacuum
from carecoord.vault import Vault
from carecoord.workspace import open_store


def _size(folder: Path) -> int:
    """The database and its write-ahead log together."""
    return sum(p.stat().st_size for p in folder.glob("vault.db*"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        vault, _ = Vault.create(Path(tmp) / "vault", "bench", "violet harbour lantern quietly 42")
        try:
            demo.generate(open_store(vault), args.cases, seed=1)
            later = datetime.now(UTC).replace(year=datetime.now(UTC).year + 40)
            service = Retention(vault, clock=lambda: later)
            size_before = _size(Path(tmp) / "vault")
            start = time.perf_counter()
            due = service.review()
            review_s = time.perf_counter() - start
            start = time.perf_counter()
            result = service.apply(vacuum=False)
            apply_s = time.perf_counter() - start
            start = time.perf_counter()
            vacuum(vault.db)
            vacuum_s = time.perf_counter() - start
            size_after = _size(Path(tmp) / "vault")
        finally:
            vault.lock()
    print(
        json.dumps(
            {
                "cases": args.cases,
                "due": len(due),
                "anonymised": len(result.anonymised),
                "log_entries_pruned": result.log_entries_pruned,
                "review_s": round(review_s, 3),
                "apply_s_without_vacuum": round(apply_s, 3),
                "fts_optimize_and_vacuum_s": round(vacuum_s, 3),
                "db_and_wal_bytes_before": size_before,
                "db_and_wal_bytes_after": size_after,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
