"""Reading the parts of one case from the vault into domain models (no audit here: the facade logs)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from carecoord.domain.case import CaseFacts, CaseSummary, PhaseChange, Signal
from carecoord.domain.casefile import CaseFile, Note
from carecoord.domain.client import Client, ClientFacts, ClientIdentity
from carecoord.domain.consent import Consent
from carecoord.domain.deadlines import Task
from carecoord.domain.referral import Referral, ReferralEvent
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.case_work_reader import CaseWorkReads
from carecoord.store.sqlvalues import json_codes, s2d, s2d_required, s2dt, text_forms
from carecoord.store.track_reader import TrackReads, circumstances_from_row
from carecoord.vault.database import Database

SUMMARY_COLUMNS = (
    "c.id, c.reference, c.client_id, cl.reference, ci.given_name, ci.family_name, c.phase,"
    " c.phase_since, c.opened_on, c.closed_on, c.municipality, c.forms, c.next_deadline,"
    " c.closure_reason, c.closure_migrated, c.received_from, c.received_on, c.sender_reference"
)
SUMMARY_JOINS = (
    " JOIN clients cl ON cl.id = c.client_id"
    " LEFT JOIN client_identity ci ON ci.client_id = c.client_id"
)
SUMMARY_FROM = "cases c" + SUMMARY_JOINS


def display_name(given: str | None, family: str | None) -> str:
    parts = [p for p in (given, family) if p]
    return " ".join(parts) if parts else _("(no name)")


def summary_from_row(row: Any) -> CaseSummary:
    return CaseSummary(
        id=row[0],
        reference=row[1],
        client_id=row[2],
        client_reference=row[3],
        display_name=display_name(row[4], row[5]),
        phase=row[6],
        phase_since=s2d_required(row[7]),
        opened_on=s2d_required(row[8]),
        closed_on=s2d(row[9]),
        municipality=row[10],
        exploitation_forms=text_forms(row[11]),
        next_deadline=s2d(row[12]),
        closure_reason=row[13],
        closure_migrated=bool(row[14]),
        received_from=row[15],
        received_on=s2d(row[16]),
        sender_reference=row[17],
    )


class CaseReader(TrackReads, CaseWorkReads):
    """The case's core records here; the tracks and support in :class:`TrackReads`, the
    plan, contacts, meetings and safety in :class:`CaseWorkReads`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def summary(self, case_id: int) -> CaseSummary:
        rows = self._db.all(
            f"SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE c.id = ?", (case_id,)
        )
        if not rows:
            raise InputRejected(_("There is no case with id %(case_id)s.") % {"case_id": case_id})
        return summary_from_row(rows[0])

    def facts(self, case_id: int) -> tuple[CaseFacts, int | None]:
        row = self._db.all(
            "SELECT forms, sector, location_type, signaller, municipality, age_at_signal"
            " FROM cases WHERE id = ?",
            (case_id,),
        )[0]
        facts = CaseFacts(
            exploitation_forms=text_forms(row[0]),
            sector=row[1],
            location_type=row[2],
            signaller=row[3],
            municipality=row[4],
        )
        return facts, row[5]

    def client(self, client_id: int) -> Client:
        rows = self._db.all(
            "SELECT cl.reference, cl.gender, cl.nationality, ci.client_id, ci.given_name,"
            " ci.family_name, ci.aliases, ci.birth_date, ci.phone, ci.email, ci.address,"
            " ci.address_is_secret, ci.language, ci.interpreter_needed, cl.custody,"
            " cl.labour_migrant, cl.housing_tied_to_employer, cl.residence_registration,"
            " ci.employer FROM clients cl LEFT JOIN client_identity ci ON ci.client_id = cl.id WHERE cl.id = ?",
            (client_id,),
        )
        if not rows:
            raise InputRejected(
                _("There is no client with id %(client_id)s.") % {"client_id": client_id}
            )
        r = rows[0]
        identity = None
        if r[3] is not None:
            identity = ClientIdentity(
                given_name=r[4],
                family_name=r[5],
                aliases=tuple(json.loads(r[6])),
                birth_date=s2d(r[7]),
                phone=r[8],
                email=r[9],
                address=r[10],
                address_is_secret=bool(r[11]),
                language=r[12],
                interpreter_needed=bool(r[13]),
            )
        facts = ClientFacts(reference=r[0], gender=r[1], nationality=r[2])
        return Client(
            id=client_id,
            facts=facts,
            identity=identity,
            circumstances=circumstances_from_row(tuple(r[14:19])),
        )

    def birth_date_of_client(self, client_id: int) -> Any:
        return s2d(
            self._db.scalar(
                "SELECT birth_date FROM client_identity WHERE client_id = ?", (client_id,)
            )
        )

    def signals(self, case_id: int) -> list[Signal]:
        return [
            Signal(
                id=r[0],
                case_id=case_id,
                signal_date=s2d_required(r[1]),
                signaller=r[2],
                location_type=r[3],
                sector=r[4],
                municipality=r[5],
                exploitation_forms=text_forms(r[6]),
                description=r[7],
                recorded_by=r[8],
            )
            for r in self._db.all(
                "SELECT id, signal_date, signaller, location_type, sector, municipality, forms,"
                " description, recorded_by FROM signals WHERE case_id = ? ORDER BY signal_date, id",
                (case_id,),
            )
        ]

    def phase_history(self, case_id: int) -> list[PhaseChange]:
        return [
            PhaseChange(
                id=r[0],
                from_phase=r[1],
                to_phase=r[2],
                changed_on=s2d_required(r[3]),
                changed_by=r[4],
                reason=r[5],
                recorded_at=s2dt(r[6]),
                closure_reason=r[7],
            )
            for r in self._db.all(
                "SELECT id, from_phase, to_phase, changed_on, changed_by, reason, recorded_at,"
                " closure_reason FROM phase_changes WHERE case_id = ? ORDER BY changed_on, id",
                (case_id,),
            )
        ]

    def referral(self, referral_id: int) -> Referral:
        rows = self._db.all(_REFERRAL_SELECT + " WHERE id = ?", (referral_id,))
        if not rows:
            raise InputRejected(
                _("There is no referral with id %(referral_id)s.") % {"referral_id": referral_id}
            )
        return self._referral(rows[0], self._events("referral_id = ?", referral_id))

    def referrals(self, case_id: int) -> list[Referral]:
        events = self._events(
            "referral_id IN (SELECT id FROM referrals WHERE case_id = ?)", case_id
        )
        return [
            self._referral(r, events)
            for r in self._db.all(_REFERRAL_SELECT + " WHERE case_id = ? ORDER BY id", (case_id,))
        ]

    def _events(self, condition: str, value: int) -> dict[int, list[ReferralEvent]]:
        # Ordering in Python: under SQLCipher a temporary sort b-tree costs more than the query
        # (measured in benchmarks/bench_cases.py); the index already yields id order per referral.
        events: dict[int, list[ReferralEvent]] = {}
        for referral_id, status, changed_on, changed_by, note in self._db.all(
            "SELECT referral_id, status, changed_on, changed_by, note FROM referral_events"
            f" WHERE {condition}",
            (value,),
        ):
            events.setdefault(referral_id, []).append(
                ReferralEvent(
                    status=status,
                    changed_on=s2d_required(changed_on),
                    changed_by=changed_by,
                    note=note,
                )
            )
        return events

    def _referral(self, r: Any, events: dict[int, list[ReferralEvent]]) -> Referral:
        return Referral(
            id=r[0],
            case_id=r[1],
            organisation_id=r[2],
            referral_type=r[3],
            urgency=r[4],
            status=r[5],
            reason=r[6],
            created_on=s2d_required(r[7]),
            sent_on=s2d(r[8]),
            consent_id=r[9],
            override_reason=r[10],
            override_by=r[11],
            override_at=s2dt(r[12]),
            feedback=r[13],
            feedback_on=s2d(r[14]),
            events=tuple(events.get(r[0], ())),
        )

    def consents(self, client_id: int) -> list[Consent]:
        recipients = self._recipients(
            "consent_id IN (SELECT id FROM consents WHERE client_id = ?)", client_id
        )
        consents = [
            self._consent(r, recipients)
            for r in self._db.all(_CONSENT_SELECT + " WHERE client_id = ?", (client_id,))
        ]
        return sorted(consents, key=lambda c: (c.given_on, c.id or 0))

    def consent(self, consent_id: int) -> Consent:
        rows = self._db.all(_CONSENT_SELECT + " WHERE id = ?", (consent_id,))
        if not rows:
            raise InputRejected(
                _("There is no consent with id %(consent_id)s.") % {"consent_id": consent_id}
            )
        return self._consent(rows[0], self._recipients("consent_id = ?", consent_id))

    def _recipients(self, condition: str, value: int) -> dict[int, list[int]]:
        """Every recipient organisation per consent (schema 0051: consent_recipients)."""
        found: dict[int, list[int]] = {}
        for consent_id, organisation_id in self._db.all(
            f"SELECT consent_id, organisation_id FROM consent_recipients WHERE {condition}",
            (value,),
        ):
            found.setdefault(consent_id, []).append(organisation_id)
        return found

    @staticmethod
    def _consent(r: Any, recipients: dict[int, list[int]]) -> Consent:
        return Consent(
            id=r[0],
            client_id=r[1],
            recipient_id=r[2],
            further_recipient_ids=tuple(o for o in recipients.get(r[0], ()) if o != r[2]),
            purposes=json_codes(r[3]),
            data_categories=json_codes(r[4]),
            given_on=s2d_required(r[5]),
            given_by=r[6],
            valid_until=s2d(r[7]),
            withdrawn_on=s2d(r[8]),
            note=r[9],
        )

    def tasks(self, case_id: int) -> list[Task]:
        return [
            Task(
                id=r[0],
                case_id=case_id,
                kind=r[1],
                due_on=s2d_required(r[2]),
                source_id=r[3],
                title=r[4],
                done_on=s2d(r[5]),
                created_by=r[6],
                created_at=s2dt(r[7]),
            )
            for r in self._db.all(
                "SELECT id, kind, due_on, source_id, title, done_on, created_by, created_at"
                " FROM tasks WHERE case_id = ? ORDER BY due_on, id",
                (case_id,),
            )
        ]

    def notes(self, case_id: int) -> list[Note]:
        return [
            Note(
                id=r[0],
                case_id=case_id,
                written_at=datetime.fromisoformat(r[1]),
                author=r[2],
                body=r[3],
            )
            for r in self._db.all(
                "SELECT id, written_at, author, body FROM notes WHERE case_id = ?"
                " ORDER BY written_at, id",
                (case_id,),
            )
        ]

    def case_file(self, case_id: int) -> CaseFile:
        summary = self.summary(case_id)
        facts, age = self.facts(case_id)
        return CaseFile(
            summary=summary,
            facts=facts,
            age_at_signal=age,
            client=self.client(summary.client_id),
            signals=tuple(self.signals(case_id)),
            phase_history=tuple(self.phase_history(case_id)),
            reflection=self.reflection(case_id),
            permits=tuple(self.permits(case_id)),
            comensha=tuple(self.comensha(case_id)),
            identification=self.identification(case_id),
            shelter_stays=tuple(self.shelter_stays(case_id)),
            exit_programme=self.exit_programme(case_id),
            goals=tuple(self.goals(case_id)),
            contacts=tuple(self.contacts(case_id)),
            meetings=tuple(self.meetings(case_id)),
            safety=tuple(self.safety_assessments(case_id)),
            referrals=tuple(self.referrals(case_id)),
            consents=tuple(self.consents(summary.client_id)),
            tasks=tuple(self.tasks(case_id)),
            notes=tuple(self.notes(case_id)),
        )


_REFERRAL_SELECT = (
    "SELECT id, case_id, organisation_id, referral_type, urgency, status, reason, created_on,"
    " sent_on, consent_id, override_reason, override_by, override_at, feedback, feedback_on"
    " FROM referrals"
)
_CONSENT_SELECT = (
    "SELECT id, client_id, recipient_id, purposes, data_categories, given_on, given_by,"
    " valid_until, withdrawn_on, note FROM consents"
)
