"""Issue 13: an independent attacker (tests/support/sdc_attacker.py) against the published files.

Scenarios: one region and then a larger one; statuses A/D against C; a region with one case;
everyone in one cell; corrections between releases; zero cells; every table of a release at
once; random small populations. Each prints one line, ``SCENARIO …: cells attacked, smallest
width``, for the record (run with ``-s`` to see them).
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import shutil
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecoord.errors import InputRejected
from carecoord.stats.disclosure_settings import DisclosureSettings
from carecoord.stats.export import export_statistics
from carecoord.stats.period import Period
from carecoord.stats.records import StatsRecord
from carecoord.vault.database import Database
from tests.conftest import VaultFixture
from tests.support.sdc_attacker import (
    Attack,
    Finding,
    attack_small_and_shared,
    read_publication,
)

A, B, C = "GM0034", "GM0037", "GM0047"
K = 5
PERSON_TABLES = ("cases_by_municipality_form", "cases_by_signaller", "cases_by_gender_age")


def _people(count: int, municipalities: Sequence[str], seed: int, prefix: str) -> list[StatsRecord]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    start = date(2024, 1, 1)
    return [
        StatsRecord(
            person_key=f"{prefix}{i}",
            case_start=start + timedelta(days=rng.randrange(365)),
            municipality=rng.choice(list(municipalities)),
            exploitation_forms=frozenset({rng.choice(["sexual", "labour", "criminal"])}),
            gender=rng.choice(["female", "male"]),
            age_group=rng.choice(["adult", "minor"]),
            signaller=rng.choice(["police", "kmar", "shelter", "self"]),
        )
        for i in range(count)
    ]


def _export(
    db: Database,
    records: list[StatsRecord],
    region: Sequence[str],
    out: Path,
    period: Period | None = None,
    tables: Sequence[str] = PERSON_TABLES,
    **rules: object,
) -> Path:
    export_statistics(
        db,
        records,
        period or Period(year=2024),
        frozenset(region),
        out,
        created_by="anna",
        settings=DisclosureSettings(**rules),
        table_ids=tables,
        formats=("csv",),
    )
    return out


def _report(name: str, findings: list[Finding]) -> None:
    small = [f.width for f in findings if f.kind == "small"]
    shared = [f.width for f in findings if f.kind == "shared"]
    print(
        f"SCENARIO {name}: {len(small)} small cells attacked, smallest width "
        f"{min(small, default=math.inf):g}; {len(shared)} shared attributes attacked, smallest "
        f"room {min(shared, default=math.inf):g}"
    )


def _assert_safe(findings: list[Finding], width: float = K) -> None:
    narrow = [f for f in findings if f.kind == "small" and f.width < width - 1e-6]
    assert not narrow, narrow[:5]
    shared = [f for f in findings if f.kind == "shared" and f.width < 1 - 1e-6]
    assert not shared, shared[:5]


def test_a_larger_region_after_a_smaller_one_does_not_reveal_the_difference(
    vault_fx: VaultFixture, tmp_path: Path
) -> None:
    db = vault_fx.vault.db
    records = _people(80, (A, B), seed=1, prefix="ab") + _people(3, (C,), seed=2, prefix="c")
    first = _export(db, records, (A, B), tmp_path / "ab")
    try:
        second = _export(db, records, (A, B, C), tmp_path / "abc")
    except InputRejected as refused:
        # A refusal must name why and what would work; nothing of it may be left.
        assert "same municipalities" in refused.message and "coarser" in refused.message
        assert not (tmp_path / "abc").exists()
        pytest.fail("expected the larger region to be protectable here")
    attack = Attack([read_publication(first), read_publication(second)])
    findings = attack_small_and_shared(attack, records, K)
    _report("region {A,B} then {A,B,C}", findings)
    # The difference C (3 persons) is attacked: every one of its cells is an atom's cell.
    assert any(f.scope.endswith(f"@{C}") for f in findings)
    _assert_safe(findings)


def test_a_region_already_given_away_by_earlier_releases_is_refused(
    vault_fx: VaultFixture, tmp_path: Path
) -> None:
    from carecoord.stats.protect import protect
    from carecoord.stats.register import record_export

    db = vault_fx.vault.db
    tables = ("cases_by_signaller",)
    ab = [
        StatsRecord(
            person_key=f"ab{i}",
            case_start=date(2024, 2, 1),
            municipality=(A, B)[i % 2],
            signaller=("police", "kmar")[i % 4 // 2],
        )
        for i in range(80)
    ]
    c = [
        StatsRecord(
            person_key=f"c{i}", case_start=date(2024, 3, 1), municipality=C, signaller="police"
        )
        for i in range(2)
    ] + [
        StatsRecord(person_key="c2", case_start=date(2024, 3, 1), municipality=C, signaller="kmar")
    ]
    # No cell of either region alone is small: a release made before issue 13 published both,
    # and so told C's numbers (2 by the police, 1 by the KMar) by subtraction.
    first = _export(db, ab + c, (A, B, C), tmp_path / "abc", tables=tables)
    older = protect(ab + c, Period(year=2024), frozenset((A, B)), table_ids=tables)
    assert all(cell.value is not None for t in older.tables for cell in t.cells)
    record_export(
        db,
        older,
        export_id="before-issue-13",
        created_at=datetime(2025, 1, 1, tzinfo=UTC),
        created_by="anna",
        app_version="0",
        files={},
    )
    told = [f for f in attack_small_and_shared(Attack([read_publication(first)]), ab + c, K)]
    assert not [f for f in told if f.width < K - 1e-6]
    with pytest.raises(InputRejected) as refused:
        _export(db, ab + c, (A, B, C), tmp_path / "again", Period(year=2024, quarter=1), tables)
    assert refused.value.exit_code == 5
    assert "same municipalities" in refused.value.message and "coarser" in refused.value.message
    assert not (tmp_path / "again").exists()
    print("SCENARIO {A,B,C} and (before issue 13) {A,B} published, then 2024-Q1: refused (exit 5)")


def _old_style(
    folder: Path, statuses: Mapping[tuple[str, tuple[str, ...]], str], out: Path
) -> Path:
    """The same files as releases before issue 13 wrote them: A for primary, D for secondary."""
    shutil.copytree(folder, out)
    for csv_path in out.glob("*.csv"):
        table_id = csv_path.stem
        rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
        header, body = rows[0], rows[1:]
        for row in body:
            coords = tuple(row[: len(header) - 2])
            if row[-1] == "C":
                row[-1] = statuses[(table_id, coords)]
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows([header, *body])
        csv_path.write_text(buffer.getvalue(), encoding="utf-8")
    return out


def test_status_c_hides_what_a_and_d_told(vault_fx: VaultFixture, tmp_path: Path) -> None:
    from carecoord.stats.protect import protect

    db = vault_fx.vault.db
    records = _people(45, (A, B, C), seed=7, prefix="p")
    folder = _export(db, records, (A, B, C), tmp_path / "new")
    for csv_path in folder.glob("*.csv"):
        assert {row["status"] for row in csv.DictReader(csv_path.open(encoding="utf-8"))} <= {
            "F",
            "C",
        }
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert isinstance(metadata["withheld"], int) and metadata["withheld"] > 0
    new = attack_small_and_shared(Attack([read_publication(folder)]), records, K)
    _report("status C (one release)", new)
    _assert_safe(new)

    release = protect(records, Period(year=2024), frozenset((A, B, C)), table_ids=PERSON_TABLES)
    statuses = {(t.table_id, c.coords): c.status for t in release.tables for c in t.cells}
    old = _old_style(folder, statuses, tmp_path / "old")
    told = attack_small_and_shared(Attack([read_publication(old)]), records, K)
    _report("statuses A/D (the same release as published before issue 13)", told)
    # With A/D an attacker narrows small cells below k; that is what C prevents.
    assert any(f.kind == "small" and f.width < K - 1e-6 for f in told)


def test_a_release_registered_with_a_and_d_is_known_to_the_attacker(
    vault_fx: VaultFixture, tmp_path: Path
) -> None:
    db = vault_fx.vault.db
    records = _people(70, (A, B), seed=8, prefix="ab") + _people(4, (C,), seed=9, prefix="c")
    first = _export(db, records, (A, B), tmp_path / "ab")
    from carecoord.stats.protect import protect

    old = protect(records, Period(year=2024), frozenset((A, B)), table_ids=PERSON_TABLES)
    statuses = {(t.table_id, c.coords): c.status for t in old.tables for c in t.cells}
    # Make the register say what a release before issue 13 published.
    for (table_id, coords), status in statuses.items():
        if status != "F":
            db.execute(
                "UPDATE stats_export_cell SET status = ? WHERE table_id = ? AND coords = ?",
                (status, table_id, json.dumps(list(coords))),
            )
    old_folder = _old_style(first, statuses, tmp_path / "ab-old")
    try:
        second = _export(db, records, (A, B, C), tmp_path / "abc")
    except InputRejected as refused:
        assert "same municipalities" in refused.message
        print("SCENARIO A/D release of {A,B}, then {A,B,C}: refused (exit 5)")
        return
    attack = Attack([read_publication(old_folder), read_publication(second)])
    findings = attack_small_and_shared(attack, records, K)
    _report("A/D release of {A,B}, then {A,B,C} (C)", findings)
    # Only atoms the old release did not already give away by itself are this release's to keep.
    alone = attack_small_and_shared(Attack([read_publication(old_folder)]), records, K)
    leaked = {(f.scope, f.table_id, f.coords) for f in alone if f.width < K - 1e-6}
    _assert_safe([f for f in findings if (f.scope, f.table_id, f.coords) not in leaked])


@pytest.mark.parametrize("mode", ["suppress", "round5"])
def test_a_region_with_one_case_publishes_nothing_about_that_person(
    vault_fx: VaultFixture, tmp_path: Path, mode: str
) -> None:
    records = _people(1, (A,), seed=3, prefix="one")
    folder = _export(vault_fx.vault.db, records, (A, B), tmp_path / "one", mode=mode)
    published = read_publication(folder)
    for table in published.tables.values():
        assert all(v is None and s == "C" for v, s in table.cells.values()), table.table_id
    findings = attack_small_and_shared(Attack([published]), records, K)
    _report(f"one-case region ({mode})", findings)
    assert findings
    # The rules say such a table has 1..k−1 persons: each cell keeps all of 0..k−1 open (k−1
    # wide), the total all of 1..k−1 (k−2 wide); in round5 mode a small cell keeps its class.
    totals = [f for f in findings if all(c == "_T" for c in f.coords)]
    _assert_safe(totals, width=K - 2)
    _assert_safe(
        [f for f in findings if f not in totals], width=K - 1 if mode == "suppress" else K - 2
    )


@pytest.mark.parametrize("mode", ["suppress", "round5"])
def test_everyone_in_one_cell_is_not_told(
    vault_fx: VaultFixture, tmp_path: Path, mode: str
) -> None:
    records = [
        r.model_copy(update={"exploitation_forms": frozenset({"sexual"})})
        for r in _people(12, (A,), 6, "all")
    ] + _people(30, (B,), seed=10, prefix="b")
    folder = _export(vault_fx.vault.db, records, (A, B), tmp_path / "all", mode=mode)
    published = read_publication(folder)
    findings = attack_small_and_shared(Attack([published]), records, K)
    _report(f"everyone of A in sexual exploitation ({mode})", findings)
    shared = [f for f in findings if f.kind == "shared"]
    assert shared
    _assert_safe(findings, width=K if mode == "suppress" else K - 2)


def test_a_correction_between_releases_is_not_told(vault_fx: VaultFixture, tmp_path: Path) -> None:
    db = vault_fx.vault.db
    records = _people(90, (A, B, C), seed=11, prefix="p")
    first = _export(db, records, (A, B, C), tmp_path / "first")
    late = [
        r.model_copy(update={"case_start": date(2024, 6, 1)})
        for r in _people(2, (A,), seed=12, prefix="late")
    ]
    second = _export(db, records + late, (A, B, C), tmp_path / "second")
    before, after = read_publication(first), read_publication(second)
    compared = 0
    for table_id, table in after.tables.items():
        for coords, (value, _status) in table.cells.items():
            old = before.tables[table_id].cells[coords][0]
            if value is not None and old is not None:
                compared += 1
                assert not 1 <= abs(value - old) < K, (table_id, coords, old, value)
    findings = attack_small_and_shared(Attack([after]), records + late, K)
    _report(f"correction (+2 persons; {compared} numbers published twice compared)", findings)
    _assert_safe(findings)


def test_zero_cells_when_zeros_are_protected(vault_fx: VaultFixture, tmp_path: Path) -> None:
    records = _people(40, (A, B), seed=13, prefix="z")
    folder = _export(vault_fx.vault.db, records, (A, B), tmp_path / "z", zeros_unsafe=True)
    published = read_publication(folder)
    attack = Attack([published])
    widths = []
    for table_id, table in published.tables.items():
        for coords, (value, status) in table.cells.items():
            combo = attack.model.combination(
                frozenset(f"2024-Q{q}" for q in range(1, 5)),
                published.municipalities,
                table_id,
                coords,
            )
            if status == "C":
                low, high = attack.range(combo)
                widths.append(high - low)
            assert value != 0  # no zero is published when zeros are protected
    findings = attack_small_and_shared(attack, records, K)
    print(
        f"SCENARIO zeros protected: {len(widths)} withheld cells attacked, smallest width "
        f"{min(widths):g}"
    )
    _assert_safe(findings)


def test_every_table_of_a_release_attacked_together(vault_fx: VaultFixture, tmp_path: Path) -> None:
    from carecoord.stats.tables import STANDARD_IDS
    from tests.support.stats_records import sample_records

    records = sample_records(60, seed=21)
    folder = _export(vault_fx.vault.db, records, (A, B, C), tmp_path / "all", tables=STANDARD_IDS)
    published = read_publication(folder)
    assert set(published.tables) == set(STANDARD_IDS)
    findings = attack_small_and_shared(Attack([published]), records, K)
    _report("every standard table at once (MILP)", findings)
    _assert_safe(findings)
    exact = attack_small_and_shared(Attack([published]), records, K, integral=True)
    _assert_safe(exact)


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    ab=st.integers(0, 25),
    c=st.integers(0, 6),
    seed=st.integers(0, 1000),
    mode=st.sampled_from(["suppress", "round5"]),
)
def test_random_small_populations_over_two_regions(
    vault_fx: VaultFixture,
    tmp_path_factory: pytest.TempPathFactory,
    ab: int,
    c: int,
    seed: int,
    mode: str,
) -> None:
    db = vault_fx.vault.db
    db.execute("DELETE FROM stats_export")
    base = tmp_path_factory.mktemp("r")
    records = _people(ab, (A, B), seed, "ab") + _people(c, (C,), seed + 1, "c")
    width = K if mode == "suppress" else K - 2
    try:
        first = _export(db, records, (A, B), base / "ab", mode=mode)
    except InputRejected:
        return
    try:
        second = _export(db, records, (A, B, C), base / "abc", mode=mode)
    except InputRejected as refused:
        assert "same municipalities" in refused.message or "suppression" in refused.message
        findings = attack_small_and_shared(Attack([read_publication(first)]), records, K)
        _assert_safe(findings, width)
        return
    findings = attack_small_and_shared(
        Attack([read_publication(first), read_publication(second)]), records, K
    )
    _assert_safe(findings, width)
