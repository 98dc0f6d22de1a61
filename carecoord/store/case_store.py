"""``CaseStore``: the one API the UI and the command line use for case records.

Threading: a CaseStore belongs to the thread that owns its Database (the vault worker in the app).
Every method that reads or changes personal data reports one :class:`AuditEvent` to the audit
sink (see :mod:`carecoord.store.audit`); every write runs in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from carecoord.domain.case import CaseFacts, CaseSummary, PhaseChange, Signal
from carecoord.domain.casefile import CaseFile, Note
from carecoord.domain.client import Client, ClientFacts, ClientIdentity
from carecoord.domain.codelists import codelist
from carecoord.domain.consent import Consent, GateDecision, check_giver, consent_gate
from carecoord.domain.dates import age_on
from carecoord.domain.deadlines import DEFAULT_DUE_SOON_DAYS
from carecoord.domain.pathway import INITIAL_PHASE, check_transition
from carecoord.domain.referral import Referral, ReferralLine, check_status_change
from carecoord.domain.support import (
    ExitProgramme,
    Milestone,
    PermitRenewal,
    PlanItem,
    ReflectionPeriod,
    ResidencePermit,
    ShelterStay,
)
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store import anonymise, deadline_sync
from carecoord.store.audit import AuditEvent, AuditSink, no_audit, sink_for_vault
from carecoord.store.case_list import CasePage, CaseQuery, count_cases, list_cases, search_cases
from carecoord.store.case_reader import CaseReader
from carecoord.store.organisations import OrganisationRepository
from carecoord.store.rows import identity_row, signal_row
from carecoord.store.settings_repository import SettingsRepository
from carecoord.store.sqlvalues import codes_json, d2s, dt2s, form_mask, forms_text
from carecoord.vault.database import Database

if TYPE_CHECKING:
    from carecoord.vault import Vault

PHASE_RANK = {code: rank for rank, code in enumerate(codelist("phase").values)}


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class DueItem(BaseModel):
    """A row of the task list (deadline or manual task) with its case reference."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    task_id: int
    case_id: int
    case_reference: str
    kind: str
    due_on: date
    title: str | None


def next_case_reference(db: Database, opened_on: date) -> str:
    prefix = f"{opened_on.year:04d}-"
    last = db.scalar(
        "SELECT max(reference) FROM cases WHERE reference >= ? AND reference < ?",
        (prefix, f"{opened_on.year:04d}."),
    )
    number = int(str(last).rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:06d}"


class CaseStore:
    def __init__(
        self,
        db: Database,
        *,
        user: str,
        audit: AuditSink = no_audit,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.db = db
        self.user = user
        self._audit = audit
        self._clock = clock
        self.read = CaseReader(db)
        self.settings = SettingsRepository(db)
        self.organisations = OrganisationRepository(db)

    @classmethod
    def for_vault(cls, vault: Vault, audit: AuditSink | None = None) -> CaseStore:
        return cls(vault.db, user=vault.user, audit=audit or sink_for_vault(vault))

    # -- helpers ---------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return self._clock().date()

    @property
    def audit_sink(self) -> AuditSink:
        return self._audit

    def _log(self, event: AuditEvent) -> None:
        self._audit(event)

    def _case_client(self, case_id: int) -> int:
        value = self.db.scalar("SELECT client_id FROM cases WHERE id = ?", (case_id,))
        if value is None:
            raise InputRejected(_("There is no case with id %(case_id)s.") % {"case_id": case_id})
        return int(value)

    def _refresh(self, case_id: int) -> None:
        deadline_sync.refresh_case(self.db, case_id)

    # -- clients ---------------------------------------------------------------------------------
    def register_client(self, facts: ClientFacts, identity: ClientIdentity | None) -> int:
        with self.db.transaction():
            if self.db.scalar("SELECT 1 FROM clients WHERE reference = ?", (facts.reference,)):
                raise InputRejected(
                    _("A client with reference '%(reference)s' already exists.")
                    % {"reference": facts.reference}
                )
            cursor = self.db.execute(
                "INSERT INTO clients(reference, gender, nationality, nationality_group, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    facts.reference,
                    facts.gender,
                    facts.nationality,
                    facts.nationality_group,
                    dt2s(self._clock()),
                ),
            )
            client_id = int(cursor.lastrowid)
            if identity is not None:
                self._write_identity(client_id, identity)
            self._log(AuditEvent("create", "client", client_id=client_id))
            return client_id

    def _write_identity(self, client_id: int, identity: ClientIdentity) -> None:
        self.db.execute(
            "INSERT INTO client_identity(client_id, given_name, family_name, aliases, birth_date,"
            " phone, email, address, address_is_secret, language, interpreter_needed)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(client_id) DO UPDATE SET given_name = excluded.given_name,"
            " family_name = excluded.family_name, aliases = excluded.aliases,"
            " birth_date = excluded.birth_date, phone = excluded.phone, email = excluded.email,"
            " address = excluded.address, address_is_secret = excluded.address_is_secret,"
            " language = excluded.language, interpreter_needed = excluded.interpreter_needed",
            identity_row(client_id, identity),
        )

    def update_client_identity(self, client_id: int, identity: ClientIdentity) -> None:
        with self.db.transaction():
            self.read.client(client_id)
            self._write_identity(client_id, identity)
            self._log(AuditEvent("update", "client identity", client_id=client_id))

    def rectify_client_identity(self, client_id: int, identity: ClientIdentity) -> int:
        """Correct a client's identifying data (AVG art. 16), keeping what it was before.

        The previous values go to ``client_identity_history`` (inside the vault, erased with the
        identity on anonymisation). Logged as a rectification. Returns the history row's id."""
        with self.db.transaction():
            previous = self.read.client(client_id).identity
            before = (
                {} if previous is None else json.loads(previous.model_dump_json(exclude_none=False))
            )
            cursor = self.db.execute(
                "INSERT INTO client_identity_history(client_id, replaced_at, replaced_by,"
                " previous) VALUES (?, ?, ?, ?)",
                (client_id, dt2s(self._clock()), self.user, json.dumps(before, ensure_ascii=False)),
            )
            self._write_identity(client_id, identity)
            self._log(AuditEvent("rectify", "client identity", client_id=client_id))
            return int(cursor.lastrowid)

    def identity_history(self, client_id: int) -> list[tuple[datetime, str, ClientIdentity]]:
        """Earlier identities, oldest first: (replaced at, by whom, the values then)."""
        rows = self.db.all(
            "SELECT replaced_at, replaced_by, previous FROM client_identity_history"
            " WHERE client_id = ? ORDER BY id",
            (client_id,),
        )
        self._log(AuditEvent("read", "client identity history", client_id=client_id))
        return [
            (datetime.fromisoformat(r[0]), r[1], ClientIdentity.model_validate_json(r[2]))
            for r in rows
        ]

    def update_client_facts(self, client_id: int, facts: ClientFacts) -> None:
        with self.db.transaction():
            self.read.client(client_id)
            if self.db.scalar(
                "SELECT 1 FROM clients WHERE reference = ? AND id <> ?",
                (facts.reference, client_id),
            ):
                raise InputRejected(
                    _("A client with reference '%(reference)s' already exists.")
                    % {"reference": facts.reference}
                )
            self.db.execute(
                "UPDATE clients SET reference = ?, gender = ?, nationality = ?,"
                " nationality_group = ? WHERE id = ?",
                (
                    facts.reference,
                    facts.gender,
                    facts.nationality,
                    facts.nationality_group,
                    client_id,
                ),
            )
            self._log(AuditEvent("update", "client facts", client_id=client_id))

    def client(self, client_id: int) -> Client:
        client = self.read.client(client_id)
        self._log(AuditEvent("read", "client", client_id=client_id))
        return client

    def anonymise_client(self, client_id: int) -> None:
        """Erase everything identifying about a client; the coded facts stay for statistics."""
        with self.db.transaction():
            self.read.client(client_id)
            anonymise.anonymise_client(self.db, client_id, str(d2s(self.today())))
            self._log(AuditEvent("anonymise", "client", client_id=client_id))

    def existing_client_references(self, references: list[str]) -> set[str]:
        """Which of these client references are already in the vault (no personal data)."""
        found: set[str] = set()
        unique = sorted(set(references))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update(
                r[0]
                for r in self.db.all(
                    f"SELECT reference FROM clients WHERE reference IN ({marks})", chunk
                )
            )
        return found

    def client_id_for_reference(self, reference: str) -> int | None:
        value = self.db.scalar("SELECT id FROM clients WHERE reference = ?", (reference,))
        return None if value is None else int(value)

    # -- cases -----------------------------------------------------------------------------------
    def open_case(
        self, client_id: int, first_signal: Signal, facts: CaseFacts | None = None
    ) -> int:
        """A new case for a client, starting at its first signal (phase 'signalled').

        ``facts`` default to the signal's own codes."""
        return self._open_case(client_id, first_signal, facts, existing_signal=None)

    def open_case_from_signal(
        self, client_id: int, signal_id: int, facts: CaseFacts | None = None
    ) -> int:
        """A new case for a client whose person was identified after a signal without a person.

        The signal becomes the case's first signal as it was recorded (date, signaller, location,
        description unchanged); the case opens on the signal's date. ``facts`` (the case's coded
        facts) default to the signal's codes. Refused if the signal already belongs to a case."""
        with self.db.transaction():
            signal = self._unattached_signal(signal_id)
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
                "INSERT INTO cases(reference, client_id, opened_on, phase, phase_rank, phase_since,"
                " signaller, sector, location_type, municipality, age_at_signal, forms, form_mask,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    reference,
                    client_id,
                    d2s(opened),
                    INITIAL_PHASE,
                    PHASE_RANK[INITIAL_PHASE],
                    d2s(opened),
                    facts.signaller,
                    facts.sector,
                    facts.location_type,
                    facts.municipality,
                    None if born is None else age_on(born, opened),
                    forms_text(facts.exploitation_forms),
                    form_mask(facts.exploitation_forms),
                    now,
                ),
            )
            case_id = int(cursor.lastrowid)
            self.db.executemany(
                "INSERT INTO case_forms(case_id, form) VALUES (?, ?)",
                [(case_id, f) for f in facts.exploitation_forms],
            )
            self.db.execute(
                "INSERT INTO phase_changes(case_id, from_phase, to_phase, changed_on, changed_by,"
                " recorded_at) VALUES (?, NULL, ?, ?, ?, ?)",
                (case_id, INITIAL_PHASE, d2s(opened), self.user, now),
            )
            if existing_signal is None:
                self._insert_signal(first_signal.model_copy(update={"case_id": case_id}))
                detail = "case"
            else:
                self._link_signal(existing_signal, case_id)
                detail = f"case from signal {existing_signal}"
            self._refresh(case_id)
            self._log(AuditEvent("create", detail, case_id=case_id, client_id=client_id))
            return case_id

    def set_case_facts(self, case_id: int, facts: CaseFacts) -> None:
        with self.db.transaction():
            client_id = self._case_client(case_id)
            self.db.execute(
                "UPDATE cases SET signaller = ?, sector = ?, location_type = ?, municipality = ?,"
                " forms = ?, form_mask = ? WHERE id = ?",
                (
                    facts.signaller,
                    facts.sector,
                    facts.location_type,
                    facts.municipality,
                    forms_text(facts.exploitation_forms),
                    form_mask(facts.exploitation_forms),
                    case_id,
                ),
            )
            self.db.execute("DELETE FROM case_forms WHERE case_id = ?", (case_id,))
            self.db.executemany(
                "INSERT INTO case_forms(case_id, form) VALUES (?, ?)",
                [(case_id, f) for f in facts.exploitation_forms],
            )
            self._log(AuditEvent("update", "case facts", case_id=case_id, client_id=client_id))

    def case_id_for_reference(self, reference: str) -> int | None:
        value = self.db.scalar("SELECT id FROM cases WHERE reference = ?", (reference,))
        return None if value is None else int(value)

    def list_cases(self, query: CaseQuery) -> CasePage:
        page = list_cases(self.db, query)
        self._log(
            AuditEvent(
                "list",
                f"case list page ({len(page.rows)} cases)",
                case_ids=tuple(r.id for r in page.rows),
            )
        )
        return page

    def count_cases(self, query: CaseQuery) -> int:
        """Counts only: no personal data, not logged."""
        return count_cases(self.db, query)

    def search(self, text: str, limit: int = 50) -> list[CaseSummary]:
        found = search_cases(self.db, text, limit)
        # The query text can be a name, so the event records only that a search happened.
        self._log(
            AuditEvent(
                "search", f"search ({len(found)} cases)", case_ids=tuple(c.id for c in found)
            )
        )
        return found

    def case_file(self, case_id: int) -> CaseFile:
        case = self.read.case_file(case_id)
        self._log(AuditEvent("read", "case file", case_id=case_id, client_id=case.client.id))
        return case

    def cases_of_client(self, client_id: int) -> list[CaseSummary]:
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

    # -- signals ---------------------------------------------------------------------------------
    def _insert_signal(self, signal: Signal) -> int:
        cursor = self.db.execute(
            "INSERT INTO signals(case_id, signal_date, signaller, location_type, sector,"
            " municipality, forms, description, recorded_by, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (signal.case_id, *signal_row(signal, self.user), dt2s(self._clock())),
        )
        return int(cursor.lastrowid)

    def add_signal(self, signal: Signal) -> int:
        """A further signal on a case, or (``case_id`` None) one without an identified person."""
        with self.db.transaction():
            if signal.signal_date > self.today():
                raise InputRejected(_("A signal cannot be dated in the future."))
            client_id = None
            if signal.case_id is not None:
                client_id = self._case_client(signal.case_id)
            signal_id = self._insert_signal(signal)
            self._log(
                AuditEvent(
                    "create", f"signal {signal_id}", case_id=signal.case_id, client_id=client_id
                )
            )
            return signal_id

    def _unattached_signal(self, signal_id: int) -> Signal:
        """The signal, if it exists and has no case yet (else a clear refusal)."""
        rows = self.db.all(_SIGNAL_SELECT + " WHERE s.id = ?", (signal_id,))
        if not rows:
            raise InputRejected(
                _("There is no signal with id %(signal_id)s.") % {"signal_id": signal_id}
            )
        if rows[0][9] is not None:
            raise InputRejected(
                _(
                    "Signal %(id)s already belongs to case %(case)s; it cannot be moved to another case."
                )
                % {"id": signal_id, "case": rows[0][10]}
            )
        return _signal_from_row(rows[0])

    def _link_signal(self, signal_id: int, case_id: int) -> None:
        # The guard in the WHERE clause keeps a concurrent attach from moving a linked signal.
        cursor = self.db.execute(
            "UPDATE signals SET case_id = ? WHERE id = ? AND case_id IS NULL", (case_id, signal_id)
        )
        if cursor.rowcount != 1:
            raise InputRejected(
                _("Signal %(signal_id)s already belongs to a case.") % {"signal_id": signal_id}
            )

    def signal_without_person(self, signal_id: int) -> Signal:
        """One signal that has no case yet (to open a case from it or attach it)."""
        signal = self._unattached_signal(signal_id)
        self._log(AuditEvent("read", f"signal {signal_id}"))
        return signal

    def attach_signal(self, signal_id: int, case_id: int) -> None:
        """Attach a signal without a person to an existing case, now that the person is known.

        The signal keeps its own date, signaller, location and description; the case keeps its
        opening date and coded facts. Refused if the signal already belongs to a case, or is
        dated before the client's birth date."""
        with self.db.transaction():
            signal = self._unattached_signal(signal_id)
            client_id = self._case_client(case_id)
            born = self.read.birth_date_of_client(client_id)
            if born is not None and signal.signal_date < born:
                raise InputRejected(_("The signal date lies before the client's birth date."))
            self._link_signal(signal_id, case_id)
            self._log(
                AuditEvent(
                    "update",
                    f"signal {signal_id} attached to the case",
                    case_id=case_id,
                    client_id=client_id,
                )
            )

    def signals_without_person(self, *, offset: int = 0, limit: int = 50) -> list[Signal]:
        rows = self.db.all(
            _SIGNAL_SELECT + " WHERE s.case_id IS NULL"
            " ORDER BY s.signal_date DESC, s.id DESC LIMIT ? OFFSET ?",
            (limit, offset),
        )
        self._log(AuditEvent("list", f"signals without a person ({len(rows)})"))
        return [_signal_from_row(r) for r in rows]

    # -- pathway ---------------------------------------------------------------------------------
    def change_phase(
        self, case_id: int, to_phase: str, *, on: date | None = None, reason: str | None = None
    ) -> PhaseChange:
        """Move the case to ``to_phase`` (today unless ``on``; back-dating needs a reason)."""
        on = on or self.today()
        with self.db.transaction():
            client_id = self._case_client(case_id)
            current = str(self.db.scalar("SELECT phase FROM cases WHERE id = ?", (case_id,)))
            last = self.db.scalar(
                "SELECT max(changed_on) FROM phase_changes WHERE case_id = ?", (case_id,)
            )
            check_transition(
                current,
                to_phase,
                on=on,
                today=self.today(),
                last_change_on=None if last is None else date.fromisoformat(last),
                reason=reason,
            )
            now = self._clock()
            reason = reason.strip() if reason else None
            self.db.execute(
                "INSERT INTO phase_changes(case_id, from_phase, to_phase, changed_on, changed_by,"
                " reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (case_id, current, to_phase, d2s(on), self.user, reason, dt2s(now)),
            )
            self.db.execute(
                "UPDATE cases SET phase = ?, phase_rank = ?, phase_since = ?, closed_on = ?"
                " WHERE id = ?",
                (
                    to_phase,
                    PHASE_RANK[to_phase],
                    d2s(on),
                    d2s(on) if to_phase == "closed" else None,
                    case_id,
                ),
            )
            self._refresh(case_id)
            if to_phase == "closed":
                # The client's consents may now be shown on another open case.
                deadline_sync.refresh_client(self.db, client_id)
            self._log(
                AuditEvent(
                    "update", f"phase {current} -> {to_phase}", case_id=case_id, client_id=client_id
                )
            )
            return PhaseChange(
                from_phase=current,
                to_phase=to_phase,
                changed_on=on,
                changed_by=self.user,
                reason=reason,
                recorded_at=now,
            )

    # -- reflection period and permits -----------------------------------------------------------
    def start_reflection(self, case_id: int, started_on: date) -> ReflectionPeriod:
        period = ReflectionPeriod(started_on=started_on)
        with self.db.transaction():
            client_id = self._case_client(case_id)
            if self.read.reflection(case_id) is not None:
                raise InputRejected(_("This case already has a reflection period."))
            self.db.execute(
                "INSERT INTO reflection_periods(case_id, started_on, ends_on) VALUES (?, ?, ?)",
                (case_id, d2s(started_on), d2s(period.ends_on)),
            )
            self._refresh(case_id)
            self._log(
                AuditEvent(
                    "update", "reflection period started", case_id=case_id, client_id=client_id
                )
            )
        result = self.read.reflection(case_id)
        assert result is not None
        return result

    def decide_reflection(self, case_id: int, decision: str, decided_on: date) -> None:
        with self.db.transaction():
            client_id = self._case_client(case_id)
            period = self.read.reflection(case_id)
            if period is None:
                raise InputRejected(_("This case has no reflection period."))
            decided = ReflectionPeriod(
                started_on=period.started_on, decision=decision, decided_on=decided_on
            )
            self.db.execute(
                "UPDATE reflection_periods SET decision = ?, decided_on = ? WHERE case_id = ?",
                (decided.decision, d2s(decided.decided_on), case_id),
            )
            self._refresh(case_id)
            self._log(
                AuditEvent("update", "reflection decision", case_id=case_id, client_id=client_id)
            )

    def record_permit(self, case_id: int, granted_on: date, valid_until: date) -> int:
        permit = ResidencePermit(granted_on=granted_on, valid_until=valid_until)
        with self.db.transaction():
            client_id = self._case_client(case_id)
            cursor = self.db.execute(
                "INSERT INTO residence_permits(case_id, granted_on, valid_until) VALUES (?, ?, ?)",
                (case_id, d2s(permit.granted_on), d2s(permit.valid_until)),
            )
            self._refresh(case_id)
            self._log(
                AuditEvent("update", "residence permit", case_id=case_id, client_id=client_id)
            )
            return int(cursor.lastrowid)

    def renew_permit(self, permit_id: int, renewed_on: date, valid_until: date) -> None:
        with self.db.transaction():
            case_id = self._owner("residence_permits", permit_id)
            permit = next(p for p in self.read.permits(case_id) if p.id == permit_id)
            ResidencePermit.model_validate(
                {
                    **permit.model_dump(),
                    "renewals": (
                        *permit.renewals,
                        PermitRenewal(renewed_on=renewed_on, valid_until=valid_until),
                    ),
                }
            )
            self.db.execute(
                "INSERT INTO permit_renewals(permit_id, renewed_on, valid_until) VALUES (?, ?, ?)",
                (permit_id, d2s(renewed_on), d2s(valid_until)),
            )
            self._refresh(case_id)
            self._log(AuditEvent("update", "residence permit renewed", case_id=case_id))

    def end_permit(self, permit_id: int, ended_on: date) -> None:
        with self.db.transaction():
            case_id = self._owner("residence_permits", permit_id)
            self.db.execute(
                "UPDATE residence_permits SET ended_on = ? WHERE id = ?", (d2s(ended_on), permit_id)
            )
            self._refresh(case_id)
            self._log(AuditEvent("update", "residence permit ended", case_id=case_id))

    def _owner(self, table: str, row_id: int) -> int:
        value = self.db.scalar(f"SELECT case_id FROM {table} WHERE id = ?", (row_id,))
        if value is None:
            raise InputRejected(_("There is no such record (id %(row_id)s).") % {"row_id": row_id})
        return int(value)

    # -- shelter ---------------------------------------------------------------------------------
    def add_shelter_stay(self, case_id: int, stay: ShelterStay) -> int:
        with self.db.transaction():
            client_id = self._case_client(case_id)
            if stay.provider_id is not None:
                self.organisations.get(stay.provider_id)
            cursor = self.db.execute(
                "INSERT INTO shelter_stays(case_id, shelter_type, provider_id, started_on, ended_on,"
                " end_reason) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    case_id,
                    stay.shelter_type,
                    stay.provider_id,
                    d2s(stay.started_on),
                    d2s(stay.ended_on),
                    stay.end_reason,
                ),
            )
            self._refresh(case_id)
            self._log(
                AuditEvent("update", "shelter stay added", case_id=case_id, client_id=client_id)
            )
            return int(cursor.lastrowid)

    def end_shelter_stay(self, stay_id: int, ended_on: date, end_reason: str) -> None:
        with self.db.transaction():
            case_id = self._owner("shelter_stays", stay_id)
            stay = next(s for s in self.read.shelter_stays(case_id) if s.id == stay_id)
            ended = ShelterStay.model_validate(
                {**stay.model_dump(), "ended_on": ended_on, "end_reason": end_reason}
            )
            self.db.execute(
                "UPDATE shelter_stays SET ended_on = ?, end_reason = ? WHERE id = ?",
                (d2s(ended.ended_on), ended.end_reason, stay_id),
            )
            self._refresh(case_id)
            self._log(AuditEvent("update", "shelter stay ended", case_id=case_id))

    # -- exit programme --------------------------------------------------------------------------
    def enrol_exit_programme(
        self, case_id: int, enrolled_on: date, scheme_name: str | None = None
    ) -> int:
        programme = ExitProgramme(
            scheme_name=scheme_name or self.settings.exit_scheme_name(), enrolled_on=enrolled_on
        )
        with self.db.transaction():
            client_id = self._case_client(case_id)
            if self.read.exit_programme(case_id) is not None:
                raise InputRejected(_("This case is already enrolled in an exit programme."))
            cursor = self.db.execute(
                "INSERT INTO exit_programmes(case_id, scheme_name, enrolled_on) VALUES (?, ?, ?)",
                (case_id, programme.scheme_name, d2s(enrolled_on)),
            )
            programme_id = int(cursor.lastrowid)
            self.db.execute(
                "INSERT INTO exit_milestones(programme_id, milestone, reached_on) VALUES (?, ?, ?)",
                (programme_id, "registered", d2s(enrolled_on)),
            )
            self._refresh(case_id)
            self._log(
                AuditEvent(
                    "update", "exit programme enrolment", case_id=case_id, client_id=client_id
                )
            )
            return programme_id

    def _programme_date(self, case_id: int, on: date | None, what: str) -> None:
        """A date in the programme lies between its enrolment and today."""
        if on is None:
            return
        programme = self.read.exit_programme(case_id)
        assert programme is not None
        if on < programme.enrolled_on:
            raise InputRejected(_("%(what)s cannot lie before the enrolment.") % {"what": what})
        if on > self.today():
            raise InputRejected(_("%(what)s cannot lie in the future.") % {"what": what})

    def set_plan_item(self, programme_id: int, item: PlanItem) -> None:
        """Add the goal for a life domain, or replace that domain's goal and achieved date."""
        if not item.goal.strip():
            raise InputRejected(_("A plan item needs a goal."))
        with self.db.transaction():
            case_id = self._owner("exit_programmes", programme_id)
            self._programme_date(case_id, item.achieved_on, _("The date the goal was achieved"))
            self.db.execute(
                "INSERT INTO exit_plan_items(programme_id, life_domain, goal, achieved_on)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(programme_id, life_domain) DO UPDATE SET"
                " goal = excluded.goal, achieved_on = excluded.achieved_on",
                (programme_id, item.life_domain, item.goal, d2s(item.achieved_on)),
            )
            self._log(AuditEvent("update", "exit plan", case_id=case_id))

    def record_milestone(self, programme_id: int, milestone: str, reached_on: date) -> None:
        checked = Milestone(milestone=milestone, reached_on=reached_on)
        with self.db.transaction():
            case_id = self._owner("exit_programmes", programme_id)
            self._programme_date(case_id, checked.reached_on, _("The milestone's date"))
            self.db.execute(
                "INSERT INTO exit_milestones(programme_id, milestone, reached_on) VALUES (?, ?, ?)",
                (programme_id, checked.milestone, d2s(checked.reached_on)),
            )
            self._refresh(case_id)
            self._log(AuditEvent("update", f"exit milestone {milestone}", case_id=case_id))

    def set_exit_outcome(self, programme_id: int, outcome: str, on: date) -> None:
        with self.db.transaction():
            case_id = self._owner("exit_programmes", programme_id)
            current = self.read.exit_programme(case_id)
            assert current is not None
            self._programme_date(case_id, on, _("The outcome's date"))
            ExitProgramme.model_validate(
                {**current.model_dump(), "outcome": outcome, "outcome_on": on}
            )
            self.db.execute(
                "UPDATE exit_programmes SET outcome = ?, outcome_on = ? WHERE id = ?",
                (outcome, d2s(on), programme_id),
            )
            self._refresh(case_id)
            self._log(AuditEvent("update", f"exit outcome {outcome}", case_id=case_id))

    # -- consent ---------------------------------------------------------------------------------
    def record_consent(self, consent: Consent) -> int:
        with self.db.transaction():
            self.read.client(consent.client_id)
            self.organisations.get(consent.recipient_id)
            check_giver(consent, self.read.birth_date_of_client(consent.client_id))
            cursor = self.db.execute(
                "INSERT INTO consents(client_id, recipient_id, purposes, data_categories, given_on,"
                " given_by, valid_until, withdrawn_on, note, recorded_by, recorded_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    consent.client_id,
                    consent.recipient_id,
                    codes_json(consent.purposes),
                    codes_json(consent.data_categories),
                    d2s(consent.given_on),
                    consent.given_by,
                    d2s(consent.valid_until),
                    d2s(consent.withdrawn_on),
                    consent.note,
                    self.user,
                    dt2s(self._clock()),
                ),
            )
            deadline_sync.refresh_client(self.db, consent.client_id)
            self._log(AuditEvent("create", "consent", client_id=consent.client_id))
            return int(cursor.lastrowid)

    def withdraw_consent(self, consent_id: int, withdrawn_on: date) -> None:
        with self.db.transaction():
            consent = self.read.consent(consent_id)
            Consent.model_validate({**consent.model_dump(), "withdrawn_on": withdrawn_on})
            self.db.execute(
                "UPDATE consents SET withdrawn_on = ? WHERE id = ?", (d2s(withdrawn_on), consent_id)
            )
            deadline_sync.refresh_client(self.db, consent.client_id)
            self._log(AuditEvent("update", "consent withdrawn", client_id=consent.client_id))

    # -- referrals -------------------------------------------------------------------------------
    def create_referral(
        self,
        case_id: int,
        organisation_id: int,
        referral_type: str,
        *,
        urgency: str = "routine",
        reason: str | None = None,
        created_on: date | None = None,
    ) -> int:
        referral = Referral(
            case_id=case_id,
            organisation_id=organisation_id,
            referral_type=referral_type,
            urgency=urgency,
            reason=reason,
            created_on=created_on or self.today(),
        )
        with self.db.transaction():
            client_id = self._case_client(case_id)
            self.organisations.get(organisation_id)
            cursor = self.db.execute(
                "INSERT INTO referrals(case_id, organisation_id, referral_type, urgency, status,"
                " reason, created_on) VALUES (?, ?, ?, ?, 'draft', ?, ?)",
                (
                    case_id,
                    organisation_id,
                    referral.referral_type,
                    referral.urgency,
                    referral.reason,
                    d2s(referral.created_on),
                ),
            )
            referral_id = int(cursor.lastrowid)
            self._event(referral_id, "draft", referral.created_on, None)
            self._log(
                AuditEvent(
                    "create", f"referral {referral_id}", case_id=case_id, client_id=client_id
                )
            )
            return referral_id

    def _event(self, referral_id: int, status: str, on: date, note: str | None) -> None:
        self.db.execute(
            "INSERT INTO referral_events(referral_id, status, changed_on, changed_by, note)"
            " VALUES (?, ?, ?, ?, ?)",
            (referral_id, status, d2s(on), self.user, note),
        )

    def send_referral(
        self, referral_id: int, *, on: date | None = None, override_reason: str | None = None
    ) -> GateDecision:
        """Mark a draft as sent, only through the consent gate (or a written override)."""
        on = on or self.today()
        with self.db.transaction():
            referral = self.read.referral(referral_id)
            check_status_change(referral.status, "sent")
            client_id = self._case_client(referral.case_id)
            decision = consent_gate(
                self.read.consents(client_id),
                recipient_id=referral.organisation_id,
                purpose=referral.referral_type,
                on=on,
                override_reason=override_reason,
            )
            override = decision.override_reason is not None
            self.db.execute(
                "UPDATE referrals SET status = 'sent', sent_on = ?, consent_id = ?,"
                " override_reason = ?, override_by = ?, override_at = ? WHERE id = ?",
                (
                    d2s(on),
                    decision.consent_id,
                    decision.override_reason,
                    self.user if override else None,
                    dt2s(self._clock()) if override else None,
                    referral_id,
                ),
            )
            self._event(referral_id, "sent", on, "consent override" if override else None)
            self._refresh(referral.case_id)
            self._log(
                AuditEvent(
                    "update",
                    f"referral {referral_id} sent" + (" with consent override" if override else ""),
                    case_id=referral.case_id,
                    client_id=client_id,
                )
            )
            return decision

    def set_referral_status(
        self, referral_id: int, status: str, *, on: date | None = None, note: str | None = None
    ) -> None:
        """Accepted, rejected, done or revoked (sending goes through :meth:`send_referral`)."""
        if status == "sent":
            raise InputRejected(_("Send a referral with send_referral: it checks consent."))
        on = on or self.today()
        with self.db.transaction():
            referral = self.read.referral(referral_id)
            check_status_change(referral.status, status)
            if referral.events and on < referral.events[-1].changed_on:
                raise InputRejected(_("A status change cannot be dated before the previous one."))
            self.db.execute("UPDATE referrals SET status = ? WHERE id = ?", (status, referral_id))
            self._event(referral_id, status, on, note)
            self._refresh(referral.case_id)
            self._log(
                AuditEvent("update", f"referral {referral_id} {status}", case_id=referral.case_id)
            )

    def record_referral_feedback(self, referral_id: int, feedback: str, on: date) -> None:
        with self.db.transaction():
            referral = self.read.referral(referral_id)
            self.db.execute(
                "UPDATE referrals SET feedback = ?, feedback_on = ? WHERE id = ?",
                (feedback, d2s(on), referral_id),
            )
            self._log(
                AuditEvent("update", f"referral {referral_id} feedback", case_id=referral.case_id)
            )

    def referral(self, referral_id: int) -> Referral:
        referral = self.read.referral(referral_id)
        self._log(AuditEvent("read", f"referral {referral_id}", case_id=referral.case_id))
        return referral

    def referral_lines(
        self, *, status: str | None = None, offset: int = 0, limit: int | None = None
    ) -> list[ReferralLine]:
        """Referrals as (id, type, status, organisation, case reference), oldest first; no
        names. ``limit`` pages through them (the app never loads them all). Logged as a list
        of the cases they belong to, like the deadline lists."""
        where = " WHERE r.status = ?" if status else ""
        params: list[object] = [status] if status else []
        page = ""
        if limit is not None:
            page = " LIMIT ? OFFSET ?"
            params += [limit, offset]
        rows = self.db.all(
            "SELECT r.id, r.referral_type, r.status, o.name, r.case_id, c.reference"
            " FROM referrals r JOIN organisations o ON o.id = r.organisation_id"
            f" JOIN cases c ON c.id = r.case_id{where} ORDER BY r.id{page}",
            params,
        )
        lines = [
            ReferralLine(
                id=r[0],
                referral_type=r[1],
                status=r[2],
                organisation=r[3],
                case_id=r[4],
                case_reference=r[5],
            )
            for r in rows
        ]
        if lines:
            self._log(
                AuditEvent(
                    "list",
                    f"referral list ({len(lines)})",
                    case_ids=tuple(sorted({ln.case_id for ln in lines if ln.case_id is not None})),
                )
            )
        return lines

    def count_referrals(self, *, status: str | None = None) -> int:
        if status:
            return int(self.db.scalar("SELECT count(*) FROM referrals WHERE status = ?", (status,)))
        return int(self.db.scalar("SELECT count(*) FROM referrals"))

    # -- notes and tasks -------------------------------------------------------------------------
    def add_note(self, case_id: int, body: str) -> int:
        note = Note(case_id=case_id, written_at=self._clock(), author=self.user, body=body)
        with self.db.transaction():
            client_id = self._case_client(case_id)
            cursor = self.db.execute(
                "INSERT INTO notes(case_id, written_at, author, body) VALUES (?, ?, ?, ?)",
                (case_id, dt2s(note.written_at), note.author, note.body),
            )
            self._log(AuditEvent("create", "note", case_id=case_id, client_id=client_id))
            return int(cursor.lastrowid)

    def add_task(self, case_id: int, title: str, due_on: date) -> int:
        title = title.strip()
        if not title or len(title) > 500:
            raise InputRejected(_("A task needs a title of 1 to 500 characters."))
        with self.db.transaction():
            client_id = self._case_client(case_id)
            cursor = self.db.execute(
                "INSERT INTO tasks(case_id, kind, due_on, title, created_by, created_at)"
                " VALUES (?, 'manual', ?, ?, ?, ?)",
                (case_id, d2s(due_on), title, self.user, dt2s(self._clock())),
            )
            deadline_sync.update_next_deadline(self.db, case_id)
            self._log(AuditEvent("create", "task", case_id=case_id, client_id=client_id))
            return int(cursor.lastrowid)

    def complete_task(self, task_id: int, done_on: date | None = None) -> None:
        with self.db.transaction():
            row = self.db.all("SELECT case_id, kind FROM tasks WHERE id = ?", (task_id,))
            if not row:
                raise InputRejected(
                    _("There is no task with id %(task_id)s.") % {"task_id": task_id}
                )
            case_id, kind = row[0]
            if kind != "manual":
                raise InputRejected(
                    _(
                        "A deadline is resolved by recording what it waits for, not by ticking it off."
                    )
                )
            self.db.execute(
                "UPDATE tasks SET done_on = ? WHERE id = ?", (d2s(done_on or self.today()), task_id)
            )
            deadline_sync.update_next_deadline(self.db, case_id)
            self._log(AuditEvent("update", "task done", case_id=case_id))

    def due_soon(
        self, *, today: date | None = None, days: int = DEFAULT_DUE_SOON_DAYS, limit: int = 200
    ) -> list[DueItem]:
        today = today or self.today()
        return self._due(
            "t.due_on >= ? AND t.due_on <= ?",
            [d2s(today), d2s(today + timedelta(days=days))],
            limit,
        )

    def overdue(self, *, today: date | None = None, limit: int = 200) -> list[DueItem]:
        today = today or self.today()
        return self._due("t.due_on < ?", [d2s(today)], limit)

    def _due(self, condition: str, params: list[object], limit: int) -> list[DueItem]:
        rows = self.db.all(
            "SELECT t.id, t.case_id, c.reference, t.kind, t.due_on, t.title FROM tasks t"
            f" JOIN cases c ON c.id = t.case_id WHERE t.done_on IS NULL AND {condition}"
            " ORDER BY t.due_on, t.id LIMIT ?",
            [*params, limit],
        )
        items = [
            DueItem(
                task_id=r[0],
                case_id=r[1],
                case_reference=r[2],
                kind=r[3],
                due_on=date.fromisoformat(r[4]),
                title=r[5],
            )
            for r in rows
        ]
        self._log(
            AuditEvent(
                "list", f"task list ({len(items)})", case_ids=tuple({i.case_id for i in items})
            )
        )
        return items


_SIGNAL_SELECT = (
    "SELECT s.id, s.signal_date, s.signaller, s.location_type, s.sector, s.municipality, s.forms,"
    " s.description, s.recorded_by, s.case_id, c.reference FROM signals s"
    " LEFT JOIN cases c ON c.id = s.case_id"
)


def _signal_from_row(r: Any) -> Signal:
    return Signal(
        id=r[0],
        case_id=r[9],
        signal_date=date.fromisoformat(r[1]),
        signaller=r[2],
        location_type=r[3],
        sector=r[4],
        municipality=r[5],
        exploitation_forms=tuple(r[6].split(";")),
        description=r[7],
        recorded_by=r[8],
    )
