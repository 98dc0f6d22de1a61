"""Issue 18: signals_by_location_sector counts signals and controls_by_location_type counts
controls, per year and quarter, each unit its own contributor, through the disclosure control."""

from __future__ import annotations

import csv
import hashlib
import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from carecoord.domain.case import Signal
from carecoord.domain.client import ClientFacts
from carecoord.domain.location import LocationControl, RiskLocation
from carecoord.stats.aggregate import count_table, in_population
from carecoord.stats.disclosure_settings import DisclosureSettings
from carecoord.stats.export import export_statistics
from carecoord.stats.period import Period
from carecoord.stats.protect import protect
from carecoord.stats.records import StatsRecord
from carecoord.stats.tables import TOTAL, definition
from carecoord.store.case_store import CaseStore
from carecoord.store.stats_source import coded_rows_for_year
from tests.conftest import VaultFixture
from tests.support.stats_records import REGION as SAMPLE_REGION
from tests.support.stats_records import sample_records

A, B = "GM0363", "GM0599"
REGION = frozenset({A, B})


def _store(vault_fx: VaultFixture) -> CaseStore:
    return CaseStore.without_audit_for_tests(
        vault_fx.vault.db, user="anna", clock=lambda: datetime(2025, 12, 31, 12, tzinfo=UTC)
    )


def _records(store: CaseStore, year: int = 2025) -> list[StatsRecord]:
    return [StatsRecord.model_validate(r) for r in coded_rows_for_year(store.db, year)]


def _fill(store: CaseStore) -> None:
    """One person with three signals in horeca (two further signals on the case), two signals
    without a person, one signal nowhere (no municipality, no case: not placeable), and controls
    at two locations."""
    client = store.clients.register(ClientFacts(reference="CL-1"), None)
    horeca = Signal(
        signal_date=date(2025, 2, 1),
        municipality=A,
        location_type="horeca",
        sector="hospitality",
        signaller="police",
    )
    case_id = store.cases.open(client, horeca)
    # A further signal without its own municipality counts in its case's.
    store.signals.add(horeca.model_copy(update={"case_id": case_id, "municipality": None}))
    store.signals.add(
        horeca.model_copy(update={"case_id": case_id, "signal_date": date(2025, 5, 3)})
    )
    for day in (date(2025, 2, 10), date(2025, 8, 1)):
        store.signals.add(
            Signal(
                signal_date=day,
                municipality=B,
                location_type="holiday_park",
                sector="agriculture",
                signaller="citizen",
            )
        )
    store.signals.add(Signal(signal_date=date(2025, 3, 1)))  # no municipality anywhere
    park = store.locations.add(
        RiskLocation(
            name="Park",
            location_type="holiday_park",
            municipality=B,
            sector="agriculture",
            first_seen=date(2025, 1, 1),
            last_seen=date(2025, 1, 1),
        )
    )
    shed = store.locations.add(
        RiskLocation(
            name="Loods",
            location_type="business_park",
            municipality=A,
            first_seen=date(2025, 1, 1),
            last_seen=date(2025, 1, 1),
        )
    )
    for location, day, outcome in (
        (park, date(2025, 2, 1), "indication_exploitation"),
        (park, date(2025, 7, 1), "no_indication"),
        (shed, date(2025, 3, 1), "no_indication"),
        (shed, date(2024, 12, 1), "other_violation"),  # another year
    ):
        store.locations.record_control(
            LocationControl(
                location_id=location, control_date=day, control_by="joint", outcome=outcome
            )
        )


def _counts(
    records: list[StatsRecord], table_id: str, period: Period
) -> dict[tuple[str, ...], int]:
    chosen = in_population(records, period, REGION)
    table = count_table(definition(table_id), period, chosen, REGION)
    return {cell: value for cell, value in table.values.items() if value}


def test_every_signal_counts_with_or_without_a_person(vault_fx: VaultFixture) -> None:
    store = _store(vault_fx)
    _fill(store)
    records = _records(store)
    year = _counts(records, "signals_by_location_sector", Period(year=2025))
    assert year == {
        ("horeca", "hospitality"): 3,  # one person, three signals
        ("holiday_park", "agriculture"): 2,
        ("horeca", TOTAL): 3,
        ("holiday_park", TOTAL): 2,
        (TOTAL, "hospitality"): 3,
        (TOTAL, "agriculture"): 2,
        (TOTAL, TOTAL): 5,
    }
    q1 = _counts(records, "signals_by_location_sector", Period(year=2025, quarter=1))
    assert q1[(TOTAL, TOTAL)] == 3  # 1 Feb, 1 Feb (further), 10 Feb
    # The persons' own table still counts the person once.
    persons = _counts(records, "cases_by_location_sector", Period(year=2025))
    assert persons[(TOTAL, TOTAL)] == 1
    table = count_table(
        definition("signals_by_location_sector"),
        Period(year=2025),
        in_population(records, Period(year=2025), REGION),
        REGION,
    )
    # k applies to the signals: each is its own contributor.
    assert table.contributors[("horeca", "hospitality")] == 3


def test_controls_count_by_location_type_and_outcome_per_year_and_quarter(
    vault_fx: VaultFixture,
) -> None:
    store = _store(vault_fx)
    _fill(store)
    records = _records(store)
    year = _counts(records, "controls_by_location_type", Period(year=2025))
    assert year[("holiday_park", "indication_exploitation")] == 1
    assert year[("holiday_park", "no_indication")] == 1
    assert year[("business_park", "no_indication")] == 1
    assert year[(TOTAL, TOTAL)] == 3
    assert ("business_park", "other_violation") not in year  # held in 2024
    q3 = _counts(records, "controls_by_location_type", Period(year=2025, quarter=3))
    assert q3 == {
        ("holiday_park", "no_indication"): 1,
        ("holiday_park", TOTAL): 1,
        (TOTAL, "no_indication"): 1,
        (TOTAL, TOTAL): 1,
    }
    assert (
        _counts(_records(store, 2024), "controls_by_location_type", Period(year=2024))[
            (TOTAL, TOTAL)
        ]
        == 1
    )


def _signal(n: int, location_type: str, sector: str, municipality: str = A) -> StatsRecord:
    return StatsRecord(
        person_key=f"s{n}",
        cohort="signal",
        case_start=date(2025, 4, 1),
        municipality=municipality,
        location_type=location_type,
        sector=sector,
    )


def test_a_small_cell_of_signals_is_withheld() -> None:
    kinds, sectors = ("horeca", "holiday_park"), ("hospitality", "agriculture", "construction")
    records = [_signal(n, kinds[n % 2], sectors[n % 3], (A, B)[(n // 6) % 2]) for n in range(60)]
    records.append(_signal(99, "hotel", "hotel"))  # one signal: a cell of 1
    release = protect(
        records,
        Period(year=2025),
        REGION,
        DisclosureSettings(k=5),
        table_ids=("signals_by_location_sector", "signals_by_municipality_location"),
    )
    assert release.audit_ok
    cells = {(t.definition.table_id, c.coords): c for t in release.tables for c in t.cells}
    small = cells[("signals_by_location_sector", ("hotel", "hotel"))]
    assert small.value is None and small.status != "F"  # files publish every withheld cell as C
    # Its margins would give it away by subtraction: they are withheld with it.
    assert cells[("signals_by_location_sector", ("hotel", TOTAL))].value is None
    assert cells[("signals_by_location_sector", ("horeca", "hospitality"))].value == 10
    assert cells[("signals_by_municipality_location", (B, "horeca"))].value == 15
    assert cells[("signals_by_municipality_location", (A, "hotel"))].value is None


def test_stats_export_writes_both_tables_with_their_hashes(
    tmp_path: Path, vault_fx: VaultFixture
) -> None:
    rng = random.Random(18)  # noqa: S311 - reproducible test data
    region = frozenset(SAMPLE_REGION)
    records = sample_records(150)
    for n in range(120):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(365))
        place = rng.choice(SAMPLE_REGION)
        kind = rng.choice(["horeca", "holiday_park"])
        records.append(
            StatsRecord(
                person_key=f"s{n}",
                cohort="signal",
                case_start=day,
                municipality=place,
                location_type=kind,
                sector=rng.choice(["hospitality", "agriculture"]),
            )
        )
        records.append(
            StatsRecord(
                person_key=f"k{n}",
                cohort="control",
                case_start=day,
                municipality=place,
                location_type=kind,
                control_outcome=rng.choice(["no_indication", "indication_exploitation"]),
            )
        )
    out = tmp_path / "export"
    export_statistics(
        vault_fx.vault.db,
        records,
        Period(year=2024),
        region,
        out,
        created_by="anna",
        formats=("csv",),
    )
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    units = {t["table_id"]: t["unit"] for t in metadata["tables"]}
    assert units["signals_by_location_sector"] == "signals"
    assert units["controls_by_location_type"] == "controls"
    for table_id in ("signals_by_location_sector", "controls_by_location_type"):
        name = f"{table_id}.csv"
        assert metadata["files"][name] == hashlib.sha256((out / name).read_bytes()).hexdigest()
    with (out / "controls_by_location_type.csv").open(encoding="utf-8", newline="") as handle:
        rows = {(r["location_type"], r["outcome"]): r for r in csv.DictReader(handle)}
    assert rows[(TOTAL, TOTAL)]["value"] == "120" and rows[(TOTAL, TOTAL)]["status"] == "F"
    assert rows[("hotel", "referred")]["value"] == "0"
