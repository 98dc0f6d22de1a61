"""Writing many complete cases at once (import, demo data): batched ``executemany``, one transaction.

The per-case API of :class:`~carecoord.store.case_store.CaseStore` checks every step as a user
takes it; here whole histories arrive at once, so the store's rules are checked on the whole case
(:mod:`carecoord.store.bulk_rules`), the store's rows are built (:mod:`carecoord.store.rows`, one
builder per table) and written in batches, with ids the writer hands out itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from carecoord.domain.case import Signal
from carecoord.domain.consent import Consent
from carecoord.domain.deadlines import derive_deadlines
from carecoord.domain.legal import ReflectionPeriod, ResidencePermit
from carecoord.domain.referral import Referral
from carecoord.domain.support import ExitProgramme, ShelterStay
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store import rows
from carecoord.store.audit import AuditEvent, AuditSink, no_audit
from carecoord.store.bulk_case_work import (
    CASE_WORK_ID_TABLES,
    CASE_WORK_ORDER,
    CaseWorkRows,
    route_after_meetings,
)
from carecoord.store.bulk_cases import NewCase, NewReferral, NewRegistration
from carecoord.store.bulk_rules import (
    check_comensha,
    check_consents,
    check_history,
    check_legal,
    check_referral,
    check_signals,
)
from carecoord.store.rows import Row
from carecoord.store.sqlvalues import dt2s
from carecoord.vault.database import Database

__all__ = ["BulkWriter", "NewCase", "NewReferral", "NewRegistration"]

Progress = Callable[[int], None]

BULK_CACHE_KIB = -131072  # negative: KiB, so 128 MiB of page cache during bulk writes


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
    "comensha_registrations",
    *CASE_WORK_ID_TABLES,
)

# One INSERT per table, over the row builders' columns; rows of _TABLES get the writer's own id
# in front (their children point at them within one batch, before SQLite could number them).
_INSERTS = {table: rows.insert_sql(table, with_id=table in _TABLES) for table in rows.COLUMNS}

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
    "exit_milestones",
    "consents",
    "consent_recipients",
    "referrals",
    "referral_events",
    "tasks",
    "notes",
    "comensha_registrations",
    "identification_routes",
    *CASE_WORK_ORDER,
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
        self.written_at = now  # the one moment of this write; also its 'today' for the rules
        self.today = now.date()
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
            pending: dict[str, list[Row]] = {t: [] for t in _ORDER}
            in_batch = 0
            for case in cases:
                written.append(self._rows(case, ids, clients, year_counters, pending))
                in_batch += 1
                if in_batch >= self.batch_size:
                    self._flush(pending)
                    in_batch = 0
                    if progress is not None:
                        progress(len(written))
            self._flush(pending)
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
        if signals:
            check_signals(signals, None, self.today)
        with self.db.transaction():
            self.db.executemany(
                rows.insert_sql("signals"),  # SQLite numbers them: nothing points at them
                [rows.signal_record(None, s, self.user, self.now) for s in signals],
            )
            self.audit(AuditEvent("create", f"{len(signals)} signals without a person"))
        return len(signals)

    def _flush(self, pending: dict[str, list[Row]]) -> None:
        for table in _ORDER:
            if pending[table]:
                self.db.executemany(_INSERTS[table], pending[table])
                pending[table].clear()

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
        pending: dict[str, list[Row]],
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
        found = case.circumstances
        pending["clients"].append((client_id, *rows.client_row(case.client, self.now, found)))
        if case.identity is not None:
            employer = None if found is None else found.employer
            pending["client_identity"].append(rows.identity_row(client_id, case.identity, employer))
        elif found is not None and found.employer is not None:
            # The employer's name lives with the identity: without one it has nowhere to go.
            raise InputRejected(_("An employer's name needs the client's identity."))
        return client_id

    def _rows(
        self,
        case: NewCase,
        ids: dict[str, _Ids],
        clients: dict[str, int],
        counters: dict[int, int],
        pending: dict[str, list[Row]],
    ) -> int:
        birth = case.identity.birth_date if case.identity is not None else None
        check_signals(case.signals, birth, self.today)
        check_history(case.phase_history, now=self.written_at)
        check_legal(case.reflection, case.permits, self.today)
        client_id = self._client(case, ids, clients, pending)
        case_id = ids["cases"].take()
        opened = case.opened_on
        last = case.phase_history[-1]
        self._signals_and_history(case, case_id, ids, pending)
        reflection, permits, stays = self._support(case, case_id, ids, pending)
        programme = self._programme(case, case_id, ids, pending)
        consents = [
            c.model_copy(update={"id": ids["consents"].take(), "client_id": client_id})
            for c in case.consents
        ]
        check_consents(consents, birth)
        for c in consents:
            assert c.id is not None
            pending["consents"].append((c.id, *rows.consent_row(c, self.user, self.now)))
            pending["consent_recipients"] += rows.consent_recipient_rows(c.id, c)
        referrals = self._referrals(case, case_id, consents, ids, pending)
        self._tracks(case, case_id, consents, ids, pending)
        # Manual tasks before the derived deadlines: a goal may name one by its id.
        task_ids = [ids["tasks"].take() for _task in case.tasks]
        pending["tasks"] += [
            (task_id, *rows.manual_task_row(case_id, t, self.user, self.now))
            for task_id, t in zip(task_ids, case.tasks, strict=True)
        ]
        work = CaseWorkRows(
            pending, lambda table: ids[table].take(), user=self.user, now=self.now, today=self.today
        ).write(
            case_id,
            case.work,
            consents=consents,
            referrals=referrals,
            task_ids=task_ids,
            programme=programme,
        )
        deadlines = derive_deadlines(
            closed=last.to_phase == "closed",
            reflection=reflection,
            permits=permits,
            shelter_stays=stays,
            exit_programme=programme,
            referrals=referrals,
            # A new client's consents show on this case while it is open.
            consents=consents,
            goals=work.goals,
            meeting_actions=work.actions,
            safety=work.safety,
        )
        pending["tasks"] += [
            (ids["tasks"].take(), *rows.deadline_row(case_id, d)) for d in deadlines
        ]
        pending["notes"] += [(ids["notes"].take(), *rows.note_row(case_id, n)) for n in case.notes]
        due_dates = [d.due_on for d in deadlines] + [
            t.due_on for t in case.tasks if t.done_on is None
        ]
        case_row = rows.case_row(
            self._case_reference(opened, counters),
            client_id,
            case.facts,
            opened_on=opened,
            phase=last.to_phase,
            phase_since=last.changed_on,
            birth_date=birth,
            next_deadline=min(due_dates) if due_dates else None,
            created_at=self.now,
            closure_reason=last.closure_reason,
            received=case.received,
        )
        pending["cases"].append((case_id, *case_row))
        pending["case_forms"] += rows.case_form_rows(case_id, case.facts)
        return case_id

    def _signals_and_history(
        self, case: NewCase, case_id: int, ids: dict[str, _Ids], pending: dict[str, list[Row]]
    ) -> None:
        pending["signals"] += [
            (ids["signals"].take(), *rows.signal_record(case_id, s, self.user, self.now))
            for s in case.signals
        ]
        pending["phase_changes"] += [
            (ids["phase_changes"].take(), *rows.phase_change_row(case_id, c, self.now))
            for c in case.phase_history
        ]

    def _support(
        self, case: NewCase, case_id: int, ids: dict[str, _Ids], pending: dict[str, list[Row]]
    ) -> tuple[ReflectionPeriod | None, list[ResidencePermit], list[ShelterStay]]:
        reflection = case.reflection
        if reflection is not None:
            reflection = reflection.model_copy(update={"id": ids["reflection_periods"].take()})
            pending["reflection_periods"].append(
                (reflection.id, *rows.reflection_row(case_id, reflection))
            )
        permits = [
            p.model_copy(update={"id": ids["residence_permits"].take()}) for p in case.permits
        ]
        for p in permits:
            assert p.id is not None
            pending["residence_permits"].append((p.id, *rows.permit_row(case_id, p)))
            pending["permit_renewals"] += [
                (ids["permit_renewals"].take(), *rows.renewal_row(p.id, r)) for r in p.renewals
            ]
        stays = [
            s.model_copy(update={"id": ids["shelter_stays"].take()}) for s in case.shelter_stays
        ]
        pending["shelter_stays"] += [(s.id, *rows.shelter_stay_row(case_id, s)) for s in stays]
        return reflection, permits, stays

    def _tracks(
        self,
        case: NewCase,
        case_id: int,
        consents: list[Consent],
        ids: dict[str, _Ids],
        pending: dict[str, list[Row]],
    ) -> None:
        """The CoMensha registrations (on one of the case's consents, or anonymous) and the
        identification route: tracks beside the phase, with no deadlines of their own."""
        registrations = []
        for new in case.comensha:
            consent = consents[new.consent_index] if new.consent_index is not None else None
            registrations.append(
                new.registration.model_copy(
                    update={
                        "id": ids["comensha_registrations"].take(),
                        "consent_id": None if consent is None else consent.id,
                    }
                )
            )
        check_comensha(registrations, consents, self.today)
        pending["comensha_registrations"] += [
            (reg.id, *rows.comensha_row(case_id, reg, self.user, self.now)) for reg in registrations
        ]
        # An MDT meeting of the case moves the route as store.meetings.record does.
        route = route_after_meetings(case.identification, case.work)
        if route is not None:
            pending["identification_routes"].append(
                rows.identification_row(case_id, route, self.user, self.now)
            )

    def _programme(
        self, case: NewCase, case_id: int, ids: dict[str, _Ids], pending: dict[str, list[Row]]
    ) -> ExitProgramme | None:
        if case.exit_programme is None:
            return None
        programme_id = ids["exit_programmes"].take()
        programme = case.exit_programme.model_copy(update={"id": programme_id})
        pending["exit_programmes"].append((programme_id, *rows.programme_row(case_id, programme)))
        pending["exit_milestones"] += [
            (ids["exit_milestones"].take(), *rows.milestone_row(programme_id, m))
            for m in programme.milestones
        ]
        return programme

    def _referrals(
        self,
        case: NewCase,
        case_id: int,
        consents: list[Consent],
        ids: dict[str, _Ids],
        pending: dict[str, list[Row]],
    ) -> list[Referral]:
        referrals = []
        for new in case.referrals:
            consent = consents[new.consent_index] if new.consent_index is not None else None
            check_referral(new.referral, new.events, consent)
            consent_id = consent.id if consent is not None else None
            referral_id = ids["referrals"].take()
            r = new.referral.model_copy(
                update={"id": referral_id, "case_id": case_id, "consent_id": consent_id}
            )
            referrals.append(r)
            pending["referrals"].append((referral_id, *rows.referral_row(r)))
            steps = [("draft", r.created_on), *new.events]
            users = new.changed_by or [self.user] * len(steps)
            if len(users) != len(steps):
                raise ValueError("changed_by names one user per step, 'draft' first")
            pending["referral_events"] += [
                (
                    ids["referral_events"].take(),
                    *rows.referral_event_row(
                        referral_id,
                        status,
                        on,
                        user,
                        rows.sent_event_note(r.override_reason) if status == "sent" else None,
                    ),
                )
                for (status, on), user in zip(steps, users, strict=True)
            ]
        return referrals
