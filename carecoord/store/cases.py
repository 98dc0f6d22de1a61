"""Cases: opening (also from a signal without a person), the case list, search and the case file.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.cases``); every
public method reports one audit event, every write runs in one transaction."""

from __future__ import annotations

from datetime import date

from carecoord.domain.case import CaseFacts, CaseSummary, PhaseChange, Signal
from carecoord.domain.casefile import CaseFile
from carecoord.domain.pathway import INITIAL_PHASE
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.audit import AuditEvent
from carecoord.store.case_list import CasePage, CaseQuery, count_cases, list_cases, search_cases
from carecoord.store.caseload import Caseload, caseload
from carecoord.store.manager import Manager, StoreCore
from carecoord.store.rows import case_form_rows, case_row, insert_sql, phase_change_row
from carecoord.store.signals import SignalManager
from carecoord.store.sqlvalues import dt2s
from carecoord.vault.database import Database


def next_case_reference(db: Database, opened_on: date) -> str:
    prefix = f"{opened_on.year:04d}-"
    last = db.scalar(
        "SELECT max(reference) FROM cases WHERE reference >= ? AND reference < ?",
        (prefix, f"{opened_on.year:04d}."),
    )
    number = int(str(last).rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:06d}"


class CaseManager(Manager):
    def __init__(self, core: StoreCore, signals: SignalManager) -> None:
        super().__init__(core)
        # Opening a case writes or links its first signal.
        self._signals = signals

    def open(self, client_id: int, first_signal: Signal, facts: CaseFacts | None = None) -> int:
        """A new case for a client, starting at its first signal (phase 'signalled').

        ``facts`` default to the signal's own codes."""
        return self._open_case(client_id, first_signal, facts, existing_signal=None)

    def open_from_signal(
        self, client_id: int, signal_id: int, facts: CaseFacts | None = None
    ) -> int:
        """A new case for a client whose person was identified after a signal without a person.

        The signal becomes the case's first signal as it was recorded (date, signaller, location,
        description unchanged); the case opens on the signal's date. ``facts`` (the case's coded
        facts) default to the signal's codes. Refused if the signal already belongs to a case."""
        with self.db.transaction():
            signal = self._signals._unattached_signal(signal_id)
            return self._open_case(client_id, signal, facts, existing_signal=signal_id)

    def _open_case(
        self,
        client_id: int,
        first_signal: Signal,
        facts: CaseFacts | None,
        *,
        existing_signal: int | None,
    ) -> int:
        if facts is None:
            facts = CaseFacts(
                exploitation_forms=first_signal.exploitation_forms,
                sector=first_signal.sector,
                location_type=first_signal.location_type,
                signaller=first_signal.signaller,
                municipality=first_signal.municipality,
            )
        with self.db.transaction():
            identity = self.read.client(client_id).identity
            born = identity.birth_date if identity is not None else None
            if born is not None and first_signal.signal_date < born:
                raise InputRejected(_("The signal date lies before the client's birth date."))
            if first_signal.signal_date > self.today():
                raise InputRejected(_("A signal cannot be dated in the future."))
            opened = first_signal.signal_date
            reference = next_case_reference(self.db, opened)
            now = dt2s(self._clock())
            cursor = self.db.execute(
                insert_sql("cases"),
                case_row(
                    reference,
                    client_id,
                    facts,
                    opened_on=opened,
                    phase=INITIAL_PHASE,
                    phase_since=opened,
                    birth_date=born,
                    next_deadline=None,  # set by the refresh below
                    created_at=now,
                ),
            )
            case_id = int(cursor.lastrowid)
            self.db.executemany(insert_sql("case_forms"), case_form_rows(case_id, facts))
            opening = PhaseChange(
                from_phase=None, to_phase=INITIAL_PHASE, changed_on=opened, changed_by=self.user
            )
            self.db.execute(insert_sql("phase_changes"), phase_change_row(case_id, opening, now))
            if existing_signal is None:
                self._signals._insert_signal(first_signal.model_copy(update={"case_id": case_id}))
                detail = "case"
            else:
                self._signals._link_signal(existing_signal, case_id)
                detail = f"case from signal {existing_signal}"
            self._refresh(case_id)
            self._log(AuditEvent("create", detail, case_id=case_id, client_id=client_id))
            return case_id

    def id_for_reference(self, reference: str) -> int | None:
        value = self.db.scalar("SELECT id FROM cases WHERE reference = ?", (reference,))
        return None if value is None else int(value)

    def references(self, case_ids: list[int]) -> dict[int, str]:
        """The dossier numbers of ``case_ids`` (those still held), for lists that name cases by
        id, such as the access log. Pseudonymous numbers only: not logged, like a count."""
        found: dict[int, str] = {}
        ids = sorted(set(case_ids))
        for start in range(0, len(ids), 500):  # within SQLite's bound-parameter limit
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for case_id, reference in self.db.all(
                f"SELECT id, reference FROM cases WHERE id IN ({marks})", chunk
            ):
                found[int(case_id)] = str(reference)
        return found

    def page(self, query: CaseQuery) -> CasePage:
        page = list_cases(self.db, query)
        self._log(
            AuditEvent(
                "list",
                f"case list page ({len(page.rows)} cases)",
                case_ids=tuple(r.id for r in page.rows),
            )
        )
        return page

    def count(self, query: CaseQuery) -> int:
        """Counts only: no personal data, not logged."""
        return count_cases(self.db, query)

    def caseload(self, today: date) -> Caseload:
        """Counts only (per phase, new per month): no personal data, not logged."""
        return caseload(self.db, today)

    def search(
        self, text: str, limit: int = 50, within: CaseQuery | None = None
    ) -> list[CaseSummary]:
        """Cases matching ``text``, among those ``within`` selects (its filters; its sort and
        paging are ignored). Logged as one search, with the query only as keyed hashes."""
        found = search_cases(self.db, text, limit, within)
        # The query text can be a name: the log keeps only its keyed hashes (the sink makes them).
        self._log(
            AuditEvent(
                "search",
                f"search ({len(found)} cases)",
                case_ids=tuple(c.id for c in found),
                search_terms=text,
            )
        )
        return found

    def case_file(self, case_id: int) -> CaseFile:
        case = self.read.case_file(case_id)
        self._log(AuditEvent("read", "case file", case_id=case_id, client_id=case.client.id))
        return case

    def of_client(self, client_id: int) -> list[CaseSummary]:
        rows = [
            self.read.summary(int(cid))
            for (cid,) in self.db.all(
                "SELECT id FROM cases WHERE client_id = ? ORDER BY opened_on, id", (client_id,)
            )
        ]
        self._log(
            AuditEvent(
                "list", "cases of a client", client_id=client_id, case_ids=tuple(r.id for r in rows)
            )
        )
        return rows
