"""Importing risk locations and controls: all rows or none, every problem named, no cell shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from carecoord.domain.location import RiskLocation
from carecoord.errors import InputRejected
from carecoord.location_import import (
    CONTROL_COLUMNS,
    LOCATION_COLUMNS,
    import_controls,
    import_locations,
)
from carecoord.store.audit import AuditEvent
from carecoord.store.case_store import CaseStore

LOCATIONS = [
    "RL-A,Vakantiepark De Eik,holiday_park,GM0363,Eikenlaan 1,agriculture,"
    "many_registered;advertisements,2024-03-01,2025-05-01,watch",
    "RL-B,Café Het Hoekje,horeca,Utrecht,,hospitality,,2025-01-02,,closed",
    ",Loods 4,business_park,gm0599,,,,2025-02-01,,",
]
CONTROLS = [
    "RL-A,2025-06-01,joint,tip van de wijkagent,indication_exploitation,signal_made;referral",
    "RL-B,2025-04-03,municipal_enforcement,,no_indication,none",
]


def write(tmp_path: Path, name: str, columns: tuple[str, ...], rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([",".join(columns), *rows]) + "\n", encoding="utf-8")
    return path


def _vault_counts(store: CaseStore) -> tuple[int, int]:
    return (
        int(store.db.scalar("SELECT count(*) FROM risk_locations")),
        int(store.db.scalar("SELECT count(*) FROM location_controls")),
    )


def test_a_good_locations_file_imports_every_row_in_one_logged_step(
    store: CaseStore, events: list[AuditEvent], tmp_path: Path
) -> None:
    ids = import_locations(store, write(tmp_path, "l.csv", LOCATION_COLUMNS, LOCATIONS))
    assert len(ids) == 3
    park, cafe, shed = (store.locations.get(i) for i in ids)
    assert park.reference == "RL-A" and park.indicators == ("advertisements", "many_registered")
    assert cafe.municipality == "GM0344"  # by its name
    assert cafe.status == "closed" and cafe.closed_on == date(2025, 1, 2)
    assert cafe.last_seen == cafe.first_seen  # last seen defaults to first seen
    assert shed.municipality == "GM0599" and shed.reference is not None
    assert shed.sector == "unknown"
    assert events[0].action == "import"
    assert all("Eik" not in e.detail for e in events)


def test_a_bad_locations_file_names_every_problem_and_leaves_the_vault_unchanged(
    store: CaseStore, tmp_path: Path
) -> None:
    store.locations.add(
        RiskLocation(
            reference="RL-OLD",
            name="Bestaand",
            municipality="GM0363",
            first_seen=date(2024, 1, 1),
            last_seen=date(2024, 1, 1),
        )
    )
    before = _vault_counts(store)
    rows = [
        *LOCATIONS,
        "RL-A,Geheime Naam,castle,Atlantis,,,open_door,2025-13-01,,maybe",
        "RL-OLD,X,horeca,GM0363,,,,2025-01-01,2024-01-01,",
        ",,,,,,,,,",  # empty: skipped, not a row
        ",\x1b[31mrood,horeca,GM0363,,,,2030-01-01,,",
    ]
    with pytest.raises(InputRejected) as info:
        import_locations(store, write(tmp_path, "bad.csv", LOCATION_COLUMNS, rows))
    assert "nothing was imported" in info.value.message
    text = "\n".join(info.value.problems)
    for expected in (
        "row 5, column location_type: not a code of location_type",
        "row 5, column municipality: not a municipality",
        "row 5, column indicators: code 1: not a code of location_indicator",
        "row 5, column first_seen: the date is not a real date",
        "row 5, column status: not a code of location_status",
        "row 5, column reference: the reference also occurs in row 2",
        "row 6, column last_seen: lies before first_seen",
        "row 6, column reference: a location with this reference already exists",
        "row 8, column name: contains a control character",
        "row 8, column first_seen: the date lies in the future",
    ):
        assert expected in text, expected
    for secret in ("Geheime", "castle", "Atlantis", "open_door", "maybe"):
        assert secret not in text
    assert _vault_counts(store) == before


def test_the_header_is_checked_first(store: CaseStore, tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("name,municipality,colour,name\nX,GM0363,red,X\n", encoding="utf-8")
    with pytest.raises(InputRejected) as info:
        import_locations(store, path)
    problems = "\n".join(info.value.problems)
    assert "unknown column 'colour'" in problems
    assert "column 'name' appears twice" in problems
    assert "the required column 'first_seen' is missing" in problems


def test_controls_import_by_the_locations_reference_all_or_none(
    store: CaseStore, tmp_path: Path
) -> None:
    import_locations(store, write(tmp_path, "l.csv", LOCATION_COLUMNS, LOCATIONS))
    before = _vault_counts(store)
    bad = [
        *CONTROLS,
        "RL-NOPE,2025-05-01,police,,referred,",
        "RL-A,2025-05-01,citizen,,unclear,none;referral",
        "RL-A,,,,,",
    ]
    with pytest.raises(InputRejected) as info:
        import_controls(store, write(tmp_path, "c.csv", CONTROL_COLUMNS, bad))
    text = "\n".join(info.value.problems)
    assert "row 4, column location_ref: no risk location has this reference" in text
    assert "row 5, column control_by: not a code of control_by" in text
    assert "row 5, column outcome: not a code of control_outcome" in text
    assert "row 5, column follow_ups: 'none' cannot be combined" in text
    assert "row 6, column control_date: a date is required" in text
    assert "row 6, column outcome: a code is required" in text
    assert "unclear" not in text
    assert _vault_counts(store) == before
    ids = import_controls(store, write(tmp_path, "c.csv", CONTROL_COLUMNS, CONTROLS))
    assert len(ids) == 2
    park = store.locations.register(location_type="holiday_park")[0]
    assert park.controls == 1 and park.location.last_seen == date(2025, 6, 1)
    dossier = store.locations.dossier(park.location.id or 0)
    assert dossier.controls[0].follow_ups == ("referral", "signal_made")


def test_an_xlsx_file_imports_like_a_csv(store: CaseStore, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(LOCATION_COLUMNS))
    sheet.append(
        [
            "RL-X",
            "Kas 3",
            "agricultural_site",
            "GM0363",
            None,
            "agriculture",
            None,
            date(2025, 1, 5),
            None,
            None,
        ]
    )
    path = tmp_path / "l.xlsx"
    book.save(path)
    [location_id] = import_locations(store, path)
    assert store.locations.get(location_id).first_seen == date(2025, 1, 5)
