"""One write path per table: a case written whole by the BulkWriter (import, demo) leaves the
same rows in every table as the same case entered step by step through the store.

Both vaults are new, get the same partner organisation and the same clock, so every column
compares except the row ids (the store rewrites derived deadlines at every step, so their ids
run on). Any column one writer fills differently from the other fails here by name.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from carecoord.domain.case import CaseFacts, PhaseChange, Signal
from carecoord.domain.case_work import (
    CaseContact,
    CaseGoal,
    CaseMeeting,
    ContactPerson,
    MeetingAction,
    MeetingParticipant,
    SafetyAssessment,
)
from carecoord.domain.casefile import Note
from carecoord.domain.client import ClientCircumstances, ClientFacts, ClientIdentity
from carecoord.domain.comensha import ComenshaRegistration
from carecoord.domain.consent import Consent, ConsentMissing
from carecoord.domain.deadlines import Task
from carecoord.domain.identification import IdentificationRoute
from carecoord.domain.legal import PermitRenewal, ReflectionPeriod, ResidencePermit
from carecoord.domain.referral import Organisation, Referral
from carecoord.domain.support import ExitProgramme, Milestone, ShelterStay
from carecoord.errors import InputRejected
from carecoord.store.bulk import _ORDER, BulkWriter, NewCase, NewReferral, NewRegistration
from carecoord.store.bulk_case_work import NewCaseWork, NewGoal
from carecoord.store.case_store import CaseStore
from carecoord.vault import Vault
from carecoord.vault.database import Database
from tests.conftest import PASSPHRASE, USER

NOW = datetime(2025, 6, 15, 12, tzinfo=UTC)
D = date  # short: the dates below read as a case file
WHY = "recorded after the home visit"
OVERRIDE = "client in danger, no time to ask for consent"

CLIENT = ClientFacts(reference="CL-7", gender="female", nationality="NG")
IDENTITY = ClientIdentity(
    given_name="Maria",
    family_name="Popescu",
    aliases=("Mia",),
    birth_date=D(1995, 3, 1),
    phone="0612345678",
    language="ro",
    interpreter_needed=True,
)
FACTS = CaseFacts(
    exploitation_forms=("sexual", "labour"),
    sector="window_licensed",
    location_type="sex_business",
    signaller="police",
    municipality="GM0363",
)
FIRST = Signal(
    signal_date=D(2025, 1, 10),
    signaller="police",
    location_type="sex_business",
    sector="window_licensed",
    municipality="GM0363",
    exploitation_forms=("sexual",),
    description="Controle bij een raambordeel.",
)
LATER = Signal(signal_date=D(2025, 2, 1), signaller="fairwork", description="Tweede melding.")
# (phase, date) after 'signalled' on the first signal's date; all back-dated, so with a reason.
# The client is in COSM shelter during the bedenktijd (legal track beside the care phase), files
# a report, gets a B8/3 permit on that ground (renewed), and moves on to ambulant support.
STEPS = [
    ("intake", D(2025, 1, 20)),
    ("shelter", D(2025, 1, 25)),
    ("support", D(2025, 5, 1)),
]
STAY = ShelterStay(shelter_type="cosm", started_on=D(2025, 1, 25))
REFLECTION = ReflectionPeriod(
    offered_on=D(2025, 1, 24),
    offered_by="police",
    ind_informed_on=D(2025, 1, 27),
    started_on=D(2025, 1, 25),
)
OUTCOME = ("report_filed", D(2025, 3, 1))
PERMIT = {"ground": "report_filed", "applied_on": D(2025, 3, 1), "granted_on": D(2025, 4, 1)}
PERMIT_VALID = D(2026, 4, 1)
RENEWAL = PermitRenewal(renewed_on=D(2025, 6, 1), valid_until=D(2027, 4, 1))
REGISTRATION = ComenshaRegistration(
    registered_on=D(2025, 2, 1), basis="consent", already_registered_by="police"
)
ROUTE = IdentificationRoute(route="criminal_law")
CIRCUMSTANCES = ClientCircumstances(
    labour_migrant=True,
    housing_tied_to_employer="yes",
    residence_registration="rni",
    employer="Uitzendbureau Snel",
)
STAY_END = (D(2025, 5, 1), "moved_on")
CONSENT = Consent(
    client_id=0,
    recipient_id=0,
    purposes=("shelter", "legal_aid", "comensha_registration"),
    data_categories=("identity", "contact"),
    given_on=D(2025, 1, 20),
    valid_until=D(2025, 12, 31),
)
GROUND = "Acute dreiging; delen met de politie volgt uit de meldcode."
# Case work (issue 16). The organisations by their place: 0 the shelter, 1 the police.
MEETING_CONSENT = Consent(
    client_id=0,
    recipient_id=0,
    purposes=("case_consultation",),
    data_categories=("identity", "exploitation"),
    given_on=D(2025, 5, 1),
    valid_until=D(2026, 5, 1),
)
GOALS = (
    # The first is served by the first referral (the writer links it by index).
    CaseGoal(domain="housing", goal="Eigen kamer vinden", target_on=D(2025, 9, 1)),
    CaseGoal(
        domain="safety", goal="Nieuw telefoonnummer", status="reached", status_on=D(2025, 6, 1)
    ),
    CaseGoal(domain="legal", goal="Aangifte doen", status="in_progress", target_on=D(2025, 7, 1)),
)
# The exit programme's plan: a goal of the case plan that names the programme (schema 0052).
EXIT_GOAL = CaseGoal(
    domain="housing", goal="Eigen kamer", status="in_progress", status_on=D(2025, 5, 20)
)
SAFETY = (
    SafetyAssessment(
        assessed_on=D(2025, 5, 1),
        risk_level="high",
        threats=("contact_with_exploiter", "debts"),
        measures="Geheim adres; niet alleen naar buiten.",
        review_on=D(2025, 6, 1),
    ),
    SafetyAssessment(
        assessed_on=D(2025, 6, 10), risk_level="medium", threats=("debts",), review_on=D(2025, 8, 1)
    ),
)


def _contacts(orgs: list[int]) -> list[CaseContact]:
    return [
        CaseContact(
            role="lawyer",
            organisation_id=orgs[0],
            person=ContactPerson(name="Mr. J. de Vries", phone="0100-123456"),
        ),
        CaseContact(role="police_contact", organisation_id=orgs[1], ended_on=D(2025, 6, 1)),
        CaseContact(role="interpreter", person=ContactPerson(name="A. Tolk", email="t@x.example")),
    ]


def _meetings(orgs: list[int]) -> list[CaseMeeting]:
    both = (
        MeetingParticipant(organisation_id=orgs[0]),
        MeetingParticipant(organisation_id=orgs[1]),
    )
    return [
        # Before the consent for case consultation: the legal ground covers it.
        CaseMeeting(
            held_on=D(2025, 4, 1),
            kind="zorg_en_veiligheidshuis",
            participants=both[1:],
            decisions="Veiligheidsplan opstellen.",
            legal_ground=GROUND,
        ),
        # Covered by the consent: a ground given anyway is not kept, both ways.
        CaseMeeting(
            held_on=D(2025, 5, 20),
            kind="casusoverleg",
            participants=both,
            decisions="Opvang verlengen.",
            legal_ground=GROUND,
            actions=(
                MeetingAction(
                    description="Advocaat bellen", owner_user=USER, due_on=D(2025, 6, 30)
                ),
                MeetingAction(
                    description="Aangifte plannen",
                    owner_organisation_id=orgs[1],
                    due_on=D(2025, 6, 1),
                    done_on=D(2025, 6, 1),
                ),
            ),
        ),
    ]


def _organisation(store: CaseStore) -> int:
    org = store.organisations.add(
        Organisation(name="Opvang Noord", services=("shelter", "legal_aid", "medical"))
    )
    store.organisations.add(Organisation(name="Politie", services=("police_report",)))
    return org


def _orgs(store: CaseStore) -> list[int]:
    return [int(r[0]) for r in store.db.all("SELECT id FROM organisations ORDER BY id")]


def case_work_by_store(store: CaseStore, case: int, client: int, referral: int) -> None:
    orgs = _orgs(store)
    store.consents.record(
        MEETING_CONSENT.model_copy(
            update={
                "client_id": client,
                "recipient_id": orgs[0],
                "further_recipient_ids": (orgs[1],),
            }
        )
    )
    store.plan.add_goal(case, GOALS[0].model_copy(update={"referral_id": referral}))
    for goal in GOALS[1:]:
        store.plan.add_goal(case, goal)
    for contact in _contacts(orgs):
        store.contacts.add(case, contact)
    for meeting in _meetings(orgs):
        store.meetings.record(case, meeting)
    for assessment in SAFETY:
        store.safety.assess(case, assessment)


def case_work_as_new(orgs: list[int], *, exit_goal: bool = False) -> NewCaseWork:
    exit_plan = [NewGoal(EXIT_GOAL, exit_programme=True)] if exit_goal else []
    return NewCaseWork(
        goals=[
            *exit_plan,
            NewGoal(GOALS[0], referral_index=0),
            *(NewGoal(g) for g in GOALS[1:]),
        ],
        contacts=_contacts(orgs),
        meetings=_meetings(orgs),
        safety=list(SAFETY),
    )


def by_store(store: CaseStore) -> None:
    org = _organisation(store)
    client = store.clients.register(CLIENT, IDENTITY)
    store.clients.set_circumstances(client, CIRCUMSTANCES)
    case = store.cases.open(client, FIRST, FACTS)
    store.signals.add(LATER.model_copy(update={"case_id": case}))
    consent = store.consents.record(
        CONSENT.model_copy(update={"client_id": client, "recipient_id": org})
    )
    for phase, on in STEPS:
        store.pathway.change_phase(case, phase, on=on, reason=WHY)
        if phase == "shelter":
            stay = store.support.add_shelter_stay(
                case, STAY.model_copy(update={"provider_id": org})
            )
            store.legal.save_reflection(case, REFLECTION)
            store.comensha.register(case, REGISTRATION.model_copy(update={"consent_id": consent}))
            store.identification.set_route(case, ROUTE)
            store.legal.set_reflection_outcome(case, *OUTCOME)
            permit = store.legal.record_granted_permit(case, **PERMIT, valid_until=PERMIT_VALID)
            store.legal.renew_permit(permit, RENEWAL.renewed_on, RENEWAL.valid_until)
    store.support.end_shelter_stay(stay, *STAY_END)
    programme = store.support.enrol_exit_programme(case, D(2025, 5, 2), "Uitstapprogramma")
    store.plan.add_goal(case, EXIT_GOAL.model_copy(update={"exit_programme_id": programme}))
    store.support.record_milestone(programme, "intake", D(2025, 5, 20))
    covered = store.referrals.create(
        case, org, "legal_aid", reason="Advocaat", created_on=D(2025, 5, 3)
    )
    store.referrals.send(covered, on=D(2025, 5, 4))
    store.referrals.set_status(covered, "accepted", on=D(2025, 5, 10))
    store.referrals.record_feedback(covered, "Intake gepland", D(2025, 5, 12))
    urgent = store.referrals.create(
        case, org, "medical", urgency="urgent", created_on=D(2025, 6, 1)
    )
    store.referrals.send(urgent, on=D(2025, 6, 2), override_reason=OVERRIDE)
    store.tasks.add_note(case, "Gesprek met tolk gevoerd.")
    store.tasks.add(case, "Evaluatiegesprek plannen", D(2025, 7, 1))
    done = store.tasks.add(case, "Huisarts bellen", D(2025, 6, 10))
    store.tasks.complete(done, D(2025, 6, 12))
    case_work_by_store(store, case, client, covered)


def as_new_case(org: int, orgs: list[int]) -> NewCase:
    opening = PhaseChange(
        from_phase=None, to_phase="signalled", changed_on=FIRST.signal_date, changed_by=USER
    )
    history = [opening]
    for phase, on in STEPS:
        history.append(
            PhaseChange(
                from_phase=history[-1].to_phase,
                to_phase=phase,
                changed_on=on,
                changed_by=USER,
                reason=WHY,
            )
        )
    covered = Referral(
        case_id=0,
        organisation_id=org,
        referral_type="legal_aid",
        reason="Advocaat",
        status="accepted",
        created_on=D(2025, 5, 3),
        sent_on=D(2025, 5, 4),
        feedback="Intake gepland",
        feedback_on=D(2025, 5, 12),
    )
    urgent = Referral(
        case_id=0,
        organisation_id=org,
        referral_type="medical",
        urgency="urgent",
        status="sent",
        created_on=D(2025, 6, 1),
        sent_on=D(2025, 6, 2),
        override_reason=OVERRIDE,
        override_by=USER,
        override_at=NOW,
    )
    return NewCase(
        client=CLIENT,
        identity=IDENTITY,
        facts=FACTS,
        signals=[FIRST, LATER],
        phase_history=history,
        reflection=REFLECTION.model_copy(update={"outcome": OUTCOME[0], "outcome_on": OUTCOME[1]}),
        permits=[ResidencePermit(**PERMIT, valid_until=PERMIT_VALID, renewals=(RENEWAL,))],
        comensha=[NewRegistration(REGISTRATION, consent_index=0)],
        identification=ROUTE,
        circumstances=CIRCUMSTANCES,
        shelter_stays=[
            STAY.model_copy(
                update={"provider_id": org, "ended_on": STAY_END[0], "end_reason": STAY_END[1]}
            )
        ],
        exit_programme=ExitProgramme(
            scheme_name="Uitstapprogramma",
            enrolled_on=D(2025, 5, 2),
            milestones=(
                Milestone(milestone="registered", reached_on=D(2025, 5, 2)),
                Milestone(milestone="intake", reached_on=D(2025, 5, 20)),
            ),
        ),
        consents=[
            CONSENT.model_copy(update={"recipient_id": org}),
            MEETING_CONSENT.model_copy(
                update={"recipient_id": orgs[0], "further_recipient_ids": (orgs[1],)}
            ),
        ],
        referrals=[
            NewReferral(covered, 0, [("sent", D(2025, 5, 4)), ("accepted", D(2025, 5, 10))]),
            NewReferral(urgent, None, [("sent", D(2025, 6, 2))]),
        ],
        notes=[Note(case_id=0, written_at=NOW, author=USER, body="Gesprek met tolk gevoerd.")],
        tasks=[
            Task(case_id=0, kind="manual", due_on=D(2025, 7, 1), title="Evaluatiegesprek plannen"),
            Task(
                case_id=0,
                kind="manual",
                due_on=D(2025, 6, 10),
                title="Huisarts bellen",
                done_on=D(2025, 6, 12),
            ),
        ],
        work=case_work_as_new(orgs, exit_goal=True),
    )


def by_bulk(store: CaseStore) -> None:
    org = _organisation(store)
    BulkWriter(store.db, user=USER, now=NOW).write([as_new_case(org, _orgs(store))])


def rows_without_ids(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every table the bulk writer writes, each row without its own ``id``, in a fixed order."""
    dumped = {}
    for table in _ORDER:
        columns = [c[1] for c in db.all(f"PRAGMA table_info({table})") if c[1] != "id"]
        rows = db.all(f"SELECT {', '.join(columns)} FROM {table}")
        dumped[table] = sorted((tuple(r) for r in rows), key=repr)
    return dumped


@pytest.fixture
def two_stores(tmp_path: Path) -> Iterator[tuple[CaseStore, CaseStore]]:
    vaults = [Vault.create(tmp_path / name, USER, PASSPHRASE)[0] for name in ("store", "bulk")]
    try:
        yield (
            CaseStore.without_audit_for_tests(vaults[0].db, user=USER, clock=lambda: NOW),
            CaseStore.without_audit_for_tests(vaults[1].db, user=USER, clock=lambda: NOW),
        )
    finally:
        for vault in vaults:
            vault.lock()


def test_bulk_and_store_write_the_same_rows_in_every_table(
    two_stores: tuple[CaseStore, CaseStore],
) -> None:
    stepwise, whole = two_stores
    by_store(stepwise)
    by_bulk(whole)
    expected, written = rows_without_ids(stepwise.db), rows_without_ids(whole.db)
    # The case must reach every table, or equality would prove little.
    assert all(expected[table] for table in _ORDER), [t for t in _ORDER if not expected[t]]
    for table in _ORDER:
        assert written[table] == expected[table], table
    # The rules ran on both: the ground kept only where a participant had no consent, and the
    # deadlines of case work (open goals, the open action, the latest review) derived alike.
    assert sorted(whole.db.all("SELECT held_on, legal_ground IS NOT NULL FROM case_meetings")) == [
        ("2025-04-01", 1),
        ("2025-05-20", 0),
    ]
    kinds = [r[0] for r in whole.db.all("SELECT kind FROM tasks WHERE kind <> 'manual'")]
    assert sorted(k for k in kinds if k in ("goal_target", "meeting_action", "safety_review")) == [
        "goal_target",
        "goal_target",
        "meeting_action",
        "safety_review",
    ]


def test_closed_case_written_alike(two_stores: tuple[CaseStore, CaseStore]) -> None:
    """A close carries its reason into the phase change and the case row, both ways."""
    stepwise, whole = two_stores
    client = stepwise.clients.register(CLIENT, IDENTITY)
    case = stepwise.cases.open(client, FIRST, FACTS)
    stepwise.pathway.change_phase(case, "intake", on=D(2025, 1, 20), reason=WHY)
    stepwise.pathway.change_phase(
        case, "closed", on=D(2025, 2, 1), reason=WHY, closure_reason="returned_origin"
    )
    history = [
        PhaseChange(
            from_phase=None, to_phase="signalled", changed_on=FIRST.signal_date, changed_by=USER
        ),
        PhaseChange(
            from_phase="signalled",
            to_phase="intake",
            changed_on=D(2025, 1, 20),
            changed_by=USER,
            reason=WHY,
        ),
        PhaseChange(
            from_phase="intake",
            to_phase="closed",
            changed_on=D(2025, 2, 1),
            changed_by=USER,
            reason=WHY,
            closure_reason="returned_origin",
        ),
    ]
    new = NewCase(
        client=CLIENT, identity=IDENTITY, facts=FACTS, signals=[FIRST], phase_history=history
    )
    BulkWriter(whole.db, user=USER, now=NOW).write([new])
    expected, written = rows_without_ids(stepwise.db), rows_without_ids(whole.db)
    assert whole.db.scalar("SELECT closure_reason FROM cases") == "returned_origin"
    for table in ("clients", "client_identity", "cases", "phase_changes", "tasks"):
        assert written[table] == expected[table], table


def test_signals_without_a_person_written_alike(two_stores: tuple[CaseStore, CaseStore]) -> None:
    stepwise, whole = two_stores
    loose = [FIRST, LATER.model_copy(update={"recorded_by": "intake desk"})]
    for signal in loose:
        stepwise.signals.add(signal)
    BulkWriter(whole.db, user=USER, now=NOW).write_signals(loose)
    expected = rows_without_ids(stepwise.db)["signals"]
    assert len(expected) == 2
    assert rows_without_ids(whole.db)["signals"] == expected


def _minimal(work: NewCaseWork, **more: object) -> NewCase:
    opening = PhaseChange(
        from_phase=None, to_phase="signalled", changed_on=FIRST.signal_date, changed_by=USER
    )
    return NewCase(
        client=CLIENT,
        identity=IDENTITY,
        facts=FACTS,
        signals=[FIRST],
        phase_history=[opening],
        work=work,
        **more,  # type: ignore[arg-type]
    )


def _meeting(org: int, **update: object) -> CaseMeeting:
    return CaseMeeting(
        held_on=D(2025, 5, 20),
        kind="casusoverleg",
        participants=(MeetingParticipant(organisation_id=org),),
    ).model_copy(update=update)


@pytest.mark.parametrize(
    ("work", "error", "words"),
    [
        # No consent for case consultation and no ground: the store's ConsentMissing.
        (lambda org: NewCaseWork(meetings=[_meeting(org)]), ConsentMissing, "no valid consent"),
        (
            lambda org: NewCaseWork(meetings=[_meeting(org, legal_ground="te kort")]),
            ConsentMissing,
            "at least",
        ),
        (
            lambda org: NewCaseWork(meetings=[_meeting(org, held_on=D(2025, 7, 1))]),
            InputRejected,
            "once it has been held",
        ),
        (
            lambda org: NewCaseWork(
                meetings=[
                    _meeting(
                        org,
                        legal_ground=GROUND,
                        actions=(
                            MeetingAction(description="x", owner_user=USER, due_on=D(2025, 5, 1)),
                        ),
                    )
                ]
            ),
            InputRejected,
            "due before its meeting",
        ),
        (
            lambda _org: NewCaseWork(
                safety=[
                    SafetyAssessment(assessed_on=D(2025, 5, 1), risk_level=level)
                    for level in ("low", "medium")
                ]
            ),
            InputRejected,
            "medium or high risk",
        ),
        (
            lambda _org: NewCaseWork(goals=[NewGoal(CaseGoal(domain="housing"))]),
            InputRejected,
            "needs a description",
        ),
        (
            lambda _org: NewCaseWork(
                goals=[NewGoal(CaseGoal(domain="legal", goal="x", status_on=D(2025, 7, 1)))]
            ),
            InputRejected,
            "in the future",
        ),
        (
            lambda _org: NewCaseWork(contacts=[CaseContact(role="gp")]),
            InputRejected,
            "partner directory",
        ),
    ],
)
def test_bulk_refuses_the_case_work_the_store_refuses(
    two_stores: tuple[CaseStore, CaseStore], work, error, words
) -> None:
    _stepwise, whole = two_stores
    org = _organisation(whole)
    with pytest.raises(error, match=words):
        BulkWriter(whole.db, user=USER, now=NOW).write([_minimal(work(org))])
    assert whole.db.scalar("SELECT count(*) FROM cases") == 0  # all or nothing


def test_an_mdt_meeting_moves_the_route_both_ways(two_stores: tuple[CaseStore, CaseStore]) -> None:
    """Without a route, an MDT meeting starts the MDT route on its date (store and bulk); on the
    criminal-law route bulk refuses it, as the store does."""
    stepwise, whole = two_stores
    mdt = _meeting(0, kind="mdt", legal_ground=GROUND)
    org = _organisation(stepwise)
    client = stepwise.clients.register(CLIENT, IDENTITY)
    case = stepwise.cases.open(client, FIRST, FACTS)
    stepwise.meetings.record(
        case, mdt.model_copy(update={"participants": _meeting(org).participants})
    )
    org = _organisation(whole)
    mdt = mdt.model_copy(update={"participants": _meeting(org).participants})
    with pytest.raises(InputRejected, match="not the MDT"):
        BulkWriter(whole.db, user=USER, now=NOW).write(
            [_minimal(NewCaseWork(meetings=[mdt]), identification=ROUTE)]
        )
    BulkWriter(whole.db, user=USER, now=NOW).write([_minimal(NewCaseWork(meetings=[mdt]))])
    expected, written = rows_without_ids(stepwise.db), rows_without_ids(whole.db)
    assert written["identification_routes"] == expected["identification_routes"]
    assert whole.read.identification(1).mdt_meeting_on == mdt.held_on  # type: ignore[union-attr]
    for table in ("case_meetings", "meeting_participants"):
        assert written[table] == expected[table], table


def test_a_goal_names_a_manual_task_of_its_case(two_stores: tuple[CaseStore, CaseStore]) -> None:
    _stepwise, whole = two_stores
    task = Task(case_id=0, kind="manual", due_on=D(2025, 7, 1), title="Huurcontract tekenen")
    work = NewCaseWork(goals=[NewGoal(GOALS[0], task_index=0)])
    BulkWriter(whole.db, user=USER, now=NOW).write([_minimal(work, tasks=[task])])
    assert whole.db.all(
        "SELECT t.kind, t.title, g.status_on FROM case_goals g JOIN tasks t ON t.id = g.task_id"
    ) == [("manual", "Huurcontract tekenen", "2025-06-15")]  # no status date: the write's
