"""`carecoord stats export` on a demo vault: every file, hashes that match, no cell in 1..k-1,
and an audit that shows every primary cell's range at least k wide."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

from carecoord.stats.records import StatsRecord
from carecoord.store.stats_source import records_for_year
from carecoord.vault import Credentials, Vault
from tests.conftest import PASSPHRASE, run_cli

YEAR = "2025"


def test_export_on_a_demo_vault(cli_vault: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = cli_vault
    env = {"CARECOORD_PASSPHRASE": PASSPHRASE}
    demo = run_cli(
        "demo", "--cases", "600", "--seed", "3", "--today", "2026-06-30", vault=folder, env=env
    )
    assert demo.returncode == 0, demo.stderr
    vault = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    try:
        records = records_for_year(vault.db, int(YEAR))
        region = sorted({r.municipality for r in records})
    finally:
        vault.lock()
    assert records and all(isinstance(r, StatsRecord) for r in records)
    assert len({r.person_key for r in records}) == len(records)  # a person counts once

    assert run_cli("stats", "region", *region, vault=folder, env=env).returncode == 0
    out = tmp_path / "export"
    out.mkdir()
    result = run_cli("stats", "export", "--year", YEAR, "--out", str(out), vault=folder, env=env)
    assert result.returncode == 0, result.stderr

    metadata = json.loads((out / "metadata.json").read_text())
    files = (
        metadata["files"]
        if isinstance(metadata["files"], dict)
        else {f["name"]: f["sha256"] for f in metadata["files"]}
    )
    assert {"statistieken.xlsx", "rapport.pdf", "cases_by_gender_age.csv"} <= set(files)
    for name, digest in files.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest

    k = int(metadata["rules"]["k"])
    audit = metadata["audit"]
    assert audit["all_protected"] is True
    primary = [r for r in audit["ranges"] if r["status"] == "A"]
    assert primary, "a demo region this size has small cells to protect"
    assert all(r["upper"] - r["lower"] >= k for r in primary)
    for table in out.glob("*.csv"):
        with table.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["status"] == "F" and row["value"]:
                    assert not 1 <= int(row["value"]) < k, (table.name, row)
                else:
                    assert row["value"] == "" and row["status"] in ("A", "D")
    assert "Quintanilla" not in (out / "metadata.json").read_text()
