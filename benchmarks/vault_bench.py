"""The encrypted vault against the same code on plain SQLite.

Both sides go through ``carecoord.vault.database.Database``: the vault with its 32-byte data key
(SQLCipher, raw key, page HMAC), the baseline with ``key=None`` (the standard ``sqlite3`` module,
same pragmas: exclusive locking, WAL, synchronous FULL, temp_store MEMORY). Same schema, same
statements, same data; runs alternate between the two so that load from other processes on a
shared machine falls on both alike. Every figure is the median of several repetitions.

Run with ``make bench`` (``python -m benchmarks``); ``--quick`` stops at 10 000 rows.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from carecoord.vault import Credentials, Vault, kdf
from carecoord.vault.database import Database

SIZES = (1_000, 10_000, 100_000)
RESULTS = Path(__file__).with_name("results.json")
PASSPHRASE = "benchmark passphrase, not a secret"  # noqa: S105 - a throwaway vault
TARGET_RATIO = 1.3

SCHEMA = """
CREATE TABLE bench_cases (
    id            INTEGER PRIMARY KEY,
    client_ref    TEXT    NOT NULL UNIQUE,
    family_name   TEXT    NOT NULL,
    given_name    TEXT    NOT NULL,
    birth_date    TEXT,
    gender        TEXT    NOT NULL,
    nationality   TEXT    NOT NULL,
    municipality  TEXT    NOT NULL,
    signal_date   TEXT    NOT NULL,
    phase         TEXT    NOT NULL,
    priority      INTEGER NOT NULL,
    note          TEXT
) STRICT;
CREATE INDEX bench_cases_signal_date ON bench_cases (signal_date);
CREATE INDEX bench_cases_municipality_phase ON bench_cases (municipality, phase);
"""
INSERT = (
    "INSERT INTO bench_cases (id, client_ref, family_name, given_name, birth_date, gender,"
    " nationality, municipality, signal_date, phase, priority, note)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
LOOKUP = "SELECT * FROM bench_cases WHERE client_ref = ?"
PAGE = (
    "SELECT id, client_ref, family_name, given_name, signal_date, phase FROM bench_cases"
    " WHERE (signal_date, id) < (?, ?)"
    " ORDER BY signal_date DESC, id DESC LIMIT 50"
)
AGGREGATE = (
    "SELECT municipality, phase, count(*), min(signal_date), max(signal_date), avg(priority)"
    " FROM bench_cases GROUP BY municipality, phase"
)
LOOKUPS = 1_000
PAGES = 20

FAMILY = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Popescu", "Nowak", "Okafor"]
GIVEN = ["Anna", "Maria", "Elena", "Ioana", "Grace", "Olena", "Fatima", "Joy", "Mihai", "Tomasz"]
GENDERS = ["female", "male", "other", "unknown"]
NATIONALITIES = ["NL", "RO", "BG", "PL", "NG", "UA", "VN", "ER", "HU", "unknown"]
PHASES = ["signalled", "intake", "shelter", "support", "outflow", "aftercare", "closed"]
MUNICIPALITIES = [f"GM{code:04d}" for code in range(1, 60)]


def case_rows(n: int, seed: int = 7) -> list[tuple[Any, ...]]:
    """Realistic case-like rows (synthetic; names from short lists, free text of varying length)."""
    rng = random.Random(seed)
    start = date(2015, 1, 1)
    rows = []
    for i in range(1, n + 1):
        signal = start + timedelta(days=rng.randrange(0, 3650))
        birth = start - timedelta(days=rng.randrange(14 * 365, 60 * 365))
        rows.append(
            (
                i,
                f"CC-{i:07d}",
                rng.choice(FAMILY),
                rng.choice(GIVEN),
                birth.isoformat() if rng.random() < 0.9 else None,
                rng.choice(GENDERS),
                rng.choice(NATIONALITIES),
                rng.choice(MUNICIPALITIES),
                signal.isoformat(),
                rng.choice(PHASES),
                rng.randrange(1, 4),
                "Notitie " * rng.randrange(0, 30) or None,
            )
        )
    return rows


@dataclass
class Side:
    name: str
    key: bytes | None

    def open(self, path: Path, *, create: bool = False) -> Database:
        return Database.open(path, self.key, create=create)


@dataclass
class Timing:
    wall_ms: float
    cpu_ms: float


def _timed(action: Callable[[], object]) -> Timing:
    """Wall-clock and this process's CPU time: on a shared machine the CPU time is the steadier."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return Timing((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)


def _ms(action: Callable[[], object]) -> float:
    return _timed(action).wall_ms


@contextmanager
def opened(side: Side, path: Path) -> Iterator[Database]:
    db = side.open(path)
    try:
        yield db
    finally:
        db.close()


def build(side: Side, path: Path, rows: list[tuple[Any, ...]]) -> Timing:
    """Create the file and insert every row in one transaction; returns the insert time."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = side.open(path, create=True)
    try:
        with db.transaction():
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)

        def insert() -> None:
            with db.transaction():
                db.executemany(INSERT, rows)

        return _timed(insert)
    finally:
        db.close()


def lookups(db: Database, refs: list[str]) -> None:
    for ref in refs:
        row = db.all(LOOKUP, (ref,))
        assert len(row) == 1


def pages(db: Database) -> None:
    cursor: tuple[str, int] = ("9999-12-31", 2**62)
    for _ in range(PAGES):
        rows = db.all(PAGE, cursor)
        if not rows:
            break
        last = rows[-1]
        cursor = (last[4], last[0])


def aggregate(db: Database) -> None:
    assert db.all(AGGREGATE)


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def measure_size(n: int, sides: list[Side], folder: Path, repeats: int) -> list[dict[str, Any]]:
    rows = case_rows(n)
    rng = random.Random(n)
    refs = [f"CC-{rng.randrange(1, n + 1):07d}" for _ in range(LOOKUPS)]
    times: dict[tuple[str, str], list[Timing]] = {}

    def record(operation: str, side: Side, timing: Timing) -> None:
        times.setdefault((operation, side.name), []).append(timing)

    paths = {side.name: folder / f"{side.name}-{n}.db" for side in sides}
    insert_repeats = max(3, repeats - 2) if n >= 100_000 else repeats
    for _ in range(insert_repeats):
        for side in sides:
            record("bulk insert", side, build(side, paths[side.name], rows))
    queries: list[tuple[str, Callable[[Database], None]]] = [
        (f"indexed lookup ×{LOOKUPS}", lambda db: lookups(db, refs)),
        (f"sorted list, {PAGES} pages of 50", pages),
        ("aggregate (GROUP BY)", aggregate),
    ]
    for _ in range(repeats):
        for side in sides:
            path = paths[side.name]
            record("open after unlock", side, _timed(lambda s=side, p=path: s.open(p).close()))
            with opened(side, path) as db:
                # First after open: pages come from the file and the vault decrypts each one.
                for name, query in queries:
                    record(f"{name}, first after open", side, _timed(lambda d=db, q=query: q(d)))
                # Warm: the long-lived connection the app keeps (one vault worker), cache filled.
                for name, query in queries:
                    for _ in range(3):
                        record(name, side, _timed(lambda d=db, q=query: q(d)))
    operations = []
    for operation in dict.fromkeys(op for op, _ in times):
        vault, plain = times[(operation, "vault")], times[(operation, "plain")]
        vault_ms, plain_ms = median([t.wall_ms for t in vault]), median([t.wall_ms for t in plain])
        vault_cpu, plain_cpu = median([t.cpu_ms for t in vault]), median([t.cpu_ms for t in plain])
        operations.append(
            {
                "name": operation,
                "n": n,
                "vault_ms": vault_ms,
                "plain_ms": plain_ms,
                "ratio": round(vault_ms / plain_ms, 3) if plain_ms else None,
                "vault_cpu_ms": vault_cpu,
                "plain_cpu_ms": plain_cpu,
                "cpu_ratio": round(vault_cpu / plain_cpu, 3) if plain_cpu else None,
                "runs": len(vault),
            }
        )
    return operations


def integrity_check(side: Side, path: Path, repeats: int) -> dict[str, Any]:
    with opened(side, path) as db:
        ms = [_ms(lambda: db.all("PRAGMA cipher_integrity_check")) for _ in range(repeats)]
    return {"ms": median(ms), "db_bytes": path.stat().st_size}


def measure_unlock(folder: Path, rows: list[tuple[Any, ...]], repeats: int) -> dict[str, Any]:
    """Unlock as the app does it, with Argon2id calibrated on this machine (the slow part)."""
    calibration_start = time.perf_counter()
    params = kdf.calibrate()
    calibration_s = time.perf_counter() - calibration_start
    kdf_ms = [_ms(lambda: kdf.derive(b"x" * 20, secrets.token_bytes(16), params)) for _ in range(3)]
    vault, _recovery = Vault.create(
        folder / "unlock-vault", "coordinator", PASSPHRASE, params=params
    )
    try:
        vault.db.execute(SCHEMA.split(";", maxsplit=1)[0])
        with vault.db.transaction():
            vault.db.executemany(INSERT, rows)
    finally:
        vault.lock()
    unlock_ms = []
    for _ in range(repeats):
        start = time.perf_counter()
        vault = Vault.unlock(folder / "unlock-vault", Credentials(passphrase=PASSPHRASE))
        unlock_ms.append((time.perf_counter() - start) * 1000)
        vault.lock()
    return {
        "kdf": {
            **params.model_dump(),
            "memory_mib": params.memory_kib // 1024,
            "derive_ms": median(kdf_ms),
            "calibration_s": round(calibration_s, 2),
        },
        "params": params,
        "unlock": {
            "n": len(rows),
            "median_ms": median(unlock_ms),
            "runs": len(unlock_ms),
            "includes": "Argon2id (calibrated) + slot unwrap + open + page-HMAC check of every page",
        },
    }


def measure_rotation(folder: Path, n: int, params: kdf.KdfParams, repeats: int) -> dict[str, Any]:
    """``vault passwd`` on the unlock vault (n cases): a new slot (one Argon2id run with the
    calibrated settings), the new data key sealed to every slot, PRAGMA rekey of every page, two
    WAL checkpoints and two atomic writes of vault.keys. Unlocking is not included."""
    path = folder / "unlock-vault"
    passphrases = [PASSPHRASE, "benchmark passphrase number two, not a secret"]
    rotation_ms = []
    for run in range(repeats):
        vault = Vault.unlock(path, Credentials(passphrase=passphrases[run % 2]))
        try:
            start = time.perf_counter()
            vault.change_passphrase(passphrases[(run + 1) % 2], params=params)
            rotation_ms.append((time.perf_counter() - start) * 1000)
        finally:
            vault.lock()
    return {
        "rotation": {
            "n": n,
            "median_ms": median(rotation_ms),
            "runs": len(rotation_ms),
            "db_bytes": (path / "vault.db").stat().st_size,
            "includes": "vault passwd: new slot (Argon2id) + new DEK sealed to every slot + "
            "PRAGMA rekey of every page + checkpoints + vault.keys written twice",
        }
    }


def machine() -> dict[str, Any]:
    import sqlcipher3

    probe = sqlcipher3.connect(":memory:")
    cipher_version = probe.execute("PRAGMA cipher_version").fetchone()[0]
    sqlite_version = probe.execute("SELECT sqlite_version()").fetchone()[0]
    probe.close()
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": model or platform.processor(),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "sqlcipher": cipher_version,
        "sqlite": sqlite_version,
        "baseline": "the same SQLite engine (bundled with sqlcipher3) on an unencrypted file",
    }


def print_table(results: dict[str, Any]) -> None:
    header = (
        f"{'operation':44} {'n':>8} {'vault ms':>9} {'plain ms':>9} {'ratio':>6} {'cpu ratio':>9}"
    )
    print(header)
    print("-" * len(header))
    for op in results["operations"]:
        flag = "" if op["ratio"] is None or op["ratio"] <= TARGET_RATIO else "  > target"
        print(
            f"{op['name']:44} {op['n']:>8,} {op['vault_ms']:>9.2f} {op['plain_ms']:>9.2f}"
            f" {op['ratio']:>6.2f} {op['cpu_ratio']:>9.2f}{flag}"
        )
    print()
    for item in results["integrity_check"]:
        print(
            f"page-HMAC check at open (PRAGMA cipher_integrity_check), n={item['n']:,}: "
            f"{item['ms']:.1f} ms for {item['db_bytes'] / 1e6:.1f} MB"
        )
    k = results["kdf"]
    print(
        f"Argon2id calibrated: t={k['time_cost']}, m={k['memory_mib']} MiB, p={k['parallelism']};"
        f" one derivation {k['derive_ms']:.0f} ms"
    )
    u = results["unlock"]
    print(
        f"unlock with the calibrated KDF (n={u['n']:,}): {u['median_ms']:.0f} ms (median of {u['runs']})"
    )
    r = results["rotation"]
    print(
        f"vault passwd, rotating the data key (n={r['n']:,}, {r['db_bytes'] / 1e6:.1f} MB): "
        f"{r['median_ms']:.0f} ms (median of {r['runs']})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="only 1 000 and 10 000 rows")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--sizes", type=int, nargs="+", help="row counts (default: 1000 10000 100000)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    # The benchmark measures the real KDF: the test suite's cheap profile must be off.
    os.environ.pop(kdf.INSECURE_TEST_ENV, None)
    assert not kdf.insecure_test_profile_enabled()
    sizes = tuple(args.sizes) if args.sizes else SIZES[:2] if args.quick else SIZES
    sides = [Side("vault", secrets.token_bytes(32)), Side("plain", None)]
    results: dict[str, Any] = {"operations": [], "integrity_check": []}
    with tempfile.TemporaryDirectory(prefix="carecoord-bench-") as tmp:
        folder = Path(tmp)
        results["machine"] = machine()
        for n in sizes:
            print(f"measuring n = {n:,} …", file=sys.stderr, flush=True)
            results["operations"] += measure_size(n, sides, folder, args.repeats)
            check = integrity_check(sides[0], folder / f"vault-{n}.db", args.repeats)
            results["integrity_check"].append({"n": n, **check})
        print("calibrating Argon2id and measuring unlock …", file=sys.stderr, flush=True)
        unlock = measure_unlock(folder, case_rows(sizes[-1]), 3)
        params = unlock.pop("params")
        results.update(unlock)
        print("measuring the data-key rotation (vault passwd) …", file=sys.stderr, flush=True)
        results.update(measure_rotation(folder, sizes[-1], params, 3))
    results["method"] = {
        "repeats": args.repeats,
        "statistic": "median",
        "target_ratio_at_100k": TARGET_RATIO,
        "lookups_per_run": LOOKUPS,
        "pages_per_run": PAGES,
    }
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results)
    print(f"\nwritten to {args.out}")
    return 0
