"""A quarter of fewer than k persons, worked out as year − the other three quarters.

The small-table rule withholds a table of 1..k−1 persons whole, but only in the export of that
period. Here the small quarter (two persons, a referral total of 2) is never exported, or is
exported itself, while the year and the three busy quarters are: an attacker holding all the
files has year − Q_a − Q_b − Q_c. Each sequence is exported for real (the register links them);
the attacker is the independent one of tests/support/sdc_attacker.py, an exact LP (for the
totals also its integer program) over every number in the published folders (table margins,
year = Σ quarters, shared totals, statuses read by the published rules, non-negativity).

A disclosure is a range [lo, hi] with 1 ≤ lo and hi ≤ k − 1 for the small quarter's total or any
of its cells (an exact small value is one of those): it tells that the quarter has a few persons,
or a few in that cell, which the rule exists to hide. The small quarter's non-empty cells and the
cells holding all of a margin (the attribute its few persons share) must stay k wide as well.

What closes it (protect.py, scopes.py): once the year and some quarters are out, the quarters not
exported are one unknown "rest of the year" in the joint linear system, and primary suppression
runs over every number of that system, so the rest's total of 2 is a small number that must keep
a width of k; the suppression withholds a busy quarter's (or the year's) totals to keep it.
"""

from __future__ import annotations

import itertools
import math
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from carecoord.stats.disclosure_settings import DisclosureSettings
from carecoord.stats.export import AuditFailed, export_statistics, render_files
from carecoord.stats.period import Period
from carecoord.stats.protect import protect
from carecoord.stats.records import Referral, StatsRecord
from carecoord.stats.register import prior_releases
from carecoord.stats.secondary import Unprotectable
from tests.conftest import VaultFixture
from tests.support.sdc_attacker import (
    TOTAL,
    Attack,
    _single_or_multiple,
    quarter_of,
    read_publication,
)
from tests.support.stats_records import REGION, sample_records

K = 5
YEAR = 2024
PERSONS = "cases_by_municipality_form"
AGES = "cases_by_gender_age"
REFERRALS = "referrals_by_type_status"
TABLES = (PERSONS, AGES, REFERRALS)
WHEN = datetime(2025, 2, 1, 12, 0, tzinfo=UTC)
EPS = 1e-6
Coords = tuple[str, ...]


def _with_small_quarter(small: int) -> list[StatsRecord]:
    """About 150 persons in the other quarters, two in quarter ``small``, each with one referral."""
    first = date(YEAR, 3 * small - 2, 1)
    after = date(YEAR + 1, 1, 1) if small == 4 else date(YEAR, 3 * small + 1, 1)

    def inside(r: StatsRecord) -> bool:
        return first <= r.case_start < after and r.cohort == "started"

    busy = [r for r in sample_records(200) if not inside(r)]
    few = [r for r in sample_records(200, seed=9) if inside(r)][:2]
    # Persons of their own (the same key would count them in the quarter of their first case).
    return busy + [
        r.model_copy(
            update={
                "person_key": f"few{i}",
                "referrals": (Referral(type="shelter", status="sent"),),
            }
        )
        for i, r in enumerate(few)
    ]


def _true_cells(records: list[StatsRecord], quarter: str, table_id: str) -> dict[Coords, int]:
    """What the quarter truly counts per non-empty cell (persons, or referrals of its persons)."""
    counts: dict[Coords, int] = {}
    for r in records:
        if r.cohort != "started" or quarter_of(r.case_start) != quarter:
            continue
        keys: list[tuple[str, str]]
        if table_id == REFERRALS:
            keys = [(ref.type, ref.status) for ref in r.referrals]
        elif table_id == PERSONS:
            keys = [(r.municipality, _single_or_multiple(r.exploitation_forms, "unknown"))]
        else:
            keys = [(r.gender, r.age_group)]
        for key in keys:
            for cell in itertools.product(*[(c, TOTAL) for c in key]):
                counts[cell] = counts.get(cell, 0) + 1
    return counts


def _export_all(
    vault_fx: VaultFixture,
    tmp_path: Path,
    records: list[StatsRecord],
    order: list[Period],
    settings: DisclosureSettings,
) -> tuple[list[Path], list[str]]:
    """Export each period in turn; a refused one leaves nothing (no files, no register row)."""
    folders, refused = [], []
    for n, period in enumerate(order):
        folder = tmp_path / f"{n}-{period.id}"
        try:
            export_statistics(
                vault_fx.vault.db,
                records,
                period,
                frozenset(REGION),
                folder,
                created_by="anna",
                settings=settings,
                table_ids=TABLES,
                formats=("csv",),
                created_at=WHEN + timedelta(days=n),
            )
        except (AuditFailed, Unprotectable):
            refused.append(period.id)
            assert not folder.exists() or not any(folder.iterdir())
            continue
        folders.append(folder)
    registered = [p.period_id for p in prior_releases(vault_fx.vault.db, YEAR)]
    assert registered == [p.id for p in order if p.id not in refused]
    return folders, refused


Finding = dict[tuple[str, str, Coords], tuple[str, float, float]]


def _disclosures(
    attack: Attack, records: list[StatsRecord], quarter: str, exported: bool
) -> Finding:
    """Every number of ``quarter`` the attacker narrows too far, with its range.

    Checked in the atom holding the quarter (alone, or with the other quarters not exported).
    A quarter exported itself withholds its small tables whole, which by the published rules
    says "1..k−1 persons": that whole class is what the rule itself tells (k − 2 wide), so
    there only a narrower range counts.
    """
    model = attack.model
    found: Finding = {}
    for atom in (a for a in model.atoms if quarter in a.quarters):
        alone = atom.quarters == frozenset({quarter})
        for table_id in TABLES:
            truth = _true_cells(records, quarter, table_id) if alone else {}
            for coords in model.cells_of(atom, table_id):
                combo = model.combination(atom.quarters, atom.municipalities, table_id, coords)
                low, high = attack.range(combo)
                if coords == (TOTAL, TOTAL) and high < math.inf:
                    # Counts are whole numbers: for the totals the attacker's MILP too (where
                    # the LP leaves it unbounded above, no small range is possible anyway).
                    int_low, int_high = attack.range(combo, integral=True)
                    low, high = max(low, int_low), min(high, int_high)
                key = (table_id, atom.name.split("@")[0], coords)
                the_rule = exported and low <= 1 + EPS and high >= K - 1 - EPS
                if low >= 1 - EPS and high <= K - 1 + EPS and not the_rule:
                    found[key] = ("inside 1..k-1", low, high)
                value = truth.get(coords, 0)
                need = float(K)
                if exported:  # the rule's class: 1..k−1 for all of it, else 0..k−1
                    need = K - 2 if value == truth.get((TOTAL, TOTAL)) else K - 1
                if 1 <= value < K and high - low < need - EPS:
                    found.setdefault(key, ("small cell too narrow", low, high))
            # A cell holding all persons of its margin: margin − cell must stay k wide.
            for coords, value in truth.items():
                for dim, code in enumerate(coords):
                    parent = (*coords[:dim], TOTAL, *coords[dim + 1 :])
                    if code == TOTAL or truth.get(parent) != value:
                        continue
                    gap = model.combination(atom.quarters, atom.municipalities, table_id, parent)
                    cell = model.combination(atom.quarters, atom.municipalities, table_id, coords)
                    for j, v in cell.items():
                        gap[j] = gap.get(j, 0.0) - v
                    low, high = attack.range(gap)
                    if high - low < (K - 1 if exported else K) - EPS:
                        found[(table_id, "shared", coords)] = ("shared attribute", low, high)
    return found


def _q(q: int) -> Period:
    return Period(year=YEAR, quarter=q)


Y = Period(year=YEAR)
SUPPRESS = DisclosureSettings()
ROUND5 = DisclosureSettings(mode="round5")
SEQUENCES = {
    # The small quarter is the one never exported: the rest of the year in the audit.
    "Q4 small: year, Q1, Q2, Q3": (4, [Y, _q(1), _q(2), _q(3)], SUPPRESS),
    "Q4 small: Q1, Q2, Q3, year": (4, [_q(1), _q(2), _q(3), Y], SUPPRESS),
    "Q4 small: Q3, year, Q2, Q1": (4, [_q(3), Y, _q(2), _q(1)], SUPPRESS),
    "Q2 small: year, Q1, Q3, Q4": (2, [Y, _q(1), _q(3), _q(4)], SUPPRESS),
    "Q2 small: Q1, Q3, Q4, year": (2, [_q(1), _q(3), _q(4), Y], SUPPRESS),
    # The small quarter exported too (withheld whole there), before or after the others.
    "Q2 small: year, Q1, Q2, Q3, Q4": (2, [Y, _q(1), _q(2), _q(3), _q(4)], SUPPRESS),
    "Q4 small: Q4, Q1, Q2, Q3, year": (4, [_q(4), _q(1), _q(2), _q(3), Y], SUPPRESS),
    # Rounding mode: every number out is rounded, withheld ones say 1..k−1 by the rules.
    "Q4 small, round5: year, Q1, Q2, Q3": (4, [Y, _q(1), _q(2), _q(3)], ROUND5),
}


@pytest.mark.parametrize("name", sorted(SEQUENCES))
def test_no_export_sequence_pins_a_small_quarter_by_subtraction(
    vault_fx: VaultFixture, tmp_path: Path, name: str
) -> None:
    small, order, settings = SEQUENCES[name]
    records = _with_small_quarter(small)
    quarter = f"{YEAR}-Q{small}"
    assert _true_cells(records, quarter, PERSONS)[(TOTAL, TOTAL)] == 2
    assert _true_cells(records, quarter, REFERRALS)[(TOTAL, TOTAL)] == 2
    folders, refused = _export_all(vault_fx, tmp_path, records, order, settings)
    # The year and the busy quarters leave: the attack has its material. (In rounding mode there
    # is no secondary suppression; a quarter it cannot protect is refused.)
    assert refused == [] if settings.mode == "suppress" else Y.id not in refused
    attack = Attack([read_publication(f) for f in folders])
    exported = any(p.id == quarter for p in order)
    assert _disclosures(attack, records, quarter, exported) == {}


def test_the_attack_pins_the_small_quarter_when_each_period_is_protected_alone(
    tmp_path: Path,
) -> None:
    """The premise, and that the attack above can fail: the same four periods protected one by
    one without the register (as previews are) give the small quarter's 2 persons away."""
    records = _with_small_quarter(4)
    folders = []
    for n, period in enumerate([Y, _q(1), _q(2), _q(3)]):
        release = protect(records, period, frozenset(REGION), table_ids=TABLES)
        folder = tmp_path / period.id
        folder.mkdir()
        for file_name, data in render_files(
            release, ("csv",), export_id=f"e{n}", created_at=WHEN
        ).items():
            (folder / file_name).write_bytes(data)
        folders.append(folder)
    found = _disclosures(
        Attack([read_publication(f) for f in folders]), records, f"{YEAR}-Q4", False
    )
    assert found[(PERSONS, f"{YEAR}-Q4", (TOTAL, TOTAL))] == ("inside 1..k-1", 2.0, 2.0)
    assert found[(REFERRALS, f"{YEAR}-Q4", (TOTAL, TOTAL))] == ("inside 1..k-1", 2.0, 2.0)
