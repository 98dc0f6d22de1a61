"""Data step of schema 0050 (issue 15): the old phases become the care track alone.

Runs after 0050_pathway_tracks.sql, in its transaction (carecoord/vault/migrations.py); the SQL
has already rebuilt reflection_periods (decision → outcome) and residence_permits (ground
``unknown``), so the legal track keeps its dates. Here, per case and in date order of its history:

- ``reported`` → ``signalled``, plus a CoMensha registration on that date: on ``consent`` when a
  consent of the client for purpose ``comensha_registration`` was valid that day, else
  ``anonymous``; marked ``migrated``;
- ``reflection_period`` and ``residence_permit`` → ``shelter`` when a shelter stay was open on
  the date of that history row, else ``support`` (DESIGN.md §4);
- repeated phases collapse: of consecutive equal phases the first row is kept, ``from_phase``
  is recomputed, and the case's phase, rank and since-date follow from what is left;
- a closing row, and a closed case, get the closure reason ``other``, the case marked
  ``closure_migrated`` so that nobody reads the reason as a choice.

The statements here name their columns as schema 0050 has them and do not use the store's row
builders: those follow the newest schema, and this step runs against version 50 forever, also
once a later migration has added columns. Only the phase ranks come from the phase code list
(as store/rows.py's PHASE_RANK does), because ``phase_rank`` must match the order the running app
sorts by; taken from the domain, not the store, so the vault layer that runs this step does not
reach up into the store.

Derived deadlines (``tasks`` rows of kind <> 'manual') are left as they are, not refreshed:
refreshing means the store's deadline code (store/deadline_sync.py), which reads the newest
schema, not version 50. Nor is it needed: the rules of domain/deadlines.py give the same
deadlines for migrated facts as the old ones did (an outcome is ``pending`` exactly where no
decision was recorded; every migrated permit was granted and has no continued-residence
application; open and closed cases stay open and closed), and every later write to a case
refreshes its deadlines anyway.

The access log is not touched: its chain covers only its own rows (carecoord/audit/chain.py).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import itemgetter

from carecoord.domain.codelists import codelist
from carecoord.vault.database import Database

PHASE_RANK = {code: rank for rank, code in enumerate(codelist("phase").values)}

MIGRATED_CLOSURE = "other"
RECORDED_BY = "migration"
COMENSHA_PURPOSE = "comensha_registration"
# The legal phases of old vaults; the care phase they become depends on a stay being open.
_LEGAL_PHASES = frozenset({"reflection_period", "residence_permit"})


@dataclass(frozen=True, slots=True)
class _Step:
    id: int
    from_phase: str | None
    to_phase: str
    changed_on: str
    recorded_at: str


@dataclass(frozen=True)
class _Consent:
    id: int
    given_on: date
    valid_until: date | None
    withdrawn_on: date | None

    def valid_on(self, day: date) -> bool:
        # The rule of domain/consent.py Consent.is_valid_on, on the stored dates: not built as a
        # domain Consent, whose validation follows today's code lists, not this vault's data.
        if day < self.given_on:
            return False
        if self.valid_until is not None and day > self.valid_until:
            return False
        return not (self.withdrawn_on is not None and day >= self.withdrawn_on)


class _Stays:
    """Shelter stays per case, to tell whether one was open on a given day."""

    def __init__(self, db: Database) -> None:
        self._by_case: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
        for case_id, started_on, ended_on in db.all(
            "SELECT case_id, started_on, ended_on FROM shelter_stays ORDER BY case_id, started_on"
        ):
            self._by_case[case_id].append((started_on, ended_on))

    def open_on(self, case_id: int, day: str) -> bool:
        # Started that day or before, not ended before or on it (a stay that ends on the day of
        # the history row no longer holds the client). ISO dates compare as text.
        stays = self._by_case.get(case_id, [])
        started = stays[: bisect_right([s for s, _ in stays], day)]
        return any(ended is None or ended > day for _, ended in started)


def _consents(db: Database) -> dict[int, list[_Consent]]:
    found: dict[int, list[_Consent]] = defaultdict(list)
    rows = db.all(
        "SELECT id, client_id, given_on, valid_until, withdrawn_on FROM consents c"
        " WHERE EXISTS (SELECT 1 FROM json_each(c.purposes) WHERE value = ?)"
        " ORDER BY client_id, given_on DESC, id DESC",
        (COMENSHA_PURPOSE,),
    )
    for consent_id, client_id, given_on, valid_until, withdrawn_on in rows:
        found[client_id].append(
            _Consent(
                consent_id,
                date.fromisoformat(given_on),
                date.fromisoformat(valid_until) if valid_until else None,
                date.fromisoformat(withdrawn_on) if withdrawn_on else None,
            )
        )
    return found


def _care_phase(phase: str, case_id: int, day: str, stays: _Stays) -> str:
    if phase == "reported":
        return "signalled"
    if phase in _LEGAL_PHASES:
        return "shelter" if stays.open_on(case_id, day) else "support"
    if phase not in PHASE_RANK:
        # The old release wrote only its own codes; anything else is not guessed at. The
        # transaction rolls back and the vault stays as it was (its backup beside it).
        raise RuntimeError(f"schema 0050: case id {case_id} has an unknown phase code {phase!r}")
    return phase


@dataclass
class _Changes:
    """Everything the step writes, collected first and written in a few statements."""

    steps: list[tuple[str | None, str, str | None, int]]
    removed: list[tuple[int]]
    cases: list[tuple[str, int, str, str | None, int, int]]
    registrations: list[tuple[int, str, str, int | None, str]]


def _histories(db: Database) -> Iterator[tuple[int, list[_Step]]]:
    """Each case's history in date order, one case at a time (a vault may hold a million rows)."""
    cursor = db.execute(
        "SELECT case_id, id, from_phase, to_phase, changed_on, recorded_at FROM phase_changes"
        " ORDER BY case_id, changed_on, id"
    )
    for case_id, rows in groupby(cursor, key=itemgetter(0)):
        yield case_id, [_Step(*row[1:]) for row in rows]


def _registration(
    case_id: int, step: _Step, consents: list[_Consent]
) -> tuple[int, str, str, int | None, str]:
    """``case_id, registered_on, basis, consent_id, recorded_at`` of the registration that a
    ``reported`` row stood for."""
    day = date.fromisoformat(step.changed_on)
    # The most recently given of the covering consents (sorted so by _consents).
    consent = next((c for c in consents if c.valid_on(day)), None)
    if consent is None:
        return (case_id, step.changed_on, "anonymous", None, step.recorded_at)
    return (case_id, step.changed_on, "consent", consent.id, step.recorded_at)


def migrate(db: Database) -> None:
    stays = _Stays(db)
    consents = _consents(db)
    changes = _Changes([], [], [], [])
    cases = {
        case_id: rest
        for case_id, *rest in db.all(
            "SELECT id, client_id, phase, phase_since, created_at FROM cases"
        )
    }
    # The whole history is read before anything is written (the writes would disturb the read).
    for case_id, steps in _histories(db):
        client_id = cases.pop(case_id)[0]
        _migrate_case(case_id, steps, stays, consents.get(client_id, []), changes)
    for case_id, (client_id, phase, phase_since, created_at) in cases.items():
        # Every case has its opening row; should one not, its phase alone is mapped.
        steps = [_Step(0, None, phase, phase_since, created_at)]
        _migrate_case(case_id, steps, stays, consents.get(client_id, []), changes)
    _write(db, changes)


def _migrate_case(
    case_id: int,
    steps: list[_Step],
    stays: _Stays,
    consents: list[_Consent],
    changes: _Changes,
) -> None:
    kept: list[tuple[_Step, str]] = []
    previous_old: str | None = None
    for step in steps:
        # A `reported` row that repeats the one before it is the same step entered twice: it
        # collapses, and so does its registration.
        if step.to_phase == "reported" and previous_old != "reported":
            changes.registrations.append(_registration(case_id, step, consents))
        previous_old = step.to_phase
        phase = _care_phase(step.to_phase, case_id, step.changed_on, stays)
        if kept and kept[-1][1] == phase:
            if step.id:
                changes.removed.append((step.id,))
            continue
        if kept:
            from_phase: str | None = kept[-1][1]
        elif step.from_phase is not None:
            from_phase = _care_phase(step.from_phase, case_id, step.changed_on, stays)
        else:
            from_phase = None
        closure = MIGRATED_CLOSURE if phase == "closed" else None
        if step.id and (from_phase, phase, closure) != (step.from_phase, step.to_phase, None):
            changes.steps.append((from_phase, phase, closure, step.id))
        kept.append((step, phase))
    first_of_last_run, phase = kept[-1]
    closed = phase == "closed"
    changes.cases.append(
        (
            phase,
            PHASE_RANK[phase],
            first_of_last_run.changed_on,
            MIGRATED_CLOSURE if closed else None,
            int(closed),
            case_id,
        )
    )


def _write(db: Database, changes: _Changes) -> None:
    db.executemany("DELETE FROM phase_changes WHERE id = ?", changes.removed)
    db.executemany(
        "UPDATE phase_changes SET from_phase = ?, to_phase = ?, closure_reason = ? WHERE id = ?",
        changes.steps,
    )
    # closed_on is kept: the old release set it when the case closed, and a collapsed history
    # keeps that closing row (only rows after it that repeat it go).
    db.executemany(
        "UPDATE cases SET phase = ?, phase_rank = ?, phase_since = ?, closure_reason = ?,"
        " closure_migrated = ? WHERE id = ?",
        changes.cases,
    )
    db.executemany(
        "INSERT INTO comensha_registrations (case_id, registered_on, basis, consent_id,"
        " already_registered_by, migrated, recorded_by, recorded_at)"
        f" VALUES (?, ?, ?, ?, 'unknown', 1, '{RECORDED_BY}', ?)",
        changes.registrations,
    )
