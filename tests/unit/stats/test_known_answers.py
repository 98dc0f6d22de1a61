"""Published examples with known answers (research/sdc.md §6)."""

from __future__ import annotations

import numpy as np
import pytest

from carecoord.stats.attack import Attacker
from carecoord.stats.disclosure_settings import DisclosureSettings
from carecoord.stats.period import Period
from carecoord.stats.protect import protect
from carecoord.stats.secondary import solve_pattern
from carecoord.stats.system import build_system
from tests.support.stats_data import (
    YEAR,
    municipality_gender_table,
    records_from_counts,
    table_from_inner,
)

# sdcTable's microdata1 frequency table, regions A–D as municipalities.
A, B, C, D = "GM0001", "GM0002", "GM0003", "GM0004"
SDCTABLE = {
    (A, "male"): 18,
    (A, "female"): 2,
    (B, "male"): 14,
    (B, "female"): 19,
    (C, "male"): 12,
    (C, "female"): 10,
    (D, "male"): 11,
    (D, "female"): 14,
}


def _sdctable_release(**settings: object):  # type: ignore[no-untyped-def]
    return protect(
        records_from_counts(SDCTABLE),
        Period(year=YEAR),
        frozenset({A, B, C, D}),
        DisclosureSettings(**settings),  # type: ignore[arg-type]
        definitions=[municipality_gender_table()],
    )


def test_sdctable_region_gender_suppresses_the_optimal_four_cells() -> None:
    release = _sdctable_release()
    table = release.tables[0]
    hidden = {cell.coords: cell.status for cell in table.cells if cell.status != "F"}
    # sdcTable's OPT answer: indices 5, 6, 11, 12 = (A,m), (A,f), (C,m), (C,f); C is cheapest.
    assert hidden == {(A, "male"): "D", (A, "female"): "A", (C, "male"): "D", (C, "female"): "D"}
    assert len(table.cells) - len(hidden) == 11
    assert release.audit_ok
    primary = [a for a in release.audit if a.status == "A"]
    assert len(primary) == 1
    # The 2 cannot be pinned down: anything from 0 to 12 fits the published numbers.
    assert (primary[0].lower, primary[0].upper) == (0.0, 12.0)


def test_sdctable_cells_mode_also_needs_four_cells() -> None:
    release = _sdctable_release(cost="cells")
    assert sum(1 for c in release.tables[0].cells if c.status != "F") == 4
    assert release.audit_ok


def test_sdctable_only_the_two_is_primary() -> None:
    release = _sdctable_release()
    primary = [c.coords for c in release.tables[0].cells if c.status == "A"]
    assert primary == [(A, "female")]


def test_handbook_example_3_feasibility_interval() -> None:
    # ESSnet handbook ch. 4, Example 3: row totals 7, 3, 6; column totals 9, 7; row 3 = (3, 3)
    # published; the four inner cells of rows 1–2 suppressed → X11 ∈ [3, 6].
    table = table_from_inner("h3", ["r1", "r2", "r3"], ["c1", "c2"], [[4, 3], [2, 1], [3, 3]])
    system = build_system([table])
    values = system.value_array()
    suppressed = np.zeros(system.size, dtype=bool)
    for coords in [("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2")]:
        suppressed[system.index(str(YEAR), "h3", coords)] = True
    attacker = Attacker(
        system.matrix(), np.where(suppressed, 0.0, values), np.where(suppressed, np.inf, values)
    )
    x11 = attacker.range(system.index(str(YEAR), "h3", ("r1", "c1")))
    assert (x11.lower, x11.upper) == pytest.approx((3.0, 6.0))


PROBLEM_ROWS = ["w", "x", "y", "z"]
PROBLEM_COLS = ["a", "b", "c", "d"]
PROBLEM_INNER = [[30, 47, 64, 89], [90, 124, 5, 31], [92, 100, 59, 85], [800, 991, 651, 685]]
PROBLEM_SUPPRESSED = [
    ("w", "a"),
    ("w", "b"),
    ("w", "c"),
    ("x", "a"),
    ("x", "c"),
    ("y", "b"),
    ("y", "d"),
    ("z", "b"),
    ("z", "d"),
]


def _problem_attacker(extra: tuple[str, str] | None = None):  # type: ignore[no-untyped-def]
    table = table_from_inner("p", PROBLEM_ROWS, PROBLEM_COLS, PROBLEM_INNER)
    system = build_system([table])
    values = system.value_array()
    suppressed = np.zeros(system.size, dtype=bool)
    for coords in PROBLEM_SUPPRESSED + ([extra] if extra else []):
        suppressed[system.index(str(YEAR), "p", coords)] = True
    attacker = Attacker(
        system.matrix(), np.where(suppressed, 0.0, values), np.where(suppressed, np.inf, values)
    )
    return system, attacker


def test_two_per_row_and_column_is_not_enough() -> None:
    # sdcTable R/test_problems.R::problemdata(): every row and column has ≥ 2 suppressions, yet
    # (w, b) = 47 is recovered exactly. Intervals as verified in research/sdc.md §6.1.
    system, attacker = _problem_attacker()
    expected = {
        ("w", "a"): (25, 94),
        ("w", "b"): (47, 47),
        ("w", "c"): (0, 69),
        ("x", "a"): (26, 95),
        ("x", "c"): (0, 69),
        ("y", "b"): (0, 185),
        ("y", "d"): (0, 185),
        ("z", "b"): (906, 1091),
        ("z", "d"): (585, 770),
    }
    for coords, (low, high) in expected.items():
        found = attacker.range(system.index(str(YEAR), "p", coords))
        assert (found.lower, found.upper) == pytest.approx((low, high)), coords


def test_suppressing_x_b_as_well_makes_w_b_safe() -> None:
    system, attacker = _problem_attacker(extra=("x", "b"))
    found = attacker.range(system.index(str(YEAR), "p", ("w", "b")))
    assert found.width > 0


def test_milp_protects_the_counterexample_cell() -> None:
    # Ask the MILP to protect (w, b) with width 10, with the known pattern's other cells free.
    table = table_from_inner("p", PROBLEM_ROWS, PROBLEM_COLS, PROBLEM_INNER)
    system = build_system([table])
    values = system.value_array()
    target = system.index(str(YEAR), "p", ("w", "b"))
    pattern, _ = solve_pattern(
        system.matrix(), values, values + 1, [target], [], [target], width=10.0
    )
    attacker = Attacker(
        system.matrix(), np.where(pattern, 0.0, values), np.where(pattern, np.inf, values)
    )
    assert attacker.range(target).width >= 10.0
    assert pattern.sum() >= 4


GRID = [
    [1, 24, 11, 30, 35, 14],
    [10, 9, 6, 30, 40, 23],
    [8, 19, 38, 39, 28, 22],
    [16, 11, 21, 18, 6, 21],
    [22, 17, 15, 24, 23, 28],
    [10, 26, 29, 37, 20, 16],
    [20, 35, 22, 10, 40, 24],
    [5, 23, 24, 37, 17, 31],
]


def test_cuts_alone_and_cuts_with_compact_blocks_reach_the_same_optimum(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An 8 × 6 table with one 1: cuts alone walk through many rectangles (about 20 rounds);
    # writing the stubborn cell's attacker into the MILP settles it in a few. Same optimum.
    from carecoord.stats import secondary

    rows = [f"r{i}" for i in range(8)]
    cols = [f"c{j}" for j in range(6)]
    system = build_system([table_from_inner("g", rows, cols, GRID)])
    values = system.value_array()
    costs = values * (system.size + 1) + 1
    target = [system.index(str(YEAR), "g", ("r0", "c0"))]
    found = []
    for blocks in (0, 12):
        monkeypatch.setattr(secondary, "MAX_BLOCKS", blocks)
        pattern, rounds = solve_pattern(system.matrix(), values, costs, target, [], target, 5.0)
        attacker = Attacker(
            system.matrix(), np.where(pattern, 0.0, values), np.where(pattern, np.inf, values)
        )
        assert attacker.range(target[0]).width >= 5.0
        found.append((float(costs @ pattern), rounds))
    assert found[0][0] == found[1][0]
    assert found[1][1] < found[0][1]


def test_an_overlong_search_refuses_rather_than_hangs(monkeypatch: pytest.MonkeyPatch) -> None:
    from carecoord.errors import CareCoordError
    from carecoord.stats import secondary

    monkeypatch.setattr(secondary, "MAX_SECONDS", -1.0)
    system = build_system([table_from_inner("g", ["a", "b"], ["c", "d"], [[1, 9], [8, 7]])])
    values = system.value_array()
    target = [system.index(str(YEAR), "g", ("a", "c"))]
    with pytest.raises(CareCoordError, match="did not finish in time"):
        solve_pattern(system.matrix(), values, values + 1, target, [], target, 5.0)
