"""The legal track beside the care phase (issue 15): the bedenktijd and the B8/3 permit, as the
domain models and ``store.legal`` enforce them, the status the case header shows, and the
deadlines that follow from the dates."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from carecoord.domain.case import Signal
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.domain.legal import (
    LegalStatus,
    PermitRenewal,
    ReflectionPeriod,
    ResidencePermit,
    legal_status,
)
from carecoord.errors import InputRejected
from carecoord.store.audit import AuditEvent
from carecoord.store.case_store import CaseStore

D = date
TODAY = D(2025, 6, 15)


@pytest.fixture
def case_id(store: CaseStore) -> int:
    client = store.clients.register(
        ClientFacts(reference="CL-1", nationality="NG"),
        ClientIdentity(given_name="Grace", birth_date=D(2000, 1, 1)),
    )
    return store.cases.open(client, Signal(signal_date=D(2024, 1, 5), signaller="police"))


def due(store: CaseStore, case_id: int) -> list[tuple[str, date]]:
    return [(t.kind, t.due_on) for t in store.read.tasks(case_id) if t.kind != "manual"]


# -- the bedenktijd: the model ------------------------------------------------------------------
def test_reflection_lasts_at_most_three_months_and_may_end_earlier() -> None:
    assert ReflectionPeriod(started_on=D(2024, 11, 30)).end == D(2025, 2, 28)
    assert ReflectionPeriod(started_on=D(2025, 1, 1), ends_on=D(2025, 2, 1)).end == D(2025, 2, 1)
    with pytest.raises(ValidationError, match="at most three months"):
        ReflectionPeriod(started_on=D(2025, 1, 1), ends_on=D(2025, 4, 2))
    with pytest.raises(ValidationError, match="cannot end before"):
        ReflectionPeriod(started_on=D(2025, 1, 10), ends_on=D(2025, 1, 9))
    with pytest.raises(ValidationError, match="cannot start before it is offered"):
        ReflectionPeriod(offered_on=D(2025, 1, 11), started_on=D(2025, 1, 10))


def test_reflection_outcome_needs_its_date_and_only_an_outcome_has_one() -> None:
    with pytest.raises(ValidationError, match="outcome needs its date"):
        ReflectionPeriod(started_on=D(2025, 1, 1), outcome="report_filed")
    with pytest.raises(ValidationError, match="outcome needs its date"):
        ReflectionPeriod(started_on=D(2025, 1, 1), outcome_on=D(2025, 2, 1))
    with pytest.raises(ValidationError, match="cannot precede"):
        ReflectionPeriod(started_on=D(2025, 1, 10), outcome="withdrawn", outcome_on=D(2025, 1, 9))
    with pytest.raises(ValidationError, match="reflection_outcome"):
        ReflectionPeriod(started_on=D(2025, 1, 1), outcome="report_to_police", outcome_on=TODAY)


# -- the bedenktijd: the store ------------------------------------------------------------------
def test_reflection_saved_replaced_and_decided_with_its_deadline(
    store: CaseStore, case_id: int
) -> None:
    saved = store.legal.save_reflection(
        case_id,
        ReflectionPeriod(offered_on=D(2025, 5, 1), offered_by="kmar", started_on=D(2025, 5, 2)),
    )
    assert (saved.offered_by, saved.end, saved.outcome) == ("kmar", D(2025, 8, 2), "pending")
    assert due(store, case_id) == [("reflection_end", D(2025, 8, 2))]
    # One per case: saving again replaces it, in the same row.
    again = store.legal.save_reflection(
        case_id,
        ReflectionPeriod(
            offered_on=D(2025, 5, 1),
            offered_by="kmar",
            ind_informed_on=D(2025, 5, 3),
            started_on=D(2025, 5, 2),
            ends_on=D(2025, 7, 1),
        ),
    )
    assert again.id == saved.id and again.ind_informed_on == D(2025, 5, 3)
    assert store.db.scalar("SELECT count(*) FROM reflection_periods") == 1
    assert due(store, case_id) == [("reflection_end", D(2025, 7, 1))]
    store.legal.set_reflection_outcome(case_id, "other_cooperation", D(2025, 6, 10))
    decided = store.read.reflection(case_id)
    assert decided is not None
    assert (decided.outcome, decided.outcome_on) == ("other_cooperation", D(2025, 6, 10))
    assert due(store, case_id) == []


def test_reflection_outcome_refusals(store: CaseStore, case_id: int) -> None:
    with pytest.raises(InputRejected, match="no reflection period"):
        store.legal.set_reflection_outcome(case_id, "report_filed", D(2025, 6, 1))
    store.legal.save_reflection(case_id, ReflectionPeriod(started_on=D(2025, 5, 2)))
    with pytest.raises(InputRejected, match="not an outcome"):
        store.legal.set_reflection_outcome(case_id, "pending", D(2025, 6, 1))
    with pytest.raises(InputRejected, match="not an outcome"):
        store.legal.set_reflection_outcome(case_id, "report_to_police", D(2025, 6, 1))
    with pytest.raises(InputRejected, match="cannot precede"):
        store.legal.set_reflection_outcome(case_id, "report_filed", D(2025, 5, 1))
    with pytest.raises(InputRejected, match="future"):
        store.legal.set_reflection_outcome(case_id, "report_filed", D(2025, 6, 16))
    with pytest.raises(InputRejected, match="future"):
        store.legal.save_reflection(case_id, ReflectionPeriod(started_on=D(2025, 6, 16)))
    period = store.read.reflection(case_id)
    assert period is not None and period.outcome == "pending"


# -- the permit: the model ----------------------------------------------------------------------
def test_permit_model_rules() -> None:
    with pytest.raises(ValidationError, match="applied for or granted"):
        ResidencePermit(ground="report_filed")
    with pytest.raises(ValidationError, match="needs its end date"):
        ResidencePermit(granted_on=D(2025, 1, 1))
    with pytest.raises(ValidationError, match="either granted or rejected"):
        ResidencePermit(
            applied_on=D(2025, 1, 1),
            granted_on=D(2025, 2, 1),
            valid_until=D(2026, 2, 1),
            rejected_on=D(2025, 2, 1),
        )
    with pytest.raises(ValidationError, match="only a granted permit"):
        ResidencePermit(applied_on=D(2025, 1, 1), continued_applied_on=D(2025, 6, 1))
    with pytest.raises(ValidationError, match="must extend"):
        ResidencePermit(
            granted_on=D(2025, 1, 1),
            valid_until=D(2026, 1, 1),
            renewals=(PermitRenewal(renewed_on=D(2025, 12, 1), valid_until=D(2026, 1, 1)),),
        )
    with pytest.raises(ValidationError, match="only after it was applied for"):
        ResidencePermit(
            granted_on=D(2025, 1, 1),
            valid_until=D(2026, 1, 1),
            continued_outcome="granted",
            continued_decided_on=D(2025, 6, 1),
        )


def test_permit_state_follows_its_newest_step() -> None:
    applied = ResidencePermit(ground="witness_reporter", applied_on=D(2025, 1, 1))
    assert applied.state == "applied" and applied.three_year_mark is None
    granted = ResidencePermit(
        ground="witness_reporter",
        applied_on=D(2025, 1, 1),
        granted_on=D(2025, 2, 1),
        valid_until=D(2026, 2, 1),
    )
    assert granted.state == "granted" and granted.three_year_mark == D(2028, 2, 1)
    renewed = granted.model_copy(
        update={"renewals": (PermitRenewal(renewed_on=D(2026, 1, 5), valid_until=D(2027, 2, 1)),)}
    )
    assert renewed.state == "renewed" and renewed.current_valid_until == D(2027, 2, 1)
    assert renewed.model_copy(update={"ended_on": D(2026, 6, 1)}).state == "ended"
    rejected = applied.model_copy(update={"rejected_on": D(2025, 3, 1)})
    assert rejected.state == "rejected"


# -- the permit: the store ----------------------------------------------------------------------
def test_permit_applied_granted_renewed_continued_with_deadlines(
    store: CaseStore, case_id: int, events: list[AuditEvent]
) -> None:
    permit = store.legal.apply_permit(case_id, ground="report_filed", applied_on=D(2022, 5, 1))
    (stored,) = store.read.permits(case_id)
    assert (stored.id, stored.state, stored.ground) == (permit, "applied", "report_filed")
    assert due(store, case_id) == []  # an application waits for the IND: nothing due
    store.legal.grant_permit(permit, granted_on=D(2022, 6, 1), valid_until=D(2023, 6, 1))
    assert due(store, case_id) == [
        ("permit_renewal", D(2023, 6, 1)),
        ("permit_three_years", D(2025, 6, 1)),
    ]
    store.legal.renew_permit(permit, D(2023, 5, 20), D(2024, 6, 1))
    store.legal.renew_permit(permit, D(2024, 5, 20), D(2025, 6, 1))
    (stored,) = store.read.permits(case_id)
    assert stored.state == "renewed" and stored.current_valid_until == D(2025, 6, 1)
    assert due(store, case_id) == [
        ("permit_renewal", D(2025, 6, 1)),
        ("permit_three_years", D(2025, 6, 1)),
    ]
    store.legal.apply_continued_residence(permit, D(2025, 5, 25))
    assert due(store, case_id) == [("permit_renewal", D(2025, 6, 1))]
    store.legal.decide_continued_residence(permit, "granted", D(2025, 6, 10))
    (stored,) = store.read.permits(case_id)
    assert (stored.continued_outcome, stored.continued_decided_on) == ("granted", D(2025, 6, 10))
    assert due(store, case_id) == []
    status = legal_status(store.read.reflection(case_id), store.read.permits(case_id))
    assert status == LegalStatus("continued_residence", "granted", D(2025, 6, 10))
    details = [e.detail for e in events if e.case_id == case_id and e.action == "update"]
    assert details == [
        "residence permit applied (report_filed)",
        "residence permit granted",
        "residence permit renewed",
        "residence permit renewed",
        "continued residence applied",
        "continued residence granted",
    ]


def test_permit_decided_only_while_applied_for(store: CaseStore, case_id: int) -> None:
    permit = store.legal.apply_permit(case_id, ground="cannot_cooperate", applied_on=D(2025, 3, 1))
    with pytest.raises(InputRejected, match="precede the application"):
        store.legal.grant_permit(permit, granted_on=D(2025, 2, 1), valid_until=D(2026, 2, 1))
    with pytest.raises(InputRejected, match="Only a granted permit"):
        store.legal.renew_permit(permit, D(2025, 4, 1), D(2026, 4, 1))
    with pytest.raises(InputRejected, match="Only a granted permit"):
        store.legal.apply_continued_residence(permit, D(2025, 4, 1))
    store.legal.reject_permit(permit, D(2025, 5, 1))
    (stored,) = store.read.permits(case_id)
    assert stored.state == "rejected" and due(store, case_id) == []
    with pytest.raises(InputRejected, match="already decided"):
        store.legal.grant_permit(permit, granted_on=D(2025, 5, 2), valid_until=D(2026, 5, 2))
    with pytest.raises(InputRejected, match="already decided"):
        store.legal.reject_permit(permit, D(2025, 5, 2))
    with pytest.raises(InputRejected, match="Only a granted permit"):
        store.legal.end_permit(permit, D(2025, 5, 2))
    # After a rejection a new application may follow (e.g. on another ground).
    second = store.legal.apply_permit(case_id, ground="report_filed", applied_on=D(2025, 6, 1))
    assert [p.id for p in store.read.permits(case_id)] == [permit, second]


def test_one_open_permit_per_case(store: CaseStore, case_id: int) -> None:
    first = store.legal.apply_permit(case_id, ground="report_filed", applied_on=D(2025, 1, 1))
    with pytest.raises(InputRejected, match="already has a residence permit"):
        store.legal.apply_permit(case_id, ground="report_filed", applied_on=D(2025, 2, 1))
    store.legal.grant_permit(first, granted_on=D(2025, 2, 1), valid_until=D(2026, 2, 1))
    with pytest.raises(InputRejected, match="already has a residence permit"):
        store.legal.record_granted_permit(
            case_id, ground="unknown", granted_on=D(2025, 3, 1), valid_until=D(2026, 3, 1)
        )
    store.legal.end_permit(first, D(2025, 4, 1))
    with pytest.raises(InputRejected, match="Only a granted permit"):
        store.legal.renew_permit(first, D(2025, 5, 1), D(2027, 2, 1))
    second = store.legal.record_granted_permit(
        case_id, ground="unknown", granted_on=D(2025, 5, 1), valid_until=D(2026, 5, 1)
    )
    assert [p.state for p in store.read.permits(case_id)] == ["ended", "granted"]
    assert due(store, case_id) == [
        ("permit_renewal", D(2026, 5, 1)),
        ("permit_three_years", D(2028, 5, 1)),
    ]
    assert store.read.permits(case_id)[-1].id == second


def test_renewal_must_extend_and_dates_follow_the_grant(store: CaseStore, case_id: int) -> None:
    permit = store.legal.record_granted_permit(
        case_id,
        ground="other_cooperation",
        granted_on=D(2025, 1, 10),
        valid_until=D(2026, 1, 10),
        applied_on=D(2024, 12, 1),
    )
    with pytest.raises(InputRejected, match="must extend"):
        store.legal.renew_permit(permit, D(2025, 6, 1), D(2026, 1, 10))
    with pytest.raises(InputRejected, match="before the permit was granted"):
        store.legal.renew_permit(permit, D(2025, 1, 1), D(2027, 1, 10))
    with pytest.raises(InputRejected, match="before the permit was granted"):
        store.legal.end_permit(permit, D(2025, 1, 9))
    with pytest.raises(InputRejected, match="future"):
        store.legal.end_permit(permit, D(2025, 6, 16))
    with pytest.raises(InputRejected, match="not applied for"):
        store.legal.decide_continued_residence(permit, "granted", D(2025, 6, 1))
    with pytest.raises(InputRejected, match="'granted' or 'rejected'"):
        store.legal.decide_continued_residence(permit, "applied", D(2025, 6, 1))
    (stored,) = store.read.permits(case_id)
    assert stored.renewals == () and stored.ended_on is None
    assert stored.applied_on == D(2024, 12, 1)


def test_permit_ground_must_be_a_code(store: CaseStore, case_id: int) -> None:
    with pytest.raises(InputRejected, match="not a ground"):
        store.legal.apply_permit(case_id, ground="report_to_police", applied_on=D(2025, 1, 1))
    assert store.read.permits(case_id) == []


# -- the status the header shows ----------------------------------------------------------------
def test_legal_status_picks_the_newest_step() -> None:
    assert legal_status(None, []) == LegalStatus("none")
    period = ReflectionPeriod(started_on=D(2025, 1, 1))
    assert legal_status(period, []) == LegalStatus(
        "reflection", "pending", D(2025, 1, 1), period.end
    )
    chose = ReflectionPeriod(
        started_on=D(2025, 1, 1), outcome="report_filed", outcome_on=D(2025, 2, 1)
    )
    assert legal_status(chose, []).state == "report_filed"
    applied = ResidencePermit(id=1, ground="report_filed", applied_on=D(2025, 2, 2))
    # A permit outranks the bedenktijd that led to it.
    assert legal_status(chose, [applied]) == LegalStatus("permit", "applied", D(2025, 2, 2))
    granted = applied.model_copy(update={"granted_on": D(2025, 3, 1), "valid_until": D(2026, 3, 1)})
    assert legal_status(chose, [granted]) == LegalStatus(
        "permit", "granted", D(2025, 3, 1), D(2026, 3, 1)
    )
    # Of two permits, the newer one counts, whatever order they come in.
    old = ResidencePermit(
        id=2,
        granted_on=D(2020, 1, 1),
        valid_until=D(2021, 1, 1),
        ended_on=D(2020, 6, 1),
    )
    assert legal_status(None, [granted, old]).state == "granted"
    assert legal_status(None, [old, granted]).state == "granted"
    continued = granted.model_copy(update={"continued_applied_on": D(2028, 2, 1)})
    assert legal_status(chose, [continued]) == LegalStatus(
        "continued_residence", "applied", D(2028, 2, 1)
    )


def test_audit_events_of_the_legal_track_hold_codes_only(
    store: CaseStore, case_id: int, events: list[AuditEvent]
) -> None:
    events.clear()
    store.legal.save_reflection(case_id, ReflectionPeriod(started_on=D(2025, 5, 2)))
    store.legal.set_reflection_outcome(case_id, "no_cooperation", D(2025, 6, 1))
    assert [e.detail for e in events] == [
        "reflection period started",
        "reflection outcome no_cooperation",
    ]
    assert all(e.case_id == case_id and e.client_id is not None for e in events)
