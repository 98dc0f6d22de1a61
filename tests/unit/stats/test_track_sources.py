"""The statistics' records of the tracks beside the phase, read from a real vault (issue 15).

Cases are written whole by the bulk writer (the path import and demo take); the records must say
who ended a bedenktijd or closed a case in the year, and how a permit stood at the year's end.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from carecoord.domain.case import CaseFacts, PhaseChange, Signal
from carecoord.domain.client import ClientCircumstances, ClientFacts, ClientIdentity
from carecoord.domain.legal import PermitRenewal, ReflectionPeriod, ResidencePermit
from carecoord.stats.records import StatsRecord
from carecoord.store.bulk import BulkWriter, NewCase
from carecoord.store.stats_source import coded_rows_for_year
from tests.conftest import USER, VaultFixture

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)
WHY = "recorded from the paper file"


def _case(
    n: int,
    opened: date,
    *,
    closed: tuple[date, str] | None = None,
    **extra: object,
) -> NewCase:
    history = [
        PhaseChange(from_phase=None, to_phase="signalled", changed_on=opened, changed_by=USER),
        PhaseChange(
            from_phase="signalled",
            to_phase="intake",
            changed_on=opened,
            changed_by=USER,
            reason=WHY,
        ),
    ]
    if closed is not None:
        history.append(
            PhaseChange(
                from_phase="intake",
                to_phase="closed",
                changed_on=closed[0],
                changed_by=USER,
                reason=WHY,
                closure_reason=closed[1],
            )
        )
    return NewCase(
        client=ClientFacts(reference=f"C-{n}", nationality="NG"),
        identity=ClientIdentity(given_name="X"),
        facts=CaseFacts(
            exploitation_forms=("labour",), sector="agriculture", municipality="GM0034"
        ),
        signals=[Signal(signal_date=opened, municipality="GM0034")],
        phase_history=history,
        **extra,  # type: ignore[arg-type]
    )


def _records(vault_fx: VaultFixture, today: date) -> list[StatsRecord]:
    return [
        StatsRecord.model_validate(row)
        for row in coded_rows_for_year(vault_fx.vault.db, 2024, today=today)
    ]


def test_cohorts_and_permit_state_at_the_end_of_the_year(vault_fx: VaultFixture) -> None:
    cases = [
        # ended by the choice on 10 March (before its three months were over)
        _case(
            1,
            date(2024, 1, 5),
            reflection=ReflectionPeriod(
                started_on=date(2024, 1, 6), outcome="report_filed", outcome_on=date(2024, 3, 10)
            ),
            # granted in 2024, renewed in 2025: in 2024 it stood 'granted'
            permits=[
                ResidencePermit(
                    ground="report_filed",
                    applied_on=date(2024, 3, 10),
                    granted_on=date(2024, 5, 1),
                    valid_until=date(2025, 5, 1),
                    renewals=(
                        PermitRenewal(renewed_on=date(2025, 2, 1), valid_until=date(2026, 5, 1)),
                    ),
                )
            ],
            circumstances=ClientCircumstances(labour_migrant=True, residence_registration="rni"),
        ),
        # ends on 2 January 2025 (started in October 2024): not a 2024 end
        _case(
            2,
            date(2024, 10, 1),
            reflection=ReflectionPeriod(started_on=date(2024, 10, 2)),
            closed=(date(2024, 12, 1), "declined"),
        ),
        # ended on 1 December 2024 without a recorded choice: counts as 'pending'
        _case(3, date(2024, 8, 1), reflection=ReflectionPeriod(started_on=date(2024, 9, 1))),
        # opened in 2023, closed in 2024: a closure of 2024, not a start
        _case(4, date(2023, 5, 1), closed=(date(2024, 6, 30), "completed")),
    ]
    BulkWriter(vault_fx.vault.db, user=USER, now=NOW).write(cases)
    records = _records(vault_fx, today=date(2025, 3, 1))
    started = {r.person_key: r for r in records if r.cohort == "started"}
    assert sorted(started) == ["p1", "p2", "p3"]
    assert (started["p1"].permit_ground, started["p1"].permit_state) == ("report_filed", "granted")
    assert started["p1"].labour_migrant and started["p1"].residence_registration == "rni"
    assert not started["p2"].has_permit and not started["p2"].labour_migrant
    ended = {r.person_key: r for r in records if r.cohort == "reflection_ended"}
    assert {k: (r.case_start, r.reflection_outcome) for k, r in ended.items()} == {
        "p1": (date(2024, 3, 10), "report_filed"),
        "p3": (date(2024, 12, 1), "pending"),
    }
    closed = {
        r.person_key: (r.case_start, r.closure_reason) for r in records if r.cohort == "closed"
    }
    assert closed == {"p2": (date(2024, 12, 1), "declined"), "p4": (date(2024, 6, 30), "completed")}
    # Exported in November 2024, the bedenktijd ending on 1 December has not ended yet.
    early = _records(vault_fx, today=date(2024, 11, 15))
    assert {r.person_key for r in early if r.cohort == "reflection_ended"} == {"p1"}
