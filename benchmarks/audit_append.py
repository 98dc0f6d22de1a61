"""Cost of one logged action: an access-log append plus the head update in vault.keys.

Run: ``.venv/bin/python benchmarks/audit_append.py [--n 200] [--dir DIR]`` (uses the cheap test KDF
for the throwaway vault; the KDF does not take part in what is measured). Measures, per action:

- ``append_only``: entries appended inside one transaction (the head is written once at commit);
- ``append_commit_head``: one committed transaction per entry, each followed by the head rewrite
  (vault.keys rewritten atomically with fsync), which is what a single logged action costs;
- ``plain_commit_without_log``: a committed one-row transaction, for comparison;
- ``head_write``: the vault.keys rewrite alone;
- ``verify``: full chain verification, per entry.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("CARECOORD_INSECURE_TEST_KDF", "1")

from carecoord.audit import AccessLog, Action
from carecoord.vault import Vault
from carecoord.vault.keyfile import AuditHead


def _per_op(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=None, help="where to make the vault")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        vault, _ = Vault.create(Path(tmp) / "vault", "bench", "correct horse battery staple")
        log = AccessLog(vault)
        results: dict[str, object] = {"n": args.n, "folder_fs": str(Path(tmp))}

        samples = []
        for i in range(args.n):
            start = time.perf_counter()
            log.record(Action.READ, case_ref=f"case-{i}")
            samples.append(time.perf_counter() - start)
        results["append_commit_head"] = _per_op(samples)

        start = time.perf_counter()
        with vault.db.transaction():
            for i in range(args.n):
                log.record(Action.READ, case_ref=f"case-{i}")
        results["append_only_batched_ms"] = round((time.perf_counter() - start) / args.n * 1000, 3)

        # The same committed transaction without the log, for comparison (WAL, synchronous=FULL).
        vault.db.execute("CREATE TABLE bench_rows (x TEXT) STRICT")
        samples = []
        for i in range(args.n):
            start = time.perf_counter()
            with vault.db.transaction():
                vault.db.execute("INSERT INTO bench_rows VALUES (?)", (f"case-{i}",))
            samples.append(time.perf_counter() - start)
        results["plain_commit_without_log"] = _per_op(samples)

        samples = []
        head = vault.keys.audit_head
        assert head is not None
        for _ in range(args.n):
            start = time.perf_counter()
            vault.update_keys(audit_head=AuditHead(seq=head.seq, mac=head.mac))
            samples.append(time.perf_counter() - start)
        results["head_write"] = _per_op(samples)

        start = time.perf_counter()
        outcome = log.verify()
        results["verify_per_entry_us"] = round(
            (time.perf_counter() - start) / max(outcome.count, 1) * 1e6, 2
        )
        results["verify_ok"] = outcome.ok
        vault.lock()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
