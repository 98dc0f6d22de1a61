"""Protection of one export: count, find unsafe cells, suppress optimally, audit, decide.

Earlier exports of the same year whose municipalities overlap (the register) are part of the
problem: what they published is known to the attacker, what they suppressed stays suppressed (in
the same region and period), the year is the sum of its quarters and a region the sum of its
groups of municipalities (:mod:`carecoord.stats.scopes`). Periods and municipality groups nobody
exported are unknowns that still need protecting, because later exports combined with earlier
ones could reveal them by subtraction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from carecoord.errors import UsageError
from carecoord.i18n import _, ngettext
from carecoord.stats.attack import TOLERANCE, Attacker
from carecoord.stats.disclosure_settings import MOSTLY_HIDDEN, DisclosureSettings
from carecoord.stats.history import (
    History,
    Knowledge,
    apply_history,
    round_to_base,
    rounding_interval,
    withheld_class,
)
from carecoord.stats.period import Period
from carecoord.stats.primary import WHOLE, primary_reasons
from carecoord.stats.records import StatsRecord
from carecoord.stats.release import (
    AuditEntry,
    PriorRelease,
    PublishedCell,
    Release,
    Status,
    TableRelease,
)
from carecoord.stats.scopes import build, linked_releases, scope_label
from carecoord.stats.secondary import Unprotectable, solve_pattern
from carecoord.stats.system import CellRef, LinearSystem
from carecoord.stats.tables import (
    ALL_TABLES,
    ONE_CONTRIBUTOR_EACH,
    STANDARD_IDS,
    TOTAL,
    TableDefinition,
)


def _definitions(table_ids: Sequence[str]) -> list[TableDefinition]:
    unknown = [t for t in table_ids if t not in ALL_TABLES]
    if unknown:
        raise UsageError(_("Unknown table: %(tables)s.") % {"tables": ", ".join(sorted(unknown))})
    return [ALL_TABLES[t] for t in table_ids]


def region_refusal() -> str:
    return _(
        "This release and earlier releases of the same year for other sets of municipalities "
        "would together reveal the numbers of the municipalities in which they differ; nothing "
        "was exported. Export for the same municipalities as before, or choose coarser tables."
    )


@dataclass(frozen=True)
class _Whole:
    """Tables withheld as a whole: their cells, and those of fewer than k persons."""

    cells: set[int]
    tiny: dict[int, int]  # cells (and gaps) of tables with 1..k−1 persons -> their grand total
    tiny_totals: set[int]  # those grand totals


def _whole_tables(
    system: LinearSystem,
    period: Period,
    defs: Sequence[TableDefinition],
    settings: DisclosureSettings,
) -> _Whole:
    """Cells of tables protected as a whole (issue 13; cannot be switched off).

    A table of fewer than k persons says what its few persons share even when every small cell
    is hidden (the published zeros do), so all of it is withheld. In round5 mode there is no
    secondary suppression that could hide a shared attribute, so such a table is withheld too.
    """
    found = _Whole(set(), {}, set())
    for d in defs:
        table = system.table(period.id, d.table_id)
        indices = {system.index(period.id, d.table_id, c) for c in table.cells()}
        grand = system.index(period.id, d.table_id, (TOTAL,) * len(table.codes))
        small = 1 <= system.contributors[grand] < settings.k
        shared = settings.mode == "round5" and any(
            child in indices and system.gap_parents[gap] in indices
            for gap, child in system.gaps.items()
        )
        if small or shared:
            found.cells.update(indices)
        if small:
            found.tiny.update(dict.fromkeys(indices, grand))
            found.tiny_totals.add(grand)
    for gap, parent in system.gap_parents.items():
        if parent in found.tiny:
            found.tiny[gap] = found.tiny[parent]
    return found


def protect(
    records: Sequence[StatsRecord],
    period: Period,
    population: frozenset[str],
    settings: DisclosureSettings | None = None,
    *,
    table_ids: Sequence[str] = STANDARD_IDS,
    definitions: Sequence[TableDefinition] | None = None,
    history: Sequence[PriorRelease] = (),
) -> Release:
    """Protect the tables of ``period`` for the region ``population`` (municipality codes).

    ``records`` are the year's person records (see :class:`StatsRecord`); a quarter export uses
    the persons whose first case of the year started in that quarter. ``history`` is the
    register: every release of the year that overlaps this one (in time and municipalities) is
    audited together with it.
    """
    settings = settings or DisclosureSettings()
    if not population:
        raise UsageError(_("The region has no municipalities; configure the region first."))
    defs = list(definitions) if definitions is not None else _definitions(table_ids)
    linked = linked_releases(history, period, population)
    other_regions = any(frozenset(p.population) != population for p in linked)
    labelled = [(p, scope_label(p.period_id, frozenset(p.population), population)) for p in linked]
    system = build(records, period, population, defs, linked)
    n = system.size
    values = system.value_array()
    reasons = primary_reasons(system, settings)
    current = np.zeros(n, dtype=bool)
    shown: dict[int, list[CellRef]] = {}  # the cells of this export behind each number
    for d in defs:
        for coords in system.table(period.id, d.table_id).cells():
            index = system.index(period.id, d.table_id, coords)
            current[index] = True
            shown.setdefault(index, []).append(CellRef(period.id, d.table_id, coords))

    past = apply_history(system, labelled, period.id, current, reasons, settings.k)
    wholes = _whole_tables(system, period, defs, settings)
    whole = wholes.cells
    warnings = sorted(past.warnings)
    already_out = sorted(j for j in reasons if j in past.forced_off)
    if already_out:
        # Shown on the Statistics page and by the command line: in the app's language.
        warnings.append(
            ngettext(
                "%(n)d unsafe number was already published by an earlier export under other"
                " rules; it cannot be withdrawn.",
                "%(n)d unsafe numbers were already published by an earlier export under other"
                " rules; they cannot be withdrawn.",
                len(already_out),
            )
            % {"n": len(already_out)}
        )
    protect_set = sorted(j for j in reasons if j not in past.forced_off)
    knowledge = past.knowledge
    if settings.mode == "suppress":
        try:
            pattern, rounds = _suppress(system, settings, current, protect_set, past, whole)
        except Unprotectable as exc:
            raise Unprotectable(region_refusal() if other_regions else exc.message) from exc
        for j in np.flatnonzero(current & ~pattern):
            knowledge.learn(int(j), values[j], values[j])
    else:
        rounds = 0
        pattern = _round(
            system, current, set(reasons) | past.forced_on | whole, whole, settings, knowledge
        )

    # Everything withheld says "fewer than k persons" (the rules say so): no cell of such a table
    # can be narrower than that, and none may be narrower still.
    for grand in wholes.tiny_totals:
        if system.units[grand] in ONE_CONTRIBUTOR_EACH:
            knowledge.learn_if_true(grand, (1.0, settings.k - 1.0), float(values[grand]))
    audit, audit_ok = _audit(
        system, values, knowledge, current & pattern, protect_set, settings, shown, wholes
    )
    releases = _table_releases(
        system, period, defs, values, pattern, reasons, past.kept, settings, whole
    )
    return Release(
        period_id=period.id,
        population=tuple(sorted(population)),
        settings=settings,
        tables=tuple(releases),
        audit=tuple(audit),
        audit_ok=audit_ok,
        linked_exports=tuple(p.export_id for p in linked),
        other_regions=other_regions,
        warnings=tuple(warnings),
        milp_rounds=rounds,
    )


def _round(
    system: LinearSystem,
    current: NDArray[np.bool_],
    withheld: set[int],
    whole: set[int],
    settings: DisclosureSettings,
    knowledge: Knowledge,
) -> NDArray[np.bool_]:
    """Round5 mode: withhold the unsafe, round the rest; the attacker reads both by the rules."""
    values = system.value_array()
    pattern = np.zeros(system.size, dtype=bool)
    for j in np.flatnonzero(current):
        index = int(j)
        if index in withheld:
            pattern[index] = True
            bounds = withheld_class(
                system.contributors[index],
                system.units[index],
                settings.k,
                settings.zeros_unsafe,
                index in whole,
            )
            knowledge.learn_if_true(index, bounds, float(values[index]))
        else:
            published = round_to_base(int(values[index]))
            knowledge.learn(index, *rounding_interval(published, settings.k))
    return pattern


def _suppress(
    system: LinearSystem,
    settings: DisclosureSettings,
    current: NDArray[np.bool_],
    protect_set: list[int],
    past: History,
    whole: set[int],
) -> tuple[NDArray[np.bool_], int]:
    n = system.size
    values = system.value_array()
    on = set(past.forced_on) | set(protect_set) | whole
    # Numbers of periods nobody exported (and tables not in this export) are unknowns.
    on |= {j for j in range(n) if not current[j] and j not in past.forced_off}
    off = set(past.forced_off)
    if settings.cost == "persons":
        costs = values * (n + 1) + 1
    else:
        costs = np.full(n, float(values.sum() + 1)) + values
    return solve_pattern(
        system.matrix(),
        values,
        costs,
        sorted(on),
        sorted(off),
        protect_set,
        settings.required_width,
    )


def _audit(
    system: LinearSystem,
    values: NDArray[np.float64],
    knowledge: Knowledge,
    suppressed_now: NDArray[np.bool_],
    protect_set: list[int],
    settings: DisclosureSettings,
    shown: dict[int, list[CellRef]],
    wholes: _Whole,
) -> tuple[list[AuditEntry], bool]:
    """The real attacker: everything published (now and before), relations, non-negativity.

    Numbers of a table of fewer than k persons can be no wider than its total: for them the
    criterion is that they keep the whole range the rules leave open (0..k−1 for a cell, 1..k−1
    for the total and any number that holds all of it).
    """
    attacker = Attacker(system.matrix(), knowledge.lower, knowledge.upper)
    targets = sorted(set(np.flatnonzero(suppressed_now).tolist()) | set(protect_set))
    required = settings.required_width
    protected = set(protect_set)
    # Numbers this export does not show (other periods, the rest of the year) are not reported;
    # for them two feasible tables far enough apart prove safety without an exact LP each.
    hidden_elsewhere = [j for j in protect_set if not suppressed_now[j]]
    proved = attacker.certify(hidden_elsewhere, values, required)
    entries = []
    all_ok = True
    for j in targets:
        exact = j not in proved
        cell_range = attacker.range(j) if exact else proved[j]
        must = j in protected
        need = _tiny_need(system, wholes, j, settings.k, required)
        ok = (not must) or cell_range.width >= need - TOLERANCE
        # A range must contain the truth; if not, the model is wrong and nothing may leave.
        truth = values[j]
        if not (cell_range.lower - TOLERANCE <= truth <= cell_range.upper + TOLERANCE):
            ok = False
        all_ok = all_ok and ok
        status: Literal["A", "D", "unpublished"] = "unpublished"
        if suppressed_now[j]:
            status = "A" if j in protected else "D"
        # One entry per cell of this export (a shared margin appears in several tables).
        for ref in shown.get(j, [system.cells[j]]):
            entries.append(
                AuditEntry(
                    period_id=ref.period_id,
                    table_id=ref.table_id,
                    coords=ref.coords,
                    status=status,
                    lower=round(cell_range.lower, 6),
                    upper=None if math.isinf(cell_range.upper) else round(cell_range.upper, 6),
                    required_width=need if must else None,
                    ok=ok,
                    exact=exact,
                )
            )
    return entries, all_ok


def _tiny_need(system: LinearSystem, wholes: _Whole, j: int, k: int, required: float) -> float:
    """The width a number must keep. A number of a table of fewer than k persons keeps the
    whole range the rules leave open: 1..k−1 for one holding everyone (the total, or a margin
    that is all of it), else 0..k−1. The rest beside such a part (whole = part + rest, a
    restricted table) is known exactly as well as the part is, so it keeps the part's range."""
    if j in system.rest_parts and system.rest_parts[j] in wholes.tiny:
        j = system.rest_parts[j]
    if j not in wholes.tiny:
        return required
    everyone = system.contributors[j] == system.contributors[wholes.tiny[j]]
    return min(required, k - (2.0 if everyone and j not in system.gaps else 1.0))


def _table_releases(
    system: LinearSystem,
    period: Period,
    defs: Sequence[TableDefinition],
    values: NDArray[np.float64],
    pattern: NDArray[np.bool_],
    reasons: dict[int, str],
    kept: dict[int, str],
    settings: DisclosureSettings,
    whole: set[int],
) -> list[TableRelease]:
    out = []
    for d in defs:
        table = system.table(period.id, d.table_id)
        cells = []
        indices = []
        for coords in table.cells():
            j = system.index(period.id, d.table_id, coords)
            indices.append(j)
            value = int(values[j])
            status: Status = "F"
            reason = None
            published: int | None = value
            if pattern[j]:
                published = None
                if j in reasons:
                    status, reason = "A", reasons[j]
                elif j in whole:
                    status, reason = "D", WHOLE
                else:
                    status, reason = "D", "earlier" if j in kept else "secondary"
            elif settings.mode == "round5":
                published = round_to_base(value)
            cells.append(
                PublishedCell(
                    table_id=d.table_id,
                    coords=coords,
                    value=published,
                    status=status,
                    reason=reason,
                )
            )
        # Share of the non-empty numbers that are hidden: empty cells say little either way.
        filled = [c for c, j in zip(cells, indices, strict=True) if values[j] > 0]
        hidden = sum(1 for c in filled if c.status != "F")
        mostly = len(filled) > 1 and hidden / len(filled) > MOSTLY_HIDDEN
        advice = None
        if mostly:
            if d.coarser:
                coarse = ALL_TABLES[d.coarser]
                advice = (
                    # No counts here: how many hidden cells are non-empty is itself information.
                    f"Suppression hides most non-empty numbers of "
                    f"{d.table_id}; publish the coarser table {coarse.table_id} (whole region) instead."
                )
            else:
                instead = (
                    "consider a year instead of a quarter"
                    if period.quarter is not None
                    else "it is too detailed for the region's numbers; consider leaving it out"
                )
                advice = f"Suppression hides most non-empty numbers of {d.table_id}; {instead}."
        out.append(
            TableRelease(
                definition=d,
                codes=table.codes,
                cells=tuple(cells),
                mostly_hidden=mostly,
                advice=advice,
            )
        )
    return out


__all__ = ["TOTAL", "protect", "round_to_base", "rounding_interval"]
