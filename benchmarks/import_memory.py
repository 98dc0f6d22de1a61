"""Peak memory of ``carecoord import`` at 200 000 CSV rows (issue 12).

Run: ``.venv/bin/python -m benchmarks import [--rows N]``. Creates a throwaway vault, writes the
CSV of ``bench_cases`` (the same row shape as the import benchmark) and runs the real command
line in a subprocess; the figure is that process's peak resident set size (``ru_maxrss`` of the
child, as ``/usr/bin/time -v`` reports it). The import streams: rows are parsed, checked and
written in batches, so the figure must not grow with the rows (target below).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_cases import _import_file

TARGET_MB = 400  # before issue 12: 1 507 MB at 200 000 rows
PASSPHRASE = "correct horse battery staple"  # noqa: S105 - a throwaway vault


def measure(rows: int) -> dict[str, object]:
    env = dict(os.environ, CARECOORD_INSECURE_TEST_KDF="1", CARECOORD_PASSPHRASE=PASSPHRASE)
    with tempfile.TemporaryDirectory(prefix="carecoord-bench-import-") as tmp:
        folder = Path(tmp)
        vault = folder / "vault"
        cli = [sys.executable, "-m", "carecoord", "--vault", str(vault)]
        subprocess.run([*cli, "--user", "bench", "vault", "init"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        path = _import_file(folder, rows)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        result = subprocess.run([*cli, "import", str(path)], env=env, capture_output=True,
                                text=True, check=False)  # fmt: skip
        seconds = time.perf_counter() - start
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode != 0:
        raise SystemExit(f"import failed: {result.stderr.strip()}")
    # ru_maxrss of the children is the largest of them; the import is by far the largest, and
    # the init before it is measured apart so that a larger init would show.
    peak_mb = round(max(peak_kib, before) / 1024)
    return {
        "name": f"import {rows} CSV rows: peak RSS",
        "peak_rss_mb": peak_mb,
        "seconds": round(seconds, 1),
        "target_mb": TARGET_MB,
        "ok": peak_mb <= TARGET_MB,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args(argv)
    row = measure(args.rows)
    print("| measurement | peak RSS MB | seconds | target MB | ok |")
    print("|---|---:|---:|---:|---|")
    print(
        f"| {row['name']} | {row['peak_rss_mb']} | {row['seconds']} | {row['target_mb']} | "
        f"{'yes' if row['ok'] else 'NO'} |"
    )
    return 0 if row["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
