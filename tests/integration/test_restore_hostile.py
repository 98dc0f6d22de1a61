"""``vault restore`` of hostile files is bounded (issue 12), through the real CLI in a subprocess.

Each one is refused with exit 4 and one line, the vault unchanged and ``vault verify`` passing:
a zip bomb (refused before unpacking, memory flat), a stored database that is streamed (never
held in memory), a deeply nested manifest (no RecursionError), a manifest version this program
does not know, members that declare more than the file holds, and a crowded central directory.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from benchmarks.restore_memory import CHUNK, cli_env, measure_cli, write_bomb
from tests.conftest import PASSPHRASE, run_cli
from tests.support.vault_files import copy_of_cli_vault, file_hashes

BOUND_MIB = 200  # an idle CLI process with its imports is about 130 MiB


@pytest.fixture
def cli_vault(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> tuple[Path, str]:
    return copy_of_cli_vault(tmp_path_factory, tmp_path)


@pytest.fixture
def good_backup(cli_vault: tuple[Path, str], tmp_path: Path) -> Path:
    folder, _ = cli_vault
    target = tmp_path / "good.ccb"
    made = run_cli("vault", "backup", str(target), vault=folder, stdin=PASSPHRASE + "\n")
    assert made.returncode == 0, made.stderr
    return target


def _parts(backup: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(backup) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _write(target: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return target


def _refused_as_damaged(folder: Path, backup: Path, expect: str = "nothing was restored") -> str:
    before = file_hashes(folder)
    result = run_cli("vault", "restore", str(backup), vault=folder, stdin=PASSPHRASE + "\n")
    assert result.returncode == 4, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("carecoord: "), result.stderr
    assert expect in lines[0]
    assert "Traceback" not in result.stderr and "Recursion" not in result.stderr
    assert file_hashes(folder) == before
    assert not list((folder / "backups").glob(".restore-*"))
    verify = run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n")
    assert verify.returncode == 0, verify.stderr
    return lines[0]


def test_a_zip_bomb_is_refused_before_unpacking_with_flat_memory(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = cli_vault
    bomb = tmp_path / "bomb.ccb"
    # 512 MiB of zeros in about half a megabyte, checksums matching (before: 1 GB+ of memory).
    write_bomb(bomb, (folder / "vault.keys").read_bytes(), 512 * CHUNK)
    assert bomb.stat().st_size < 2 * CHUNK
    measured = measure_cli(
        ["--vault", str(folder), "vault", "restore", str(bomb)], cli_env(), PASSPHRASE + "\n"
    )
    assert measured.returncode == 4, measured.stderr
    assert measured.peak_rss_mib < BOUND_MIB, measured.peak_rss_mib
    _refused_as_damaged(folder, bomb)


def test_a_large_stored_database_is_streamed_not_held_in_memory(
    cli_vault: tuple[Path, str], good_backup: Path, tmp_path: Path
) -> None:
    folder, _ = cli_vault
    parts = _parts(good_backup)
    big = bytes(256 * CHUNK)  # not a real database: refused by the page check, after streaming
    parts["vault.db"] = big
    manifest = json.loads(parts["manifest.json"])
    manifest["files"]["vault.db"] = hashlib.sha256(big).hexdigest()
    parts["manifest.json"] = json.dumps(manifest).encode()
    backup = _write(tmp_path / "big.ccb", parts)
    del big, parts
    measured = measure_cli(
        ["--vault", str(folder), "vault", "restore", str(backup)], cli_env(), PASSPHRASE + "\n"
    )
    assert measured.returncode == 4, measured.stderr
    assert "page check" in measured.stderr
    assert measured.peak_rss_mib < BOUND_MIB, measured.peak_rss_mib
    _refused_as_damaged(folder, backup, "page check")


def test_a_deeply_nested_manifest_is_damaged_not_a_crash(
    cli_vault: tuple[Path, str], good_backup: Path, tmp_path: Path
) -> None:
    folder, _ = cli_vault
    parts = _parts(good_backup)
    parts["manifest.json"] = b"[" * 60_000 + b"]" * 60_000
    _refused_as_damaged(folder, _write(tmp_path / "nested.ccb", parts))
    # Nested inside an otherwise good manifest, too.
    manifest = json.loads(_parts(good_backup)["manifest.json"])
    manifest["extra"] = json.loads("[" * 50 + "]" * 50)
    parts["manifest.json"] = json.dumps(manifest).encode()
    _refused_as_damaged(folder, _write(tmp_path / "nested2.ccb", parts))


def test_an_unknown_manifest_version_is_refused_and_says_so(
    cli_vault: tuple[Path, str], good_backup: Path, tmp_path: Path
) -> None:
    folder, _ = cli_vault
    parts = _parts(good_backup)
    manifest = json.loads(parts["manifest.json"])
    manifest["version"] = 2
    parts["manifest.json"] = json.dumps(manifest).encode()
    line = _refused_as_damaged(folder, _write(tmp_path / "v2.ccb", parts), "format version 2")
    assert "does not know" in line


def test_declared_sizes_and_members_are_checked_before_reading(
    cli_vault: tuple[Path, str], good_backup: Path, tmp_path: Path
) -> None:
    folder, _ = cli_vault
    parts = _parts(good_backup)
    # A fourth member, and a crowded central directory.
    _refused_as_damaged(folder, _write(tmp_path / "extra.ccb", {**parts, "other": b"x"}))
    crowded = tmp_path / "crowded.ccb"
    with zipfile.ZipFile(crowded, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        for i in range(5000):
            zf.writestr(f"pad/{i}", b"")
    _refused_as_damaged(folder, crowded)
    # A member that declares more than the whole file holds (its header patched).
    lying = bytearray(good_backup.read_bytes())
    central = lying.rfind(b"PK\x01\x02")  # the last central directory entry: vault.db
    assert lying[central + 46 : central + 54] == b"vault.db"
    # In the central directory entry of the last member (vault.db): compressed and real size.
    huge = (len(lying) * 4).to_bytes(4, "little")
    lying[central + 20 : central + 24] = huge
    lying[central + 24 : central + 28] = huge
    _refused_as_damaged(folder, _bytes_file(tmp_path / "lying.ccb", bytes(lying)))
    # A compressed manifest or key file is not a CareCoord backup either.
    deflated = tmp_path / "deflated.ccb"
    with zipfile.ZipFile(deflated, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    _refused_as_damaged(folder, deflated)


def _bytes_file(target: Path, data: bytes) -> Path:
    target.write_bytes(data)
    return target
