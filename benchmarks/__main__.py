"""``make bench`` = ``python -m benchmarks [AREA …]``: every area's measurements in turn.

Areas: vault (writes benchmarks/results.json), cases, import, letters, audit, stats (adds its rows
to results.json), ui, start (the start to the unlock screen against a bare PySide6 window; adds its
rows to results.json), restore. Without arguments all of them run. Each area prints its own table;
the exit code is non-zero when an area misses a
target it checks itself.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable


def _vault(argv: list[str]) -> int:
    from benchmarks.vault_bench import main

    return main(argv)


def _cases(argv: list[str]) -> int:
    from benchmarks.bench_cases import main

    return main(argv)


def _import(argv: list[str]) -> int:
    from benchmarks.import_memory import main

    return main(argv)


def _letters(_argv: list[str]) -> int:
    from benchmarks.bench_letters import run_letters_benchmarks

    print(json.dumps(run_letters_benchmarks(), indent=2))
    return 0


def _audit(_argv: list[str]) -> int:
    from benchmarks.audit_append import main

    sys.argv = ["audit_append"]
    main()
    return 0


def _ui(argv: list[str]) -> int:
    from benchmarks.bench_ui import main

    return main(argv)


def _start(argv: list[str]) -> int:
    from benchmarks.bench_start import main

    return main(argv)


def _stats(_argv: list[str]) -> int:
    from benchmarks.bench_stats import run_stats_benchmarks, store

    results = run_stats_benchmarks()
    store(results)
    print(json.dumps(results, indent=2, default=str))
    return 0 if all(r.get("ok", True) for r in results) else 1


def _restore(argv: list[str]) -> int:
    from benchmarks.restore_memory import main

    return main(argv)


AREAS: dict[str, Callable[[list[str]], int]] = {
    "vault": _vault,
    "cases": _cases,
    "import": _import,
    "letters": _letters,
    "audit": _audit,
    "stats": _stats,
    "ui": _ui,
    "start": _start,
    "restore": _restore,
}


def main(argv: list[str]) -> int:
    from carecoord.workspace import connect_access_log

    connect_access_log()  # the app and the command line log, so the benchmarks do too
    chosen = [a for a in argv if a in AREAS] or list(AREAS)
    rest = [a for a in argv if a not in AREAS]
    status = 0
    for area in chosen:
        print(f"\n== {area}", flush=True)
        status |= AREAS[area](rest if len(chosen) == 1 else [])
    return status


sys.exit(main(sys.argv[1:]))
