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
from carecoord.domain.casefile import Note
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.domain.consent import Consent
from carecoord.domain.deadlines import Task
from carecoord.domain.legal import PermitRenewal, ReflectionPeriod, ResidencePermit
from carecoord.domain.referral import Organisation, Referral
from carecoord.domain.support import ExitProgramme, Milestone, PlanItem, ShelterStay
from carecoord.store.bulk import _ORDER, BulkWriter, NewCase, NewReferral
from carecoord.store.case_store import CaseStore
from carecoord.vault import Vault
from carecoord.vault.database import Database
from tests.conftest import PASSPHRASE, USER

NOW = datetime(2025, 6, 15, 12, tzinfo=UTC)
D = date  # short: the dates below read as a case file
WHY = "recorded after the home visit"
OVERRIDE = "client in danger, no time to ask for consent"

CLIENT = ClientFacts(reference="CL-7", gender="female", nationality="RO")
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
STEPS = [
    ("intake", D(2025, 1, 20)),
    ("shelter", D(2025, 3, 5)),
    ("support", D(2025, 5, 1)),
]
# The legal track beside the phases: a bedenktijd offered by the police, the client's choice to
# report, and a B8/3 permit on that ground, applied for, granted and renewed.
REFLECTION = ReflectionPeriod(
    offered_on=D(2025, 1, 24),
    offered_by="police",
    ind_informed_on=D(2025, 1, 27),
    started_on=D(2025, 1, 25),
)
OUTCOME = ("report_filed", D(2025, 3, 1))
PERMIT = ResidencePermit(
    ground="report_filed",
    applied_on=D(2025, 3, 1),
    granted_on=D(2025, 3, 20),
    valid_until=D(2026, 3, 20),
    renewals=(PermitRenewal(renewed_on=D(2025, 6, 1), valid_until=D(2027, 3, 20)),),
)
STAY = ShelterStay(shelter_type="cosm", started_on=D(2025, 3, 5))
STAY_END = (D(2025, 5, 1), "moved_on")
CONSENT = Consent(
    client_id=0,
    recipient_id=0,
    purposes=("shelter", "legal_aid"),
    data_categories=("identity", "contact"),
    given_on=D(2025, 1, 20),
    valid_until=D(2025, 12, 31),
)


def _organisation(store: CaseStore) -> int:
    return store.organisations.add(
        Organisation(name="Opvang Noord", services=("shelter", "legal_aid", "medical"))
    )


def by_store(store: CaseStore) -> None:
    org = _organisation(store)
    client = store.clients.register(CLIENT, IDENTITY)
    case = store.cases.open(client, FIRST, FACTS)
    store.signals.add(LATER.model_copy(update={"case_id": case}))
    store.legal.save_reflection(case, REFLECTION)
    store.legal.set_reflection_outcome(case, *OUTCOME)
    permit = store.legal.apply_permit(case, ground=PERMIT.ground, applied_on=D(2025, 3, 1))
    assert PERMIT.granted_on is not None and PERMIT.valid_until is not None
    store.legal.grant_permit(permit, granted_on=PERMIT.granted_on, valid_until=PERMIT.valid_until)
    renewal = PERMIT.renewals[0]
    store.legal.renew_permit(permit, renewal.renewed_on, renewal.valid_until)
    for phase, on in STEPS:
        store.pathway.change_phase(case, phase, on=on, reason=WHY)
        if phase == "shelter":
            stay = store.support.add_shelter_stay(
                case, STAY.model_copy(update={"provider_id": org})
            )
    store.support.end_shelter_stay(stay, *STAY_END)
    programme = store.support.enrol_exit_programme(case, D(2025, 5, 2), "Uitstapprogramma")
    store.support.set_plan_item(programme, PlanItem(life_domain="housing", goal="Eigen kamer"))
    store.support.record_milestone(programme, "intake", D(2025, 5, 20))
    store.consents.record(CONSENT.model_copy(update={"client_id": client, "recipient_id": org}))
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


def as_new_case(org: int) -> NewCase:
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
        permits=[PERMIT],
        shelter_stays=[
            STAY.model_copy(
                update={"provider_id": org, "ended_on": STAY_END[0], "end_reason": STAY_END[1]}
            )
        ],
        exit_programme=ExitProgramme(
            scheme_name="Uitstapprogramma",
            enrolled_on=D(2025, 5, 2),
            plan=(PlanItem(life_domain="housing", goal="Eigen kamer"),),
            milestones=(
                Milestone(milestone="registered", reached_on=D(2025, 5, 2)),
                Milestone(milestone="intake", reached_on=D(2025, 5, 20)),
            ),
        ),
        consents=[CONSENT.model_copy(update={"recipient_id": org})],
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
    )


def by_bulk(store: CaseStore) -> None:
    org = _organisation(store)
    BulkWriter(store.db, user=USER, now=NOW).write([as_new_case(org)])


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


def test_signals_without_a_person_written_alike(two_stores: tuple[CaseStore, CaseStore]) -> None:
    stepwise, whole = two_stores
    loose = [FIRST, LATER.model_copy(update={"recorded_by": "intake desk"})]
    for signal in loose:
        stepwise.signals.add(signal)
    BulkWriter(whole.db, user=USER, now=NOW).write_signals(loose)
    expected = rows_without_ids(stepwise.db)["signals"]
    assert len(expected) == 2
    assert rows_without_ids(whole.db)["signals"] == expected
