"""Writing many complete cases at once (import, demo data): batched ``executemany``, one transaction.

The per-case API of :class:`~carecoord.store.case_store.CaseStore` checks every step as a user
takes it; here whole histories arrive at once, so the same rules are checked on the history
(allowed phase steps in date order, signal not before birth) and rows are written in batches.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from carecoord.domain.case import CaseFacts, PhaseChange, Signal
from carecoord.domain.casefile import Note
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.domain.consent import Consent
from carecoord.domain.dates import age_on
from carecoord.domain.deadlines import Task, derive_deadlines
from carecoord.domain.pathway import can_move
from carecoord.domain.referral import Referral
from carecoord.domain.support import ExitProgramme, ReflectionPeriod, ResidencePermit, ShelterStay
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.audit import AuditEvent, AuditSink, no_audit
from carecoord.store.case_store import PHASE_RANK, identity_row, signal_row
from carecoord.store.sqlvalues import codes_json, d2s, dt2s, form_mask, forms_text
from carecoord.vault.database import Database

Progress = Callable[[int], None]

BULK_CACHE_KIB = -131072  # negative: KiB, so 128 MiB of page cache during bulk writes


@dataclass
class NewReferral:
    referral: Referral  # case_id is ignored; the writer links it
    consent_index: int | None = None  # which of the case's consents covers it
    events: list[tuple[str, date]] = field(default_factory=list)  # (status, date) after 'draft'


@dataclass
class NewCase:
    """One complete case. ``client`` is created unless ``reuse_client`` (same reference seen
    earlier in this write): a client may have several cases over time."""

    client: ClientFacts
    identity: ClientIdentity | None
    facts: CaseFacts
    signals: list[Signal]
    phase_history: list[PhaseChange]
    reflection: ReflectionPeriod | None = None
    permits: list[ResidencePermit] = field(default_factory=list)
    shelter_stays: list[ShelterStay] = field(default_factory=list)
    exit_programme: ExitProgramme | None = None
    consents: list[Consent] = field(default_factory=list)  # client_id is ignored
    referrals: list[NewReferral] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # case_id is ignored
    tasks: list[Task] = field(default_factory=list)  # manual tasks; case_id is ignored
    reuse_client: bool = False

    @property
    def opened_on(self) -> date:
        return min(s.signal_date for s in self.signals)


def check_history(history: list[PhaseChange]) -> None:
    """The first entry starts the case; each later one is an allowed step, in date order."""
    if not history or history[0].from_phase is not None:
        raise InputRejected(_("A phase history starts with the case's first phase."))
    for before, after in itertools.pairwise(history):
        if after.from_phase != before.to_phase or not can_move(before.to_phase, after.to_phase):
            raise InputRejected(
                _("A case cannot move from phase '%(from_phase)s' to '%(to_phase)s'.")
                % {"from_phase": after.from_phase, "to_phase": after.to_phase}
            )
        if after.changed_on < before.changed_on:
            raise InputRejected(_("Phase changes are not in date order."))


class _Ids:
    def __init__(self, db: Database, table: str) -> None:
        self.next = int(db.scalar(f"SELECT coalesce(max(id), 0) FROM {table}")) + 1

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value


_TABLES = (
    "clients",
    "cases",
    "signals",
    "phase_changes",
    "reflection_periods",
    "residence_permits",
    "permit_renewals",
    "shelter_stays",
    "exit_programmes",
    "exit_milestones",
    "consents",
    "referrals",
    "referral_events",
    "tasks",
    "notes",
)

_INSERTS = {
    "clients": "INSERT INTO clients(id, reference, gender, nationality, nationality_group,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?)",
    "client_identity": "INSERT INTO client_identity(client_id, given_name, family_name, aliases,"
    " birth_date, phone, email, address, address_is_secret, language, interpreter_needed)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "cases": "INSERT INTO cases(id, reference, client_id, opened_on, phase, phase_rank,"
    " phase_since, closed_on, signaller, sector, location_type, municipality, age_at_signal,"
    " forms, form_mask, next_deadline, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "case_forms": "INSERT INTO case_forms(case_id, form) VALUES (?, ?)",
    "signals": "INSERT INTO signals(id, case_id, signal_date, signaller, location_type, sector,"
    " municipality, forms, description, recorded_by, recorded_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "phase_changes": "INSERT INTO phase_changes(id, case_id, from_phase, to_phase, changed_on,"
    " changed_by, reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "reflection_periods": "INSERT INTO reflection_periods(id, case_id, started_on, ends_on,"
    " decision, decided_on) VALUES (?, ?, ?, ?, ?, ?)",
    "residence_permits": "INSERT INTO residence_permits(id, case_id, granted_on, valid_until,"
    " ended_on) VALUES (?, ?, ?, ?, ?)",
    "permit_renewals": "INSERT INTO permit_renewals(id, permit_id, renewed_on, valid_until)"
    " VALUES (?, ?, ?, ?)",
    "shelter_stays": "INSERT INTO shelter_stays(id, case_id, shelter_type, provider_id,"
    " started_on, ended_on, end_reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "exit_programmes": "INSERT INTO exit_programmes(id, case_id, scheme_name, enrolled_on,"
    " outcome, outcome_on) VALUES (?, ?, ?, ?, ?, ?)",
    "exit_plan_items": "INSERT INTO exit_plan_items(programme_id, life_domain, goal, achieved_on)"
    " VALUES (?, ?, ?, ?)",
    "exit_milestones": "INSERT INTO exit_milestones(id, programme_id, milestone, reached_on)"
    " VALUES (?, ?, ?, ?)",
    "consents": "INSERT INTO consents(id, client_id, recipient_id, purposes, data_categories,"
    " given_on, given_by, valid_until, withdrawn_on, note, recorded_by, recorded_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "referrals": "INSERT INTO referrals(id, case_id, organisation_id, referral_type, urgency,"
    " status, reason, created_on, sent_on, consent_id, override_reason, override_by, override_at,"
    " feedback, feedback_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "referral_events": "INSERT INTO referral_events(id, referral_id, status, changed_on,"
    " changed_by, note) VALUES (?, ?, ?, ?, ?, ?)",
    "tasks": "INSERT INTO tasks(id, case_id, kind, due_on, source_id, title, done_on, created_by,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "notes": "INSERT INTO notes(id, case_id, written_at, author, body) VALUES (?, ?, ?, ?, ?)",
}

# Parents before children, so foreign keys hold at every statement.
_ORDER = (
    "clients",
    "client_identity",
    "cases",
    "case_forms",
    "signals",
    "phase_changes",
    "reflection_periods",
    "residence_permits",
    "permit_renewals",
    "shelter_stays",
    "exit_programmes",
    "exit_plan_items",
    "exit_milestones",
    "consents",
    "referrals",
    "referral_events",
    "tasks",
    "notes",
)


class BulkWriter:
    def __init__(
        self,
        db: Database,
        *,
        user: str,
        now: datetime,
        audit: AuditSink = no_audit,
        batch_size: int = 2000,
    ) -> None:
        self.db = db
        self.user = user
        self.now = dt2s(now)
        self.audit = audit
        self.batch_size = batch_size

    def write(
        self, cases: Iterable[NewCase], *, progress: Progress | None = None, action: str = "import"
    ) -> list[int]:
        """Write every case or none; returns the new case ids."""
        written: list[int] = []
        with self._large_cache(), self.db.transaction():
            ids = {t: _Ids(self.db, t) for t in _TABLES}
            clients: dict[str, int] = {}
            year_counters: dict[int, int] = {}
            rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in _ORDER}
            pending = 0
            for case in cases:
                written.append(self._rows(case, ids, clients, year_counters, rows))
                pending += 1
                if pending >= self.batch_size:
                    self._flush(rows)
                    pending = 0
                    if progress is not None:
                        progress(len(written))
            self._flush(rows)
            if progress is not None:
                progress(len(written))
            self.audit(
                AuditEvent(
                    "import" if action == "import" else "create",
                    f"{action} of {len(written)} cases",
                    case_ids=tuple(written),
                )
            )
        return written

    @contextlib.contextmanager
    def _large_cache(self) -> Iterator[None]:
        """A large page cache while one big transaction is written: with the default cache the
        transaction spills pages to the WAL again and again, and in the vault every spill
        encrypts and authenticates them anew (demo at 20 000 cases: 16 s → 10 s)."""
        previous = int(self.db.scalar("PRAGMA cache_size"))
        self.db.execute(f"PRAGMA cache_size = {BULK_CACHE_KIB:d}")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA cache_size = {previous:d}")

    def write_signals(self, signals: list[Signal]) -> int:
        """Signals without an identified person (``case_id`` must be None)."""
        if any(s.case_id is not None for s in signals):
            raise ValueError("write_signals is for signals without a case")
        with self.db.transaction():
            self.db.executemany(
                "INSERT INTO signals(case_id, signal_date, signaller, location_type, sector,"
                " municipality, forms, description, recorded_by, recorded_at)"
                " VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(*signal_row(s, self.user), self.now) for s in signals],
            )
            self.audit(AuditEvent("create", f"{len(signals)} signals without a person"))
        return len(signals)

    def _flush(self, rows: dict[str, list[tuple[Any, ...]]]) -> None:
        for table in _ORDER:
            if rows[table]:
                self.db.executemany(_INSERTS[table], rows[table])
                rows[table].clear()

    def _case_reference(self, opened: date, counters: dict[int, int]) -> str:
        year = opened.year
        if year not in counters:
            last = self.db.scalar(
                "SELECT max(reference) FROM cases WHERE reference >= ? AND reference < ?",
                (f"{year:04d}-", f"{year:04d}."),
            )
            counters[year] = int(str(last).rsplit("-", 1)[1]) if last else 0
        counters[year] += 1
        return f"{year:04d}-{counters[year]:06d}"

    def _client(
        self,
        case: NewCase,
        ids: dict[str, _Ids],
        clients: dict[str, int],
        rows: dict[str, list[tuple[Any, ...]]],
    ) -> int:
        reference = case.client.reference
        if case.reuse_client:
            if reference in clients:
                return clients[reference]
            existing = self.db.scalar("SELECT id FROM clients WHERE reference = ?", (reference,))
            if existing is None:
                raise InputRejected(
                    _("No client with reference '%(reference)s' to add a case to.")
                    % {"reference": reference}
                )
            return int(existing)
        if reference in clients:
            raise InputRejected(
                _("The client reference '%(reference)s' occurs twice.") % {"reference": reference}
            )
        client_id = ids["clients"].take()
        clients[reference] = client_id
        rows["clients"].append(
            (
                client_id,
                reference,
                case.client.gender,
                case.client.nationality,
                case.client.nationality_group,
                self.now,
            )
        )
        if case.identity is not None:
            rows["client_identity"].append(identity_row(client_id, case.identity))
        return client_id

    def _rows(
        self,
        case: NewCase,
        ids: dict[str, _Ids],
        clients: dict[str, int],
        counters: dict[int, int],
        rows: dict[str, list[tuple[Any, ...]]],
    ) -> int:
        check_history(case.phase_history)
        client_id = self._client(case, ids, clients, rows)
        case_id = ids["cases"].take()
        opened = case.opened_on
        birth = case.identity.birth_date if case.identity is not None else None
        if birth is not None and opened < birth:
            raise InputRejected(_("A signal date lies before the client's birth date."))
        last = case.phase_history[-1]
        phase = last.to_phase
        self._signals_and_history(case, case_id, ids, rows)
        reflection, permits, stays = self._support(case, case_id, ids, rows)
        programme = self._programme(case, case_id, ids, rows)
        consents = [
            c.model_copy(update={"id": ids["consents"].take(), "client_id": client_id})
            for c in case.consents
        ]
        rows["consents"] += [self._consent_row(c) for c in consents]
        referrals = self._referrals(case, case_id, consents, ids, rows)
        deadlines = derive_deadlines(
            closed=phase == "closed",
            reflection=reflection,
            permits=permits,
            shelter_stays=stays,
            exit_programme=programme,
            referrals=referrals,
            # A new client's consents show on this case while it is open.
            consents=consents,
        )
        rows["tasks"] += [
            (
                ids["tasks"].take(),
                case_id,
                d.kind,
                d2s(d.due_on),
                d.source_id,
                None,
                None,
                None,
                None,
            )
            for d in deadlines
        ]
        rows["tasks"] += [
            (
                ids["tasks"].take(),
                case_id,
                "manual",
                d2s(t.due_on),
                None,
                t.title,
                d2s(t.done_on),
                t.created_by or self.user,
                dt2s(t.created_at) or self.now,
            )
            for t in case.tasks
        ]
        rows["notes"] += [
            (ids["notes"].take(), case_id, dt2s(n.written_at), n.author, n.body) for n in case.notes
        ]
        due_dates = [d.due_on for d in deadlines] + [
            t.due_on for t in case.tasks if t.done_on is None
        ]
        rows["cases"].append(
            (
                case_id,
                self._case_reference(opened, counters),
                client_id,
                d2s(opened),
                phase,
                PHASE_RANK[phase],
                d2s(last.changed_on),
                d2s(last.changed_on) if phase == "closed" else None,
                case.facts.signaller,
                case.facts.sector,
                case.facts.location_type,
                case.facts.municipality,
                None if birth is None else age_on(birth, opened),
                forms_text(case.facts.exploitation_forms),
                form_mask(case.facts.exploitation_forms),
                d2s(min(due_dates)) if due_dates else None,
                self.now,
            )
        )
        rows["case_forms"].extend((case_id, f) for f in case.facts.exploitation_forms)
        return case_id

    def _signals_and_history(
        self, case: NewCase, case_id: int, ids: dict[str, _Ids], rows: dict[str, list[Any]]
    ) -> None:
        rows["signals"] += [
            (ids["signals"].take(), case_id, *signal_row(s, self.user), self.now)
            for s in case.signals
        ]
        rows["phase_changes"] += [
            (
                ids["phase_changes"].take(),
                case_id,
                c.from_phase,
                c.to_phase,
                d2s(c.changed_on),
                c.changed_by,
                c.reason,
                dt2s(c.recorded_at) or self.now,
            )
            for c in case.phase_history
        ]

    def _support(
        self, case: NewCase, case_id: int, ids: dict[str, _Ids], rows: dict[str, list[Any]]
    ) -> tuple[ReflectionPeriod | None, list[ResidencePermit], list[ShelterStay]]:
        reflection = case.reflection
        if reflection is not None:
            reflection = reflection.model_copy(update={"id": ids["reflection_periods"].take()})
            rows["reflection_periods"].append(
                (
                    reflection.id,
                    case_id,
                    d2s(reflection.started_on),
                    d2s(reflection.ends_on),
                    reflection.decision,
                    d2s(reflection.decided_on),
                )
            )
        permits = [
            p.model_copy(update={"id": ids["residence_permits"].take()}) for p in case.permits
        ]
        for p in permits:
            rows["residence_permits"].append(
                (p.id, case_id, d2s(p.granted_on), d2s(p.valid_until), d2s(p.ended_on))
            )
            rows["permit_renewals"] += [
                (ids["permit_renewals"].take(), p.id, d2s(r.renewed_on), d2s(r.valid_until))
                for r in p.renewals
            ]
        stays = [
            s.model_copy(update={"id": ids["shelter_stays"].take()}) for s in case.shelter_stays
        ]
        rows["shelter_stays"] += [
            (
                s.id,
                case_id,
                s.shelter_type,
                s.provider_id,
                d2s(s.started_on),
                d2s(s.ended_on),
                s.end_reason,
            )
            for s in stays
        ]
        return reflection, permits, stays

    def _programme(
        self, case: NewCase, case_id: int, ids: dict[str, _Ids], rows: dict[str, list[Any]]
    ) -> ExitProgramme | None:
        if case.exit_programme is None:
            return None
        programme = case.exit_programme.model_copy(update={"id": ids["exit_programmes"].take()})
        rows["exit_programmes"].append(
            (
                programme.id,
                case_id,
                programme.scheme_name,
                d2s(programme.enrolled_on),
                programme.outcome,
                d2s(programme.outcome_on),
            )
        )
        rows["exit_plan_items"] += [
            (programme.id, i.life_domain, i.goal, d2s(i.achieved_on)) for i in programme.plan
        ]
        rows["exit_milestones"] += [
            (ids["exit_milestones"].take(), programme.id, m.milestone, d2s(m.reached_on))
            for m in programme.milestones
        ]
        return programme

    def _consent_row(self, c: Consent) -> tuple[Any, ...]:
        return (
            c.id,
            c.client_id,
            c.recipient_id,
            codes_json(c.purposes),
            codes_json(c.data_categories),
            d2s(c.given_on),
            c.given_by,
            d2s(c.valid_until),
            d2s(c.withdrawn_on),
            c.note,
            self.user,
            self.now,
        )

    def _referrals(
        self,
        case: NewCase,
        case_id: int,
        consents: list[Consent],
        ids: dict[str, _Ids],
        rows: dict[str, list[Any]],
    ) -> list[Referral]:
        referrals = []
        for new in case.referrals:
            r = new.referral.model_copy(update={"id": ids["referrals"].take(), "case_id": case_id})
            referrals.append(r)
            consent_id = consents[new.consent_index].id if new.consent_index is not None else None
            rows["referrals"].append(
                (
                    r.id,
                    case_id,
                    r.organisation_id,
                    r.referral_type,
                    r.urgency,
                    r.status,
                    r.reason,
                    d2s(r.created_on),
                    d2s(r.sent_on),
                    consent_id,
                    r.override_reason,
                    r.override_by,
                    dt2s(r.override_at),
                    r.feedback,
                    d2s(r.feedback_on),
                )
            )
            rows["referral_events"] += [
                (ids["referral_events"].take(), r.id, status, d2s(on), self.user, None)
                for status, on in [("draft", r.created_on), *new.events]
            ]
        return referrals
