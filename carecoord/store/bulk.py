"""Writing many complete cases at once (import, demo data): batched ``executemany``, one transaction.

The per-case API of :class:`~carecoord.store.case_store.CaseStore` checks every step as a user
takes it; here whole histories arrive at once, so the store's rules are checked on the whole case
(:mod:`carecoord.store.bulk_rules`), the store's rows are built (:mod:`carecoord.store.rows`, one
builder per table) and written in batches, with ids the writer hands out itself. The writer
owns the transaction, the batches, the ids and the clients; the rows under each case are built by
:mod:`carecoord.store.bulk_case_rows`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from carecoord.domain.case import Signal
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store import rows
from carecoord.store.audit import AuditEvent, AuditSink, no_audit
from carecoord.store.bulk_case_rows import CaseRows
from carecoord.store.bulk_case_work import (
    CASE_WORK_ID_TABLES,
    CASE_WORK_ORDER,
)
from carecoord.store.bulk_cases import NewCase, NewReferral, NewRegistration
from carecoord.store.bulk_rules import (
    check_history,
    check_legal,
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
        CaseRows(
            pending, lambda table: ids[table].take(), user=self.user, now=self.now, today=self.today
        ).write(
            case,
            case_id,
            client_id,
            birth,
            reference=lambda opened: self._case_reference(opened, counters),
        )
        return case_id
