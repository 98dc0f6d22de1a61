"""Peak memory of ``carecoord vault restore`` on a hostile backup (issue 12): a zip bomb.

The bomb is a backup-shaped ZIP whose ``vault.db`` is DEFLATE-compressed zeros: about 1 MB of
file per GB unpacked, with a manifest whose checksums match, and the vault's real key file, so a
reader that unpacks first and checks later goes all the way. Peak RSS is the restore process's
own ``ru_maxrss``, read by a small parent that does nothing else (RUSAGE_CHILDREN of a fresh
process holds exactly that one child).

    python -m benchmarks restore [--size-mb 3072]

Uses the cheap test key derivation (CARECOORD_INSECURE_TEST_KDF=1) in a temporary folder: the
figure is about unpacking, not key derivation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1024 * 1024
PASSPHRASE = "benchmark passphrase for a bomb 1"  # noqa: S105 - a throwaway test vault
_PARENT = (
    "import resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:], stdin=sys.stdin, capture_output=True, text=True)\n"
    "sys.stderr.write(p.stderr)\n"
    "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def write_bomb(path: Path, keys_bytes: bytes, unpacked_bytes: int) -> None:
    """A backup whose database member is ``unpacked_bytes`` of zeros, deflated."""
    digest = hashlib.sha256()
    zeros = bytes(CHUNK)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("vault.keys", keys_bytes)
        with zf.open("vault.db", "w", force_zip64=True) as member:
            left = unpacked_bytes
            while left > 0:
                piece = zeros[: min(CHUNK, left)]
                member.write(piece)
                digest.update(piece)
                left -= len(piece)
        manifest = {
            "format": "carecoord-backup",
            "version": 1,
            "files": {
                "vault.db": digest.hexdigest(),
                "vault.keys": hashlib.sha256(keys_bytes).hexdigest(),
            },
            "schema_version": 1,
        }
        zf.writestr("manifest.json", json.dumps(manifest))


@dataclass(frozen=True)
class Measured:
    returncode: int
    peak_rss_mib: float
    seconds: float
    stderr: str


def measure_cli(args: list[str], env: dict[str, str], stdin: str) -> Measured:
    """Run ``python -m carecoord ARGS`` under a fresh parent; its peak RSS in MiB (Linux KiB)."""
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", _PARENT, sys.executable, "-m", "carecoord", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    seconds = time.monotonic() - started
    code, kib = proc.stdout.split()
    return Measured(int(code), int(kib) / 1024, seconds, proc.stderr.strip())


def cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARECOORD_")}
    env["CARECOORD_INSECURE_TEST_KDF"] = "1"
    return env


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks restore")
    parser.add_argument("--size-mb", type=int, default=3072, help="unpacked size of the bomb")
    args = parser.parse_args(argv)
    env = cli_env()
    with tempfile.TemporaryDirectory() as tmp:
        folder, bomb = Path(tmp) / "vault", Path(tmp) / "bomb.ccb"
        init = measure_cli(["--vault", str(folder), "vault", "init"], env, PASSPHRASE + "\n")
        if init.returncode != 0:
            print(init.stderr)
            return 1
        write_bomb(bomb, (folder / "vault.keys").read_bytes(), args.size_mb * CHUNK)
        restore = measure_cli(
            ["--vault", str(folder), "vault", "restore", str(bomb)], env, PASSPHRASE + "\n"
        )
        verify = measure_cli(["--vault", str(folder), "vault", "verify"], env, PASSPHRASE + "\n")
        result = {
            "bomb_file_mb": round(bomb.stat().st_size / CHUNK, 1),
            "bomb_unpacked_mb": args.size_mb,
            "restore_exit": restore.returncode,
            "restore_peak_rss_mib": round(restore.peak_rss_mib, 1),
            "restore_seconds": round(restore.seconds, 2),
            "restore_message": restore.stderr,
            "verify_after_exit": verify.returncode,
            "verify_peak_rss_mib": round(verify.peak_rss_mib, 1),
        }
    print(json.dumps(result, indent=2))
    # The targets: refused as damaged, bounded memory, the vault still verifies.
    ok = (
        result["restore_exit"] == 4
        and restore.peak_rss_mib < 200
        and result["verify_after_exit"] == 0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
