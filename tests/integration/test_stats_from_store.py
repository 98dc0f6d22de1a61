"""`carecoord stats export` on a demo vault: every file, hashes that match, no cell in 1..k-1,
and an independent attacker on the published files finds every small cell at least k wide."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

from carecoord.stats.period import Period
from carecoord.stats.records import StatsRecord
from carecoord.stats.source import records_for_period
from carecoord.vault import Credentials, Vault
from tests.conftest import PASSPHRASE, run_cli
from tests.support.sdc_attacker import Attack, attack_small_and_shared, read_publication

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
        records = records_for_period(vault, Period.parse(int(YEAR)))
        region = sorted({r.municipality for r in records})
    finally:
        vault.lock()
    assert records and all(isinstance(r, StatsRecord) for r in records)
    # A person counts once per cohort (case started, bedenktijd ended, case closed: issue 15);
    # signals and controls are counted units of their own (issue 18), each its own contributor.
    assert len({(r.cohort, r.person_key) for r in records}) == len(records)
    assert {r.cohort for r in records} == {
        "started",
        "reflection_ended",
        "closed",
        "signal",
        "control",
    }

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
    # Issue 13: one status C, only the total withheld count; an independent attacker on the
    # published files finds no small cell narrower than k.
    assert "ranges" not in audit
    withheld = 0
    for table in out.glob("*.csv"):
        with table.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["status"] == "F" and row["value"]:
                    assert not 1 <= int(row["value"]) < k, (table.name, row)
                else:
                    assert row["value"] == "" and row["status"] == "C"
                    withheld += 1
    assert withheld == metadata["withheld"] > 0, "a demo region this size has cells to withhold"
    findings = attack_small_and_shared(Attack([read_publication(out)]), records, k)
    assert [f for f in findings if f.kind == "small"], "a demo region this size has small cells"
    assert not [f for f in findings if f.kind == "small" and f.width < k - 1e-6]
    assert not [f for f in findings if f.kind == "shared" and f.width < 1 - 1e-6]
    assert "Quintanilla" not in (out / "metadata.json").read_text()
