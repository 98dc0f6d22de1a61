"""The exit programme in the store: plan items per life domain, milestones and the outcome, dated
between enrolment and today; the case file shows them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from carecoord.domain.support import PlanItem
from carecoord.errors import InputRejected
from carecoord.store.case_store import CaseStore
from tests.conftest import VaultFixture
from tests.unit.cases.test_cases_store import new_case


@pytest.fixture
def store(vault_fx: VaultFixture) -> CaseStore:
    return CaseStore.without_audit_for_tests(
        vault_fx.vault.db, user="anna", clock=lambda: datetime(2025, 6, 15, 12, 0, tzinfo=UTC)
    )


def test_plan_item_is_updated_per_life_domain(store: CaseStore) -> None:
    case_id = new_case(store)
    programme = store.support.enrol_exit_programme(case_id, date(2025, 2, 1), "Uitstap Noord")
    store.support.set_plan_item(programme, PlanItem(life_domain="housing", goal="own flat"))
    store.support.set_plan_item(
        programme,
        PlanItem(life_domain="housing", goal="own flat in town", achieved_on=date(2025, 5, 1)),
    )
    store.support.set_plan_item(programme, PlanItem(life_domain="income_debts", goal="debt plan"))
    exit_programme = store.cases.case_file(case_id).exit_programme
    assert exit_programme is not None and exit_programme.scheme_name == "Uitstap Noord"
    assert [(p.life_domain, p.goal, p.achieved_on) for p in exit_programme.plan] == [
        ("housing", "own flat in town", date(2025, 5, 1)),
        ("income_debts", "debt plan", None),
    ]
    assert [m.milestone for m in exit_programme.milestones] == ["registered"]


def test_dates_outside_the_programme_and_empty_goals_are_refused(store: CaseStore) -> None:
    case_id = new_case(store)
    programme = store.support.enrol_exit_programme(case_id, date(2025, 2, 1))
    with pytest.raises(InputRejected, match="before the enrolment"):
        store.support.record_milestone(programme, "intake", date(2025, 1, 31))
    with pytest.raises(InputRejected, match="in the future"):
        store.support.record_milestone(programme, "intake", date(2025, 6, 16))
    with pytest.raises(InputRejected, match="before the enrolment"):
        store.support.set_exit_outcome(programme, "dropped_out", date(2025, 1, 1))
    with pytest.raises(InputRejected, match="needs a goal"):
        store.support.set_plan_item(programme, PlanItem(life_domain="health", goal="  "))
    with pytest.raises(InputRejected, match="in the future"):
        store.support.set_plan_item(
            programme, PlanItem(life_domain="health", goal="GP", achieved_on=date(2026, 1, 1))
        )
    store.support.record_milestone(programme, "intake", date(2025, 2, 1))
    store.support.set_exit_outcome(programme, "moved_away", date(2025, 6, 15))
    exit_programme = store.cases.case_file(case_id).exit_programme
    assert exit_programme is not None
    assert exit_programme.plan == ()
    assert [m.milestone for m in exit_programme.milestones] == ["registered", "intake"]
    assert (exit_programme.outcome, exit_programme.outcome_on) == ("moved_away", date(2025, 6, 15))
