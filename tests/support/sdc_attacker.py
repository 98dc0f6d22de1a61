"""An independent attacker on published statistics (issue 13): reads only the published folders.

Written apart from ``carecoord.stats`` (it imports nothing of it): it parses each folder's
``metadata.json`` and CSV files, models what was published as atoms (time atoms × groups of
municipalities, the finest pieces the published regions and periods are sums of), and solves
min and max of any linear combination of atom cells with HiGHS's LP (highspy, called here directly), or its MILP
(``integral=True``), over:

- every table relation (a margin is the sum of its parts), in every atom;
- the same count in two person tables of one atom is one number (grand totals, shared margins),
  for tables of the same persons (metadata ``cohort`` and ``only``, issue 15);
- a table of part of a cohort (``only``) counts at most what its cohort's tables count for the
  same cell (labour migrants in agriculture ≤ persons in agriculture);
- a published region and period is the sum of its atoms (a municipality's cell lies in one);
- published numbers exactly (suppress mode) or within their rounding interval, read with the
  rules: numbers 1..k−1 are never published, so a rounded 0 is 0 and a rounded R ≥ k − 2 is
  at least k;
- what statuses say under the published rules: an ``A`` (releases before issue 13) is a small
  count 1..k−1; in round5 mode a withheld count in a table that is not withheld as a whole is
  small too; a person table withheld as a whole (suppress mode) has 1..k−1 persons. (These are tried and dropped when they contradict the rest: a ``A`` may also have
  been a whole margin.)

The test harness gives the true records only to choose targets (which atom cells are small, which
cells hold a whole margin); the attack itself sees nothing but the files.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import highspy
import numpy as np
from highspy._core import _Highs  # the solver core: no banner, no Python callbacks

TOTAL = "_T"
MUNICIPALITY = "municipality"
BASE = 5


@dataclass(frozen=True)
class PublishedTable:
    table_id: str
    unit: str
    names: tuple[str, ...]
    codes: tuple[tuple[str, ...], ...]
    cells: dict[tuple[str, ...], tuple[int | None, str]]  # coords -> (value, status)
    persons: tuple[str, str | None] = ("started", None)  # metadata cohort, only


@dataclass(frozen=True)
class Publication:
    folder: Path
    period: str
    municipalities: frozenset[str]
    mode: str
    k: int
    zeros_unsafe: bool
    withheld: int | None
    tables: dict[str, PublishedTable]


def read_publication(folder: Path) -> Publication:
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    tables = {}
    for entry in meta["tables"]:
        names = tuple(d["name"] for d in entry["dimensions"])
        codes = tuple(tuple(d["codes"]) for d in entry["dimensions"])
        cells: dict[tuple[str, ...], tuple[int | None, str]] = {}
        with (folder / entry["file"]).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                coords = tuple(row[n] for n in names)
                value = None if row["value"] == "" else int(row["value"])
                cells[coords] = (value, row["status"])
        tables[entry["table_id"]] = PublishedTable(
            entry["table_id"],
            entry["unit"],
            names,
            codes,
            cells,
            (entry.get("cohort", "started"), entry.get("only")),
        )
    return Publication(
        folder=folder,
        period=meta["period"]["id"],
        municipalities=frozenset(meta["population"]["municipalities"]),
        mode=meta["rules"]["mode"],
        k=int(meta["rules"]["k"]),
        zeros_unsafe=bool(meta["rules"]["zeros_unsafe"]),
        withheld=meta.get("withheld"),
        tables=tables,
    )


def quarters_of(period: str) -> frozenset[str]:
    year = period.split("-", maxsplit=1)[0]
    return frozenset({period}) if "-Q" in period else frozenset(f"{year}-Q{q}" for q in range(1, 5))


@dataclass(frozen=True)
class Atom:
    quarters: frozenset[str]  # the quarters it covers (the year: all four)
    municipalities: frozenset[str]

    @property
    def name(self) -> str:
        return f"{'+'.join(sorted(self.quarters))}@{'+'.join(sorted(self.municipalities))}"


def _atoms(publications: Sequence[Publication]) -> list[Atom]:
    periods = {p.period for p in publications}
    if len(periods) == 1:
        times = [quarters_of(next(iter(periods)))]
    else:
        year = next(iter(periods)).split("-")[0]
        released = sorted(p for p in periods if "-Q" in p)
        times = [frozenset({q}) for q in released]
        rest = quarters_of(year) - set(released)
        if year in periods and rest:
            times.append(frozenset(rest))
    signature: dict[str, frozenset[int]] = {}
    for code in sorted(set().union(*(p.municipalities for p in publications))):
        signature[code] = frozenset(
            i for i, p in enumerate(publications) if code in p.municipalities
        )
    groups: dict[frozenset[int], set[str]] = {}
    for code, sig in signature.items():
        groups.setdefault(sig, set()).add(code)
    return [Atom(t, frozenset(g)) for t in times for g in sorted(groups.values(), key=sorted)]


Key = tuple[str, str, tuple[str, ...]]  # (atom name, table id, coords)


@dataclass
class Model:
    publications: list[Publication]
    atoms: list[Atom]
    shapes: dict[str, PublishedTable]
    index: dict[Key, int] = field(default_factory=dict)
    rows: list[dict[int, float]] = field(default_factory=list)
    rhs_low: list[float] = field(default_factory=list)
    rhs_high: list[float] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def atom_codes(self, table: PublishedTable, atom: Atom) -> list[tuple[str, ...]]:
        return [
            tuple(c for c in codes if c in atom.municipalities) if name == MUNICIPALITY else codes
            for name, codes in zip(table.names, table.codes, strict=True)
        ]

    def cells_of(self, atom: Atom, table_id: str) -> list[tuple[str, ...]]:
        table = self.shapes[table_id]
        return list(itertools.product(*[(*c, TOTAL) for c in self.atom_codes(table, atom)]))

    def combination(
        self,
        quarters: frozenset[str],
        municipalities: frozenset[str],
        table_id: str,
        coords: tuple[str, ...],
    ) -> dict[int, float]:
        """A published (or any) region × period cell as a sum of atom cells."""
        out: dict[int, float] = {}
        for atom in self.atoms:
            if not atom.quarters <= quarters or not atom.municipalities <= municipalities:
                continue
            j = self.index.get((atom.name, table_id, coords))
            if j is not None:
                out[j] = out.get(j, 0.0) + 1.0
        return out


def build_model(
    publications: Sequence[Publication], use_statuses: bool = True
) -> tuple[Model, list[tuple[dict[int, float], float, float]]]:
    """The attacker's equations and the published bounds (as linear rows low ≤ a·x ≤ high)."""
    pubs = list(publications)
    shapes: dict[str, PublishedTable] = {}
    for pub in pubs:
        for table_id, table in pub.tables.items():
            known = shapes.get(table_id, table)
            # A municipality dimension lists the codes of every region published.
            codes = tuple(
                tuple(sorted(set(a) | set(b))) if name == MUNICIPALITY else a
                for name, a, b in zip(table.names, known.codes, table.codes, strict=True)
            )
            shapes[table_id] = PublishedTable(
                table_id, table.unit, table.names, codes, {}, table.persons
            )
    model = Model(pubs, _atoms(pubs), shapes)
    for atom in model.atoms:
        for table_id in sorted(shapes):
            for coords in model.cells_of(atom, table_id):
                model.index[(atom.name, table_id, coords)] = len(model.index)
    for atom in model.atoms:
        _margins(model, atom)
        _shared_counts(model, atom)
    return model, _published_bounds(model, use_statuses)


def _equal(model: Model, row: dict[int, float]) -> None:
    model.rows.append(row)
    model.rhs_low.append(0.0)
    model.rhs_high.append(0.0)


def _margins(model: Model, atom: Atom) -> None:
    for table_id, table in sorted(model.shapes.items()):
        codes = model.atom_codes(table, atom)
        for coords in model.cells_of(atom, table_id):
            for dim, code in enumerate(coords):
                if code != TOTAL:
                    continue
                row = {model.index[(atom.name, table_id, coords)]: 1.0}
                for part in codes[dim]:
                    child = (*coords[:dim], part, *coords[dim + 1 :])
                    j = model.index[(atom.name, table_id, child)]
                    row[j] = row.get(j, 0.0) - 1.0
                _equal(model, row)


def _meaning(names: Sequence[str], coords: Sequence[str]) -> frozenset[tuple[str, str]]:
    return frozenset((n, c) for n, c in zip(names, coords, strict=True) if c != TOTAL)


def _shared_counts(model: Model, atom: Atom) -> None:
    """One count in two tables of the same unit and persons is one number; a count of part of a
    cohort is at most the cohort's count of the same cell."""
    meaning: dict[tuple[str, tuple[str, str | None], frozenset[tuple[str, str]]], list[int]] = {}
    for table_id, table in sorted(model.shapes.items()):
        for coords in model.cells_of(atom, table_id):
            key = (table.unit, table.persons, _meaning(table.names, coords))
            meaning.setdefault(key, []).append(model.index[(atom.name, table_id, coords)])
    for same in meaning.values():
        for a, b in itertools.pairwise(same):
            _equal(model, {a: 1.0, b: -1.0})
    for (unit, (cohort, only), cell), parts in meaning.items():
        whole = meaning.get((unit, (cohort, None), cell))
        if only is not None and whole:
            model.rows.append({whole[0]: 1.0, parts[0]: -1.0})
            model.rhs_low.append(0.0)
            model.rhs_high.append(math.inf)


def _published_bounds(
    model: Model, use_statuses: bool
) -> list[tuple[dict[int, float], float, float]]:
    bounds: list[tuple[dict[int, float], float, float]] = []
    for pub in model.publications:
        quarters = quarters_of(pub.period)
        whole_meanings = _wholly_withheld_meanings(pub)
        for table_id, table in pub.tables.items():
            for coords, (value, status) in table.cells.items():
                combo = model.combination(quarters, pub.municipalities, table_id, coords)
                if value is not None:
                    bounds.append((combo, *_published_interval(pub, value)))
                    continue
                small = status == "A" or (
                    pub.mode == "round5"
                    and (table.unit, table.persons, _meaning(table.names, coords))
                    not in whole_meanings
                )
                if use_statuses and small and table.unit == "persons":
                    low = 0.0 if pub.zeros_unsafe else 1.0
                    bounds.append((combo, low, float(pub.k - 1)))
            grand = (TOTAL,) * len(table.names)
            if (
                pub.mode == "suppress"
                and table.unit == "persons"
                and all(v is None for v, _ in table.cells.values())
            ):
                # A table withheld as a whole has fewer than k persons (the rules say so).
                combo = model.combination(quarters, pub.municipalities, table_id, grand)
                bounds.append((combo, 1.0, float(pub.k - 1)))
    return bounds


def _wholly_withheld_meanings(
    pub: Publication,
) -> set[tuple[str, tuple[str, str | None], frozenset[tuple[str, str]]]]:
    out = set()
    for table in pub.tables.values():
        if all(v is None for v, _ in table.cells.values()):
            for coords in table.cells:
                out.add((table.unit, table.persons, _meaning(table.names, coords)))
    return out


def _published_interval(pub: Publication, value: int) -> tuple[float, float]:
    if pub.mode == "suppress":
        return float(value), float(value)
    if value == 0:
        return 0.0, 0.0
    half = (BASE - 1) // 2
    return max(float(pub.k), float(value - half)), float(value + half)


class Attack:
    """Min and max of linear combinations of atom cells, over everything published."""

    def __init__(self, publications: Sequence[Publication], use_statuses: bool = True) -> None:
        self.model, published = build_model(publications, use_statuses)
        self.n = len(self.model.index)
        rows = list(self.model.rows)
        low = list(self.model.rhs_low)
        high = list(self.model.rhs_high)
        equalities = len(rows)
        for combo, lo, hi in published:
            rows.append(combo)
            low.append(lo)
            high.append(hi)
        self._rows, self._low, self._high = rows, np.array(low), np.array(high)
        self._equalities = equalities
        self._cached: highspy.HighsSparseMatrix | None = None
        self._drop_contradictions()

    def _matrix(self) -> highspy.HighsSparseMatrix:
        """The rows, row-wise (HiGHS converts), built here rather than by carecoord.stats."""
        if self._cached is not None and self._cached.num_row_ == len(self._rows):
            return self._cached
        matrix = highspy.HighsSparseMatrix()
        matrix.format_ = highspy.MatrixFormat.kRowwise
        matrix.num_row_, matrix.num_col_ = len(self._rows), self.n
        start, index, value = [0], [], []
        for row in self._rows:
            for j in sorted(row):
                index.append(j)
                value.append(float(row[j]))
            start.append(len(index))
        matrix.start_, matrix.index_, matrix.value_ = start, index, value
        self._cached = matrix
        return self._cached

    def _feasible(self) -> bool:
        return self._solve(np.zeros(self.n), integral=False) is not None

    def _drop_contradictions(self) -> None:
        """Status bounds are guesses (an A may have been a whole margin): drop those that clash."""
        if self._feasible():
            return
        keep_rows, keep_low, keep_high = [], [], []
        for i, row in enumerate(self._rows):
            if i < self._equalities or self._low[i] == self._high[i]:
                keep_rows.append(row)
                keep_low.append(self._low[i])
                keep_high.append(self._high[i])
        guesses = [
            (row, self._low[i], self._high[i])
            for i, row in enumerate(self._rows)
            if not (i < self._equalities or self._low[i] == self._high[i])
        ]
        self._rows, self._low, self._high = keep_rows, np.array(keep_low), np.array(keep_high)
        self._cached = None
        for row, lo, hi in guesses:
            self._rows.append(row)
            self._low = np.append(self._low, lo)
            self._high = np.append(self._high, hi)
            self._cached = None
            if not self._feasible():
                self._cached = None
                self._rows.pop()
                self._low = self._low[:-1]
                self._high = self._high[:-1]
                self.model.dropped.append(str(sorted(row)))

    def _solve(self, c: np.ndarray, integral: bool) -> float | None:
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.n, len(self._rows)
        lp.col_cost_ = np.asarray(c, dtype=np.float64)
        lp.col_lower_, lp.col_upper_ = np.zeros(self.n), np.full(self.n, np.inf)
        lp.row_lower_, lp.row_upper_ = np.asarray(self._low), np.asarray(self._high)
        lp.a_matrix_ = self._matrix()
        if integral:
            lp.integrality_ = [highspy.HighsVarType.kInteger] * self.n
        statuses = highspy.HighsModelStatus
        for presolve in ("on", "off"):  # without presolve HiGHS tells unbounded from infeasible
            h = _Highs()
            h.setOptionValue("output_flag", False)
            h.setOptionValue("presolve", presolve)
            h.passModel(lp)
            h.run()
            status = h.getModelStatus()
            if status != statuses.kUnboundedOrInfeasible:
                break
        if status == statuses.kOptimal:
            return float(h.getInfo().objective_function_value)
        return -math.inf if status == statuses.kUnbounded else None

    def range(self, combo: dict[int, float], integral: bool = False) -> tuple[float, float]:
        c = np.zeros(self.n)
        for j, v in combo.items():
            c[j] = v
        low = self._solve(c, integral)
        high = self._solve(-c, integral)
        assert low is not None and high is not None, "the published files contradict each other"
        return low, -high if not math.isinf(high) else math.inf


# ---- targets from the truth (the harness side) ----------------------------------------------

Getter = Callable[[Any], str]


def _single_or_multiple(values: Iterable[str], empty: str) -> str:
    chosen = sorted(values)
    if not chosen:
        return empty
    return chosen[0] if len(chosen) == 1 else "multiple"


MILESTONES = ("registered", "intake", "plan_agreed", "exited", "sustained_exit")

GETTERS: dict[str, Getter] = {
    "municipality": lambda r: r.municipality,
    "exploitation_form": lambda r: _single_or_multiple(r.exploitation_forms, "unknown"),
    "gender": lambda r: r.gender,
    "age_group": lambda r: r.age_group,
    "signaller": lambda r: r.signaller,
    "nationality_group": lambda r: r.nationality_group,
    "shelter_type": lambda r: _single_or_multiple(r.shelter_types, "none"),
    "milestone": lambda r: next((m for m in reversed(MILESTONES) if m in r.milestones), "none"),
    "location_type": lambda r: r.location_type,
    "sector": lambda r: r.sector,
    "reflection_outcome": lambda r: r.reflection_outcome,
    "permit_ground": lambda r: r.permit_ground,
    "permit_state": lambda r: r.permit_state,
    "closure_reason": lambda r: r.closure_reason,
    "residence_registration": lambda r: r.residence_registration,
}


def quarter_of(day: Any) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def true_counts(
    records: Sequence[Any],
    quarters: frozenset[str],
    municipalities: frozenset[str],
    table: PublishedTable,
    codes: Sequence[Sequence[str]],
) -> dict[tuple[str, ...], int] | None:
    """Persons per cell (None for tables this harness does not count, e.g. referrals)."""
    if table.unit != "persons" or not all(n in GETTERS for n in table.names):
        return None
    counts: dict[tuple[str, ...], int] = {
        c: 0 for c in itertools.product(*[(*cs, TOTAL) for cs in codes])
    }
    cohort, only = table.persons
    for rec in records:
        if rec.municipality not in municipalities or quarter_of(rec.case_start) not in quarters:
            continue
        if getattr(rec, "cohort", "started") != cohort or (only and not getattr(rec, only)):
            continue
        key = tuple(GETTERS[n](rec) for n in table.names)
        for cell in itertools.product(*[(c, TOTAL) for c in key]):
            counts[cell] += 1
    return counts


@dataclass(frozen=True)
class Finding:
    scope: str
    table_id: str
    coords: tuple[str, ...]
    truth: int
    kind: str  # "small": a count 1..k−1; "shared": margin − cell of a cell holding its margin
    width: float


def attack_small_and_shared(
    attack: Attack, records: Sequence[Any], k: int, integral: bool = False
) -> list[Finding]:
    """Every small cell and every shared attribute of every atom and every published scope."""
    model = attack.model
    scopes: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for atom in model.atoms:
        scopes[atom.name] = (atom.quarters, atom.municipalities)
    for pub in model.publications:
        scopes.setdefault(
            f"{'+'.join(sorted(quarters_of(pub.period)))}@{'+'.join(sorted(pub.municipalities))}",
            (quarters_of(pub.period), pub.municipalities),
        )
    findings = []
    for name, (quarters, municipalities) in scopes.items():
        for table_id, table in sorted(model.shapes.items()):
            codes = [
                tuple(c for c in cs if c in municipalities) if n == MUNICIPALITY else cs
                for n, cs in zip(table.names, table.codes, strict=True)
            ]
            truth = true_counts(records, quarters, municipalities, table, codes)
            if truth is None:
                continue
            for coords, value in truth.items():
                combo = model.combination(quarters, municipalities, table_id, coords)
                if 1 <= value < k:
                    low, high = attack.range(combo, integral)
                    findings.append(Finding(name, table_id, coords, value, "small", high - low))
                for dim, code in enumerate(coords):
                    if code == TOTAL or len(codes[dim]) < 2:
                        continue
                    parent = (*coords[:dim], TOTAL, *coords[dim + 1 :])
                    if truth[parent] == value and value >= 1:
                        gap = dict(model.combination(quarters, municipalities, table_id, parent))
                        for j, v in combo.items():
                            gap[j] = gap.get(j, 0.0) - v
                        low, high = attack.range(gap, integral)
                        findings.append(
                            Finding(name, table_id, coords, value, "shared", high - low)
                        )
    return findings
