"""Back-dated cases full of canary strings, for the retention, erasure and subject-export tests.

Each canary is a made-up word that occurs nowhere else, so finding it anywhere (a table, an
FTS shadow table, a raw page) means identifying data survived.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import sqlcipher3

from carecoord.domain.case import Signal
from carecoord.domain.case_work import (
    CaseContact,
    CaseGoal,
    CaseMeeting,
    ContactPerson,
    MeetingAction,
    MeetingParticipant,
    SafetyAssessment,
)
from carecoord.domain.client import ClientCircumstances, ClientFacts, ClientIdentity
from carecoord.domain.consent import Consent
from carecoord.domain.legal import ReflectionPeriod
from carecoord.domain.referral import Organisation
from carecoord.domain.support import ShelterStay
from carecoord.letters.archive import DocumentArchive
from carecoord.store.audit import AuditSink, no_audit
from carecoord.store.case_store import CaseStore
from carecoord.vault.database import Database

# Lower case: the FTS index stores tokens folded, the scans compare folded text.
A_CANARIES = {
    "given": "quirinaxq",
    "given_rectified": "quirinaxr",
    "family": "vornholtzq",
    "alias": "kitzelbaumq",
    "address": "kanaalwegzq",
    "phone": "0612999777",
    "email": "zyxmailq@example.org",
    "signal": "vondeldescq",
    "phase_reason": "phasereasonq",
    "referral_reason": "refreasonq",
    "feedback": "feedbackq",
    "consent_note": "consentnoteq",
    "note": "notebodyq",
    "task": "tasktitleq",
    "plan_goal": "plangoalq",
    "document": "letterbodyq",
    "employer": "werkgeverq",  # a circumstance kept with the identity (issue 15)
    # Case work (issue 16): a contact person, a goal, a meeting, its action, the safety plan.
    "contact_name": "contactnameq",
    "contact_phone": "0698123457",
    "contact_email": "contactmailq@example.org",
    "case_goal": "casegoalq",
    "decisions": "decisionsq",
    "legal_ground": "legalgroundq",
    "action": "actionwordq",
    "measures": "measuresq",
}
D_CANARY = "heldnameq"


@dataclass
class Clock:
    now: datetime = datetime(2005, 3, 1, 10, 0, tzinfo=UTC)
    history: list[datetime] = field(default_factory=list)

    def __call__(self) -> datetime:
        return self.now

    def at(self, day: date) -> None:
        self.now = datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Filled:
    a_case: str  # support given, closed 2006: due (15 years)
    b_case: str  # signal only, closed 2019: due (5 years)
    c_case: str  # support given, closed 2019: not due
    d_case: str  # support given, closed 2005, legal hold candidate


def _case(store: CaseStore, clock: Clock, ref: str, given: str, opened: date) -> int:
    clock.at(opened)
    client_id = store.clients.register(
        ClientFacts(reference=ref, gender="female", nationality="RO"),
        ClientIdentity(given_name=given, family_name=f"{ref.lower()}family"),
    )
    return store.cases.open(
        client_id,
        Signal(
            signal_date=opened,
            signaller="police",
            exploitation_forms=("sexual",),
            municipality="GM0363",
            sector="window_licensed",
        ),
    )


def fill(db: Database, user: str, audit: AuditSink = no_audit) -> Filled:
    clock = Clock()
    store = CaseStore(db, user=user, audit=audit, clock=clock)
    a = A_CANARIES
    org = store.organisations.add(Organisation(name="Opvang Noord", services=("shelter",)))

    # A: everything filled in, support given, closed 2006.
    clock.at(date(2005, 3, 1))
    client_a = store.clients.register(
        ClientFacts(reference="CL-A", gender="female", nationality="RO"),
        ClientIdentity(
            given_name=a["given"].capitalize(),
            family_name=a["family"].capitalize(),
            aliases=(a["alias"].capitalize(),),
            birth_date=date(1985, 5, 5),
            phone=a["phone"],
            email=a["email"],
            address=f"{a['address'].capitalize()} 77, Zwolle",
        ),
    )
    store.clients.set_circumstances(
        client_a,
        ClientCircumstances(
            labour_migrant=True,
            housing_tied_to_employer="yes",
            residence_registration="brp",
            employer=f"Uitzendbureau {a['employer'].capitalize()}",
        ),
    )
    case_a = store.cases.open(
        client_a,
        Signal(
            signal_date=date(2005, 3, 1),
            signaller="police",
            exploitation_forms=("sexual", "labour"),
            municipality="GM0193",
            sector="window_licensed",
            description=f"Seen at {a['signal']} street",
        ),
    )
    clock.at(date(2005, 3, 10))
    store.pathway.change_phase(case_a, "intake")
    store.tasks.add_note(case_a, f"Met her: {a['note']} lives with an aunt")
    store.tasks.add(case_a, f"Call {a['task']}", date(2005, 4, 1))
    store.consents.record(
        Consent(
            client_id=client_a,
            recipient_id=org,
            purposes=("shelter",),
            data_categories=("identity",),
            given_on=date(2005, 3, 10),
            given_by="client",
            note=f"signed {a['consent_note']}",
        )
    )
    referral = store.referrals.create(
        case_a, org, "shelter", reason=f"needs {a['referral_reason']}"
    )
    store.referrals.send(referral)
    store.referrals.record_feedback(referral, f"placed {a['feedback']}", date(2005, 3, 10))
    clock.at(date(2005, 3, 12))
    store.pathway.change_phase(case_a, "shelter")
    # The legal track beside the phase: codes and dates only, kept for statistics.
    store.legal.save_reflection(
        case_a,
        ReflectionPeriod(
            offered_on=date(2005, 3, 11),
            offered_by="police",
            started_on=date(2005, 3, 12),
            outcome="report_filed",
            outcome_on=date(2005, 3, 12),
        ),
    )
    store.support.add_shelter_stay(
        case_a, ShelterStay(shelter_type="cosm", provider_id=org, started_on=date(2005, 3, 12))
    )
    programme = store.support.enrol_exit_programme(case_a, date(2005, 3, 12))
    # The exit programme's plan: a goal of the case plan that names the programme.
    store.plan.add_goal(
        case_a,
        CaseGoal(domain="housing", goal=f"own {a['plan_goal']}", exit_programme_id=programme),
    )
    _case_work(store, case_a, client_a, org)
    store.clients.rectify_identity(
        client_a,
        store.read.client(client_a).identity.model_copy(  # type: ignore[union-attr]
            update={"given_name": a["given_rectified"].capitalize()}
        ),
    )
    DocumentArchive(db).add(
        b"%PDF-1.7 test letter " + a["document"].encode() + b" " + a["given"].encode(),
        kind="referral_letter",
        language="nl",
        reference="2005-000001-V1",
        created_by=user,
        referral_id=str(referral),
        case_ref=store.read.summary(case_a).reference,
    )
    clock.at(date(2006, 1, 10))
    store.pathway.change_phase(
        case_a, "closed", reason=f"done {a['phase_reason']}", closure_reason="completed"
    )

    # B: a signal only, closed 2019: 5 years, due since 2024.
    case_b = _case(store, clock, "CL-B", "Bertaq", date(2019, 1, 5))
    clock.at(date(2019, 2, 1))
    store.pathway.change_phase(case_b, "closed", closure_reason="no_victim_indication")

    # C: support given, closed 2019: due only in 2034.
    case_c = _case(store, clock, "CL-C", "Ceesq", date(2019, 1, 5))
    clock.at(date(2019, 1, 6))
    store.pathway.change_phase(case_c, "intake")
    clock.at(date(2019, 2, 1))
    store.pathway.change_phase(case_c, "closed", closure_reason="completed")

    # D: support given, closed 2005 (due), to be put under a legal hold by the tests.
    case_d = _case(store, clock, "CL-D", D_CANARY.capitalize(), date(2005, 1, 5))
    clock.at(date(2005, 1, 6))
    store.pathway.change_phase(case_d, "intake")
    store.tasks.add_note(case_d, f"{D_CANARY} note")
    clock.at(date(2005, 2, 1))
    store.pathway.change_phase(case_d, "closed", closure_reason="declined")
    refs = [store.read.summary(c).reference for c in (case_a, case_b, case_c, case_d)]
    return Filled(*refs)


def _case_work(store: CaseStore, case_id: int, client_id: int, org: int) -> None:
    """Case work on case A (issue 16), every free-text field with its canary."""
    a = A_CANARIES
    police = store.organisations.add(Organisation(name="Politie Noord", services=("other",)))
    store.contacts.add(
        case_id,
        CaseContact(
            role="lawyer",
            person=ContactPerson(
                name=f"Mr {a['contact_name'].capitalize()}",
                phone=a["contact_phone"],
                email=a["contact_email"],
            ),
        ),
    )
    store.contacts.add(case_id, CaseContact(role="shelter_contact", organisation_id=org))
    store.plan.add_goal(
        case_id,
        CaseGoal(domain="safety", goal=f"find {a['case_goal']}", target_on=date(2005, 6, 1)),
    )
    store.consents.record(
        Consent(
            client_id=client_id,
            recipient_id=org,
            purposes=("case_consultation",),
            data_categories=("identity",),
            given_on=date(2005, 3, 12),
        )
    )
    # The shelter has consent, the police does not: the legal ground covers it.
    store.meetings.record(
        case_id,
        CaseMeeting(
            held_on=date(2005, 3, 12),
            kind="zorg_en_veiligheidshuis",
            participants=(
                MeetingParticipant(organisation_id=org),
                MeetingParticipant(organisation_id=police),
            ),
            decisions=f"agreed {a['decisions']}",
            legal_ground=f"acute danger to the client, {a['legal_ground']}",
            actions=(
                MeetingAction(
                    description=f"call {a['action']}",
                    owner_user=store.user,
                    due_on=date(2005, 3, 20),
                ),
            ),
        ),
    )
    store.safety.assess(
        case_id,
        SafetyAssessment(
            assessed_on=date(2005, 3, 12),
            risk_level="high",
            threats=("contact_with_exploiter",),
            measures=f"no visits {a['measures']}",
            review_on=date(2005, 4, 12),
        ),
    )


def plaintext_copy(db: Database, target: Path) -> Path:
    """A decrypted copy of the vault database (tests only): sqlcipher_export into a file
    attached with an empty key, i.e. not encrypted."""
    db.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
    try:
        db.execute("SELECT sqlcipher_export('plain')")
    finally:
        db.execute("DETACH DATABASE plain")
    return target


def every_text(path: Path) -> str:
    """Every value of every table of a plain SQLite file, FTS shadow tables included, and every
    term in each FTS index (via fts5vocab), folded to lower case."""
    conn = sqlcipher3.connect(str(path))
    try:
        parts: list[str] = []
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            if table.endswith("_fts"):
                continue  # the virtual table reads its content table, dumped on its own
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, bytes):
                        parts.append(value.decode("latin-1"))
                    elif value is not None:
                        parts.append(str(value))
        for fts in ("client_names_fts", "notes_fts"):
            conn.execute(f"CREATE VIRTUAL TABLE temp.v_{fts} USING fts5vocab(main, {fts}, 'row')")
            parts.extend(r[0] for r in conn.execute(f"SELECT term FROM temp.v_{fts}"))
        return "\n".join(parts).lower()
    finally:
        conn.close()


def fts_terms(path: Path) -> set[str]:
    conn = sqlcipher3.connect(str(path))
    try:
        terms: set[str] = set()
        for fts in ("client_names_fts", "notes_fts"):
            conn.execute(f"CREATE VIRTUAL TABLE temp.v_{fts} USING fts5vocab(main, {fts}, 'row')")
            terms.update(r[0] for r in conn.execute(f"SELECT term FROM temp.v_{fts}"))
        return terms
    finally:
        conn.close()
