"""``locations import`` and ``controls import`` through the real command line (issue 18)."""

from __future__ import annotations

from pathlib import Path

from carecoord.location_import import CONTROL_COLUMNS, LOCATION_COLUMNS
from tests.conftest import PASSPHRASE, run_cli

STDIN = PASSPHRASE + "\n"


def test_import_locations_then_controls_then_verify(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = cli_vault
    locations = tmp_path / "locaties.csv"
    # Semicolons, as Dutch spreadsheet software writes CSV.
    locations.write_text(
        ";".join(LOCATION_COLUMNS)
        + "\nRL-1;Loods Noord;business_park;GM0363;;construction;no_contracts;2025-01-10;;\n",
        encoding="utf-8",
    )
    result = run_cli("locations", "import", str(locations), vault=folder, stdin=STDIN)
    assert result.returncode == 0, result.stderr
    assert "Imported 1 risk locations." in result.stdout
    controls = tmp_path / "controles.csv"
    controls.write_text(
        ",".join(CONTROL_COLUMNS) + "\nRL-1,2025-02-01,labour_inspectorate,,other_violation,\n",
        encoding="utf-8",
    )
    result = run_cli("controls", "import", str(controls), vault=folder, stdin=STDIN)
    assert result.returncode == 0, result.stderr
    assert "Imported 1 controls." in result.stdout
    verify = run_cli("vault", "verify", vault=folder, stdin=STDIN)
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_bad_file_exits_5_naming_rows_without_their_content(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = cli_vault
    path = tmp_path / "bad.csv"
    path.write_text(
        ",".join(LOCATION_COLUMNS) + "\nRL-1,Geheim Adres,igloo,GM0363,,,,2025-01-10,,\n",
        encoding="utf-8",
    )
    result = run_cli("locations", "import", str(path), vault=folder, stdin=STDIN)
    assert result.returncode == 5
    assert "row 2, column location_type: not a code of location_type" in result.stderr
    assert "Geheim" not in result.stderr and "igloo" not in result.stderr
    assert "Traceback" not in result.stderr
    missing = run_cli("controls", "import", str(tmp_path / "nope.csv"), vault=folder, stdin=STDIN)
    assert missing.returncode == 2


def test_the_closed_location_period_is_set_by_retention_rules(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    changed = run_cli(
        "retention", "rules", "--closed-location-years", "3", vault=folder, stdin=STDIN
    )
    assert changed.returncode == 0, changed.stderr
    shown = run_cli("retention", "rules", vault=folder, stdin=STDIN)
    assert "closed risk locations: 3 years" in shown.stdout
    refused = run_cli(
        "retention", "rules", "--closed-location-years", "0", vault=folder, stdin=STDIN
    )
    assert refused.returncode == 2
