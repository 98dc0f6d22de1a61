"""``carecoord stats …`` in-process, with the record provider replaced (the store is elsewhere)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carecoord import cli
from carecoord.stats import source
from carecoord.stats.period import Period
from carecoord.stats.records import StatsRecord
from carecoord.vault.vault import Vault
from tests.conftest import PASSPHRASE, VaultFixture
from tests.support.stats_records import REGION, sample_records


@pytest.fixture
def locked_vault(vault_fx: VaultFixture, monkeypatch: pytest.MonkeyPatch) -> Path:
    vault_fx.vault.lock()
    monkeypatch.setenv("CARECOORD_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("CARECOORD_RECOVERY_KEY", raising=False)
    return vault_fx.folder


def _provide(monkeypatch: pytest.MonkeyPatch, records: list[StatsRecord]) -> list[Period]:
    asked: list[Period] = []

    def fake(vault: Vault, period: Period) -> list[StatsRecord]:
        assert vault.db is not None
        asked.append(period)
        return records

    monkeypatch.setattr(source, "records_for_period", fake)
    return asked


def test_export_through_the_cli(
    locked_vault: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    asked = _provide(monkeypatch, sample_records(120))
    assert cli.main(["--vault", str(locked_vault), "stats", "region", *REGION]) == 0
    out = tmp_path / "out"
    export = ["stats", "export", "--year", "2024", "--quarter", "3"]
    code = cli.main(
        ["--vault", str(locked_vault), *export, "--out", str(out), "--format", "csv,xlsx,pdf"]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert asked == [Period(year=2024)]  # quarters are cut from the year's records
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["period"]["id"] == "2024-Q3"
    assert metadata["population"]["municipalities"] == list(REGION)
    assert (out / "statistieken.xlsx").exists() and (out / "rapport.pdf").exists()
    assert metadata["export_id"] in captured.out


def test_preview_through_the_cli_writes_nothing(
    locked_vault: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _provide(monkeypatch, sample_records(40))
    cli.main(["--vault", str(locked_vault), "stats", "region", *REGION])
    code = cli.main(
        ["--vault", str(locked_vault), "stats", "export", "--year", "2024", "--preview"]
    )
    assert code == 0
    assert "cases_by_municipality_form" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == [locked_vault.name]


def test_without_a_region_the_cli_says_so(
    locked_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(
        [
            "--vault",
            str(locked_vault),
            "stats",
            "export",
            "--year",
            "2024",
            "--out",
            str(tmp_path / "o"),
        ]
    )
    assert code == 2
    assert "No region is configured" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_usage_errors(
    locked_vault: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _provide(monkeypatch, sample_records(10))
    base = ["--vault", str(locked_vault), "stats", "export", "--year", "2024"]
    # No region configured yet.
    assert cli.main([*base, "--out", str(tmp_path / "o")]) == 2
    assert "region" in capsys.readouterr().err
    cli.main(["--vault", str(locked_vault), "stats", "region", *REGION])
    assert cli.main([*base, "--out", str(tmp_path / "o"), "--k", "2"]) == 2
    assert cli.main([*base, "--out", str(tmp_path / "o"), "--format", "docx"]) == 2
    assert cli.main([*base, "--out", str(tmp_path / "o"), "--tables", "nope"]) == 2
    assert cli.main(["--vault", str(locked_vault), "stats", "region", "Amsterdam"]) == 2
    with pytest.raises(SystemExit) as exited:
        cli.main([*base, "--quarter", "5", "--out", str(tmp_path / "o")])
    assert exited.value.code == 2
    assert not (tmp_path / "o").exists()


def test_the_cli_tells_only_how_many_cells_are_withheld(
    locked_vault: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _provide(monkeypatch, sample_records(40))
    cli.main(["--vault", str(locked_vault), "stats", "region", *REGION])
    base = ["--vault", str(locked_vault), "stats", "export", "--year", "2024"]
    assert cli.main([*base, "--preview"]) == 0
    shown = capsys.readouterr().out
    assert "withheld" in shown
    for telling in ("primary", "secondary", "(small)", "(group)", ": A ", ": D "):
        assert telling not in shown
    out = tmp_path / "o"
    assert cli.main([*base, "--out", str(out), "--format", "csv"]) == 0
    printed = capsys.readouterr().out
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert f"withheld: {metadata['withheld']} cells" in printed
    assert "primary" not in printed and "secondary" not in printed


def test_group_disclosure_cannot_be_switched_off_and_refusals_exit_5(
    locked_vault: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _provide(monkeypatch, sample_records(30))
    cli.main(["--vault", str(locked_vault), "stats", "region", *REGION])
    base = ["--vault", str(locked_vault), "stats", "export", "--year", "2024"]
    out = tmp_path / "o"
    assert cli.main([*base, "--out", str(out), "--no-group-disclosure"]) == 2
    assert "always protected" in capsys.readouterr().err
    # Rounding cannot protect these tables: refused as rejected input, nothing written.
    assert cli.main([*base, "--out", str(out), "--mode", "round5", "--zeros-unsafe"]) == 5
    assert "use suppression instead" in capsys.readouterr().err
    assert not out.exists()
