"""Case work (issue 16): the consent gate of case meetings (per organisation, with a written
legal ground instead), the MDT link, the deadlines of plan goals, meeting actions and safety
reviews, multi-recipient consents at the referral gate, and audit details without free text."""

from __future__ import annotations

from datetime import date

import pytest

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
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.domain.consent import Consent, ConsentMissing
from carecoord.domain.identification import IdentificationRoute
from carecoord.domain.referral import Organisation
from carecoord.errors import InputRejected
from carecoord.store.anonymise import anonymise_case, destroy_case
from carecoord.store.audit import AuditEvent
from carecoord.store.case_store import CaseStore
from carecoord.store.retention_repository import RetentionRules, closed_cases

D = date
TODAY = D(2025, 6, 15)
MET = D(2025, 5, 20)
GROUND = "acute danger: the exploiter knows where she stays"


@pytest.fixture
def orgs(store: CaseStore) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        store.organisations.add(Organisation(name=name, services=("shelter",)))
        for name in ("Opvang Noord", "Politie Noord", "GGD Noord")
    )


def open_case(store: CaseStore) -> tuple[int, int]:
    client = store.clients.register(
        ClientFacts(reference="CL-1", nationality="RO"),
        ClientIdentity(given_name="Ana", family_name="Pop", birth_date=D(1990, 1, 1)),
    )
    return client, store.cases.open(client, Signal(signal_date=D(2025, 1, 5)))


def consent(store: CaseStore, client: int, recipients: tuple[int, ...], **changes: object) -> int:
    base = Consent(
        client_id=client,
        recipient_id=recipients[0],
        further_recipient_ids=recipients[1:],
        purposes=("case_consultation",),
        data_categories=("identity",),
        given_on=D(2025, 2, 1),
    )
    return store.consents.record(base.model_copy(update=changes))


def meeting(*organisations: int, **changes: object) -> CaseMeeting:
    base = CaseMeeting(
        held_on=MET,
        kind="casusoverleg",
        participants=tuple(MeetingParticipant(organisation_id=o) for o in organisations),
        decisions="Zij blijft in de opvang; advocaat wordt gebeld.",
    )
    return base.model_validate({**base.model_dump(), **changes})


def deadlines(store: CaseStore, case: int, kind: str) -> list[tuple[date, int | None]]:
    return [(t.due_on, t.source_id) for t in store.read.tasks(case) if t.kind == kind]


# -- the consent gate of a meeting ---------------------------------------------------------------
def test_a_meeting_needs_a_consent_naming_each_participating_organisation(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    shelter, police, ggd = orgs
    client, case = open_case(store)
    only_shelter = consent(store, client, (shelter,))
    with pytest.raises(ConsentMissing, match="1 of the 2"):
        store.meetings.record(case, meeting(shelter, police))
    assert store.read.meetings(case) == []
    both = consent(store, client, (police, ggd))
    meeting_id = store.meetings.record(case, meeting(shelter, police, ggd))
    [stored] = store.read.meetings(case)
    assert stored.id == meeting_id and stored.legal_ground is None
    assert {p.organisation_id: p.consent_id for p in stored.participants} == {
        shelter: only_shelter,
        police: both,
        ggd: both,
    }


@pytest.mark.parametrize(
    "changes",
    [
        {"valid_until": D(2025, 5, 19)},  # expired the day before
        {"withdrawn_on": D(2025, 5, 20)},  # withdrawn on the meeting's day
        {"given_on": D(2025, 5, 21)},  # given only after the meeting
        {"purposes": ("shelter",)},  # another purpose
    ],
)
def test_an_expired_withdrawn_later_or_other_purpose_consent_does_not_cover_a_meeting(
    store: CaseStore, orgs: tuple[int, int, int], changes: dict[str, object]
) -> None:
    shelter = orgs[0]
    client, case = open_case(store)
    consent(store, client, (shelter,), **changes)
    with pytest.raises(ConsentMissing):
        store.meetings.record(case, meeting(shelter))


def test_another_clients_consent_does_not_cover_a_meeting(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    shelter = orgs[0]
    _client, case = open_case(store)
    other = store.clients.register(ClientFacts(reference="CL-2"), ClientIdentity(given_name="B"))
    consent(store, other, (shelter,))
    with pytest.raises(ConsentMissing):
        store.meetings.record(case, meeting(shelter))


def test_without_consent_a_written_legal_ground_is_recorded(
    store: CaseStore, orgs: tuple[int, int, int], events: list[AuditEvent]
) -> None:
    shelter, police, _ggd = orgs
    client, case = open_case(store)
    covered = consent(store, client, (shelter,))
    with pytest.raises(ConsentMissing, match="at least 20"):
        store.meetings.record(case, meeting(shelter, police, legal_ground="danger"))
    store.meetings.record(case, meeting(shelter, police, legal_ground=f"  {GROUND} "))
    [stored] = store.read.meetings(case)
    assert stored.legal_ground == GROUND
    assert {p.organisation_id: p.consent_id for p in stored.participants} == {
        shelter: covered,
        police: None,
    }
    assert events[-1].detail == "case meeting (casusoverleg) with legal ground"


def test_a_ground_is_not_kept_when_every_participant_has_consent(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    shelter = orgs[0]
    client, case = open_case(store)
    consent(store, client, (shelter,))
    store.meetings.record(case, meeting(shelter, legal_ground=GROUND))
    assert store.read.meetings(case)[0].legal_ground is None


def test_a_meeting_is_recorded_after_it_was_held_with_known_organisations(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    _client, case = open_case(store)
    with pytest.raises(InputRejected, match="once it has been held"):
        store.meetings.record(case, meeting(orgs[0], held_on=D(2025, 6, 16), legal_ground=GROUND))
    with pytest.raises(InputRejected, match="no organisation"):
        store.meetings.record(case, meeting(999, legal_ground=GROUND))


# -- an MDT meeting is the identification route's meeting ----------------------------------------
def test_an_mdt_meeting_sets_the_routes_meeting_date(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    _client, case = open_case(store)
    store.meetings.record(case, meeting(orgs[0], kind="mdt", legal_ground=GROUND))
    route = store.read.identification(case)
    assert route is not None and (route.route, route.mdt_meeting_on) == ("mdt", MET)
    # A planned date is replaced by the date the meeting was held.
    store.identification.set_route(
        case,
        IdentificationRoute(
            route="mdt", mdt_requested_on=D(2025, 5, 1), mdt_meeting_on=D(2025, 6, 30)
        ),
    )
    store.meetings.record(case, meeting(orgs[0], kind="mdt", legal_ground=GROUND))
    route = store.read.identification(case)
    assert route is not None
    assert (route.mdt_requested_on, route.mdt_meeting_on) == (D(2025, 5, 1), MET)


def test_an_mdt_meeting_is_checked_against_the_route(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    _client, case = open_case(store)
    store.identification.set_route(case, IdentificationRoute(route="criminal_law"))
    with pytest.raises(InputRejected, match="not the MDT"):
        store.meetings.record(case, meeting(orgs[0], kind="mdt", legal_ground=GROUND))
    decided = IdentificationRoute(
        route="mdt",
        mdt_meeting_on=D(2025, 5, 1),
        mdt_advice="plausible",
        mdt_advice_on=D(2025, 5, 2),
    )
    store.identification.set_route(case, decided)
    with pytest.raises(InputRejected, match="already given its advice"):
        store.meetings.record(case, meeting(orgs[0], kind="mdt", legal_ground=GROUND))
    assert store.read.meetings(case) == []
    store.meetings.record(
        case, meeting(orgs[0], kind="mdt", held_on=D(2025, 5, 1), legal_ground=GROUND)
    )
    route = store.read.identification(case)
    assert route is not None and route.mdt_advice == "plausible"


# -- deadlines -----------------------------------------------------------------------------------
def test_a_goals_target_is_a_deadline_until_reached_or_dropped(store: CaseStore) -> None:
    _client, case = open_case(store)
    housing = store.plan.add_goal(
        case, CaseGoal(domain="housing", goal="Eigen kamer", target_on=D(2025, 9, 1))
    )
    legal = store.plan.add_goal(
        case, CaseGoal(domain="legal", goal="Advocaat gesproken", target_on=D(2025, 7, 1))
    )
    store.plan.add_goal(case, CaseGoal(domain="housing", goal="Inschrijven woningnet"))
    assert deadlines(store, case, "goal_target") == [
        (D(2025, 7, 1), legal),
        (D(2025, 9, 1), housing),
    ]
    assert store.read.summary(case).next_deadline == D(2025, 7, 1)
    store.plan.set_goal_status(legal, "in_progress")
    assert len(deadlines(store, case, "goal_target")) == 2
    store.plan.set_goal_status(legal, "reached", D(2025, 6, 10))
    store.plan.set_goal_status(housing, "dropped")
    assert deadlines(store, case, "goal_target") == []
    goals = {g.id: g for g in store.read.goals(case)}
    assert (goals[legal].status, goals[legal].status_on) == ("reached", D(2025, 6, 10))
    assert goals[housing].status_on == TODAY
    # Reopened: the deadline is back.
    store.plan.set_goal_status(housing, "open")
    assert deadlines(store, case, "goal_target") == [(D(2025, 9, 1), housing)]


def test_a_goal_names_a_referral_or_manual_task_of_its_own_case(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    client, case = open_case(store)
    other_case = store.cases.open(client, Signal(signal_date=D(2025, 2, 5)))
    referral = store.referrals.create(case, orgs[0], "housing")
    elsewhere = store.referrals.create(other_case, orgs[0], "housing")
    task = store.tasks.add(case, "Woningcorporatie bellen", D(2025, 7, 1))
    goal = store.plan.add_goal(
        case, CaseGoal(domain="housing", goal="Woning", referral_id=referral, task_id=task)
    )
    stored = store.read.goals(case)[0]
    assert (stored.id, stored.referral_id, stored.task_id) == (goal, referral, task)
    with pytest.raises(InputRejected, match="same case"):
        store.plan.add_goal(case, CaseGoal(domain="housing", goal="W", referral_id=elsewhere))
    with pytest.raises(InputRejected, match="same case"):
        store.plan.update_goal(goal, stored.model_copy(update={"task_id": task + 1000}))
    with pytest.raises(InputRejected, match="description"):
        store.plan.add_goal(case, CaseGoal(domain="health", goal="   "))


def test_a_meeting_action_is_a_deadline_until_done(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    _client, case = open_case(store)
    store.meetings.record(
        case,
        meeting(
            orgs[0],
            legal_ground=GROUND,
            actions=(
                {"description": "Advocaat bellen", "owner_user": "anna", "due_on": D(2025, 6, 1)},
                {
                    "description": "Plek zoeken",
                    "owner_organisation_id": orgs[0],
                    "due_on": D(2025, 6, 30),
                },
                {"description": "Huisarts", "owner_user": "bert", "due_on": D(2025, 7, 1)},
            ),
        ),
    )
    actions = store.read.meetings(case)[0].actions
    assert [(d, s) for d, s in deadlines(store, case, "meeting_action")] == [
        (a.due_on, a.id) for a in actions
    ]
    mine = store.meetings.open_actions()
    assert [(c, a.description) for c, a in mine] == [(case, "Advocaat bellen")]
    store.meetings.complete_action(actions[0].id or 0, D(2025, 6, 2))
    assert [d for d, _ in deadlines(store, case, "meeting_action")] == [
        D(2025, 6, 30),
        D(2025, 7, 1),
    ]
    assert store.meetings.open_actions() == []
    with pytest.raises(InputRejected, match="already done"):
        store.meetings.complete_action(actions[0].id or 0)
    with pytest.raises(InputRejected, match="between its meeting and today"):
        store.meetings.complete_action(actions[1].id or 0, D(2025, 5, 1))
    later = store.meetings.add_action(
        store.read.meetings(case)[0].id or 0,
        MeetingAction(description="Evaluatie", owner_user="anna", due_on=D(2025, 8, 1)),
    )
    assert (D(2025, 8, 1), later) in deadlines(store, case, "meeting_action")


def test_an_action_has_one_owner() -> None:
    with pytest.raises(ValueError, match="one owner"):
        MeetingAction(description="x", due_on=MET)
    with pytest.raises(ValueError, match="one owner"):
        MeetingAction(description="x", owner_user="anna", owner_organisation_id=1, due_on=MET)


def test_medium_or_high_risk_needs_a_review_date(store: CaseStore) -> None:
    _client, case = open_case(store)
    for level in ("medium", "high"):
        with pytest.raises(InputRejected, match="review"):
            store.safety.assess(case, SafetyAssessment(assessed_on=MET, risk_level=level))
    with pytest.raises(InputRejected, match="comes after"):
        store.safety.assess(
            case, SafetyAssessment(assessed_on=MET, risk_level="low", review_on=MET)
        )
    with pytest.raises(InputRejected, match="future"):
        store.safety.assess(case, SafetyAssessment(assessed_on=D(2025, 6, 16), risk_level="low"))
    store.safety.assess(case, SafetyAssessment(assessed_on=MET, risk_level="low"))
    assert deadlines(store, case, "safety_review") == []


def test_the_current_assessments_review_is_the_deadline(store: CaseStore) -> None:
    _client, case = open_case(store)
    first = store.safety.assess(
        case,
        SafetyAssessment(
            assessed_on=D(2025, 4, 1),
            risk_level="high",
            threats=("debts", "contact_with_exploiter", "debts"),
            measures="Geen bezoek op het opvangadres.",
            review_on=D(2025, 5, 1),
        ),
    )
    assert deadlines(store, case, "safety_review") == [(D(2025, 5, 1), first)]
    # The review is a new assessment: its own review date replaces the overdue one.
    second = store.safety.assess(
        case, SafetyAssessment(assessed_on=MET, risk_level="medium", review_on=D(2025, 8, 20))
    )
    assert deadlines(store, case, "safety_review") == [(D(2025, 8, 20), second)]
    history = store.read.safety_assessments(case)
    assert [a.id for a in history] == [first, second]
    assert history[0].threats == ("contact_with_exploiter", "debts")
    store.safety.assess(case, SafetyAssessment(assessed_on=TODAY, risk_level="low"))
    assert deadlines(store, case, "safety_review") == []


def test_a_closed_case_has_no_case_work_deadlines(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    _client, case = open_case(store)
    store.plan.add_goal(case, CaseGoal(domain="health", goal="Huisarts", target_on=D(2025, 9, 1)))
    store.safety.assess(
        case, SafetyAssessment(assessed_on=MET, risk_level="high", review_on=D(2025, 9, 1))
    )
    store.pathway.change_phase(case, "closed", closure_reason="completed")
    assert store.read.tasks(case) == []


# -- contacts ------------------------------------------------------------------------------------
def test_contacts_are_an_organisation_or_a_person_kept_apart(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    _client, case = open_case(store)
    with pytest.raises(InputRejected, match="organisation from the partner directory"):
        store.contacts.add(case, CaseContact(role="lawyer"))
    lawyer = store.contacts.add(
        case,
        CaseContact(
            role="lawyer", person=ContactPerson(name=" Mr  De Vries ", phone="020 123 4567")
        ),
    )
    store.contacts.add(case, CaseContact(role="shelter_contact", organisation_id=orgs[0]))
    assert store.db.all("SELECT name, phone, email FROM case_contact_persons") == [
        ("Mr De Vries", "020 123 4567", None)
    ]
    store.contacts.end(lawyer, D(2025, 6, 1))
    contacts = store.read.contacts(case)
    assert [(c.role, c.organisation_id, c.ended_on) for c in contacts] == [
        ("lawyer", None, D(2025, 6, 1)),
        ("shelter_contact", orgs[0], None),
    ]
    store.contacts.update(
        lawyer, contacts[0].model_copy(update={"person": ContactPerson(name="Mr Jansen")})
    )
    assert store.db.all("SELECT name FROM case_contact_persons") == [("Mr Jansen",)]


# -- consents with several recipients at the referral gate ---------------------------------------
def test_the_referral_gate_takes_every_recipient_of_a_consent(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    shelter, police, ggd = orgs
    client, case = open_case(store)
    given = consent(store, client, (police, shelter), purposes=("shelter",))
    stored = store.read.consent(given)
    assert (stored.recipient_id, stored.recipient_ids) == (police, (police, shelter))
    assert sorted(store.db.all("SELECT organisation_id FROM consent_recipients")) == [
        (shelter,),
        (police,),
    ]
    to_shelter = store.referrals.create(case, shelter, "shelter")
    assert store.referrals.send(to_shelter).consent_id == given
    to_ggd = store.referrals.create(case, ggd, "shelter")
    with pytest.raises(ConsentMissing):
        store.referrals.send(to_ggd)
    with pytest.raises(InputRejected, match="no organisation"):
        consent(store, client, (shelter, 999))


# -- the access log learns codes, never the words ------------------------------------------------
def test_every_case_work_call_reports_one_event_without_free_text(
    store: CaseStore, orgs: tuple[int, int, int], events: list[AuditEvent]
) -> None:
    words = ("Zorgwoord", "Geheimnaam", "0611112222", "Besluittekst", "Actietekst", "Maatregel")
    _client, case = open_case(store)
    calls = [
        lambda: store.plan.add_goal(case, CaseGoal(domain="safety", goal=words[0])),
        lambda: store.contacts.add(
            case, CaseContact(role="gp", person=ContactPerson(name=words[1], phone=words[2]))
        ),
        lambda: store.meetings.record(
            case,
            meeting(
                orgs[0],
                decisions=words[3],
                legal_ground=f"{GROUND} {words[0]}",
                actions=({"description": words[4], "owner_user": "anna", "due_on": TODAY},),
            ),
        ),
        lambda: store.safety.assess(
            case, SafetyAssessment(assessed_on=MET, risk_level="low", measures=words[5])
        ),
    ]
    for call in calls:
        before = len(events)
        call()
        assert len(events) == before + 1
        assert events[-1].case_id == case
    goal = store.read.goals(case)[0]
    meeting_row = store.read.meetings(case)[0]
    for call in (
        lambda: store.plan.update_goal(goal.id or 0, goal.model_copy(update={"goal": words[0]})),
        lambda: store.plan.set_goal_status(goal.id or 0, "reached"),
        lambda: store.contacts.end(store.read.contacts(case)[0].id or 0),
        lambda: store.meetings.complete_action(meeting_row.actions[0].id or 0),
    ):
        before = len(events)
        call()
        assert len(events) == before + 1
    details = " ".join(e.detail for e in events).lower()
    for word in words:
        assert word.lower() not in details, word
    assert "case goal (safety, open)" in details and "safety assessment (low)" in details


# -- retention -----------------------------------------------------------------------------------
def test_case_work_counts_as_support_given_and_contacts_alone_do_not(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    client, with_safety = open_case(store)
    store.safety.assess(with_safety, SafetyAssessment(assessed_on=MET, risk_level="low"))
    with_contact = store.cases.open(client, Signal(signal_date=D(2025, 2, 1)))
    store.contacts.add(with_contact, CaseContact(role="gp", organisation_id=orgs[2]))
    for case in (with_safety, with_contact):
        store.pathway.change_phase(case, "closed", closure_reason="declined")
    reasons = {c.case_id: c.reason for c in closed_cases(store.db, RetentionRules())}
    assert reasons == {with_safety: "support_given", with_contact: "no_support"}


def test_anonymisation_keeps_the_codes_of_case_work_and_drops_the_words(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    _client, case = open_case(store)
    store.contacts.add(
        case, CaseContact(role="lawyer", person=ContactPerson(name="Mr X", phone="0612345678"))
    )
    store.plan.add_goal(case, CaseGoal(domain="legal", goal="Advocaat", target_on=D(2025, 9, 1)))
    store.meetings.record(
        case,
        meeting(
            orgs[0],
            legal_ground=GROUND,
            actions=({"description": "Bellen", "owner_user": "anna", "due_on": TODAY},),
        ),
    )
    store.safety.assess(
        case,
        SafetyAssessment(
            assessed_on=MET, risk_level="high", measures="Geheim", review_on=D(2025, 9, 1)
        ),
    )
    with store.db.transaction():
        anonymise_case(store.db, case, "2025-06-15")
    [contact] = store.read.contacts(case)
    assert (contact.role, contact.person) == ("lawyer", None)
    assert store.db.scalar("SELECT count(*) FROM case_contact_persons") == 0
    [goal] = store.read.goals(case)
    assert (goal.domain, goal.goal, goal.target_on) == ("legal", None, D(2025, 9, 1))
    [held] = store.read.meetings(case)
    assert (held.kind, held.decisions, held.legal_ground) == ("casusoverleg", None, None)
    assert (held.actions[0].description, held.actions[0].owner_user) == (None, "anna")
    [assessment] = store.read.safety_assessments(case)
    assert (assessment.risk_level, assessment.measures) == ("high", None)
    # Nothing personal can be added to an anonymised case.
    with pytest.raises(InputRejected, match="anonymised"):
        store.contacts.add(case, CaseContact(role="gp", person=ContactPerson(name="Dr Y")))


def test_destroying_the_case_leaves_no_case_work_rows(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    client, case = open_case(store)
    consent(store, client, (orgs[0], orgs[1]))
    store.contacts.add(case, CaseContact(role="mentor", person=ContactPerson(name="Mentor M")))
    store.plan.add_goal(case, CaseGoal(domain="work_education", goal="Cursus"))
    store.meetings.record(
        case,
        meeting(
            orgs[0],
            orgs[1],
            actions=({"description": "Bellen", "owner_user": "anna", "due_on": TODAY},),
        ),
    )
    store.safety.assess(case, SafetyAssessment(assessed_on=MET, risk_level="low"))
    tables = (
        "consent_recipients",
        "case_contacts",
        "case_contact_persons",
        "case_goals",
        "case_meetings",
        "meeting_participants",
        "meeting_actions",
        "safety_assessments",
    )
    assert all(store.db.scalar(f"SELECT count(*) FROM {t}") for t in tables)
    with store.db.transaction():
        destroy_case(store.db, case)
    assert {t: store.db.scalar(f"SELECT count(*) FROM {t}") for t in tables} == dict.fromkeys(
        tables, 0
    )


def test_a_withdrawn_multi_recipient_consent_no_longer_covers_a_meeting(
    store: CaseStore, orgs: tuple[int, int, int]
) -> None:
    shelter, police, _ggd = orgs
    client, case = open_case(store)
    given = consent(store, client, (shelter, police))
    store.meetings.record(case, meeting(shelter, police))
    store.consents.withdraw(given, D(2025, 6, 1))
    assert store.read.consent(given).recipient_ids == (shelter, police)
    with pytest.raises(ConsentMissing, match="2 of the 2"):
        store.meetings.record(case, meeting(shelter, police, held_on=D(2025, 6, 1)))


def test_a_consents_recipients_follow_a_copy_that_changes_the_first() -> None:
    # model_copy does not validate: the bulk writer and the tests copy consents with another
    # recipient_id, and the recipients must follow.
    base = Consent(
        client_id=1,
        recipient_id=5,
        further_recipient_ids=(7, 5, 7),
        purposes=("case_consultation",),
        data_categories=("identity",),
        given_on=MET,
    )
    assert base.recipient_ids == (5, 7)
    assert base.model_copy(update={"recipient_id": 9}).recipient_ids == (9, 7)
    assert base.covers(7, "case_consultation", MET)
    assert not base.covers(8, "case_consultation", MET)
