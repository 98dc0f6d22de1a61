"""The exit programme in the store: its plan (goals of the case plan that name the programme, in
its life domains, dated from the enrolment), milestones and the outcome, dated between enrolment
and today; the case file shows them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from carecoord.domain.case_work import CaseGoal
from carecoord.domain.support import exit_goals
from carecoord.errors import InputRejected
from carecoord.store.case_store import CaseStore
from tests.conftest import VaultFixture
from tests.unit.cases.test_cases_store import new_case


@pytest.fixture
def store(vault_fx: VaultFixture) -> CaseStore:
    return CaseStore.without_audit_for_tests(
        vault_fx.vault.db, user="anna", clock=lambda: datetime(2025, 6, 15, 12, 0, tzinfo=UTC)
    )


def _exit_goal(programme: int, domain: str, text: str, **more: object) -> CaseGoal:
    return CaseGoal.model_validate(
        {"domain": domain, "goal": text, "exit_programme_id": programme, **more}
    )


def test_the_plan_is_goals_of_the_case_plan_that_name_the_programme(store: CaseStore) -> None:
    case_id = new_case(store)
    programme = store.support.enrol_exit_programme(case_id, date(2025, 2, 1), "Uitstap Noord")
    housing = store.plan.add_goal(case_id, _exit_goal(programme, "housing", "own flat"))
    store.plan.update_goal(housing, _exit_goal(programme, "housing", "own flat in town"))
    store.plan.set_goal_status(housing, "reached", date(2025, 5, 1))
    # Several goals per life domain now, each with a target date that is a deadline.
    store.plan.add_goal(
        case_id, _exit_goal(programme, "income_debts", "debt plan", target_on=date(2025, 9, 1))
    )
    store.plan.add_goal(case_id, _exit_goal(programme, "income_debts", "bank account"))
    store.plan.add_goal(case_id, CaseGoal(domain="legal", goal="see the lawyer"))
    case = store.cases.case_file(case_id)
    exit_programme = case.exit_programme
    assert exit_programme is not None and exit_programme.scheme_name == "Uitstap Noord"
    plan = exit_goals(case.goals, exit_programme)
    assert [(g.domain, g.goal, g.status, g.status_on) for g in plan] == [
        ("housing", "own flat in town", "reached", date(2025, 5, 1)),
        ("income_debts", "debt plan", "open", date(2025, 6, 15)),
        ("income_debts", "bank account", "open", date(2025, 6, 15)),
    ]
    # The case plan holds them too, beside the goals of the case alone.
    assert [g.goal for g in case.goals if g.exit_programme_id is None] == ["see the lawyer"]
    assert ("goal_target", date(2025, 9, 1)) in {(t.kind, t.due_on) for t in case.tasks}
    assert [m.milestone for m in exit_programme.milestones] == ["registered"]


def test_a_goal_of_the_programme_is_in_its_life_domains_and_its_case(store: CaseStore) -> None:
    case_id = new_case(store)
    programme = store.support.enrol_exit_programme(case_id, date(2025, 2, 1))
    with pytest.raises(InputRejected, match="life domains"):
        store.plan.add_goal(case_id, _exit_goal(programme, "legal", "report to the police"))
    with pytest.raises(InputRejected, match="before the enrolment"):
        store.plan.add_goal(
            case_id,
            _exit_goal(programme, "health", "GP", status="reached", status_on=date(2025, 1, 5)),
        )
    goal = store.plan.add_goal(case_id, _exit_goal(programme, "health", "GP"))
    with pytest.raises(InputRejected, match="before the enrolment"):
        store.plan.set_goal_status(goal, "reached", date(2025, 1, 31))
    other = new_case(store, "CL-2")
    with pytest.raises(InputRejected, match="exit programme of the same case"):
        store.plan.add_goal(other, _exit_goal(programme, "health", "GP"))
    # A case without a programme: its goals name none.
    assert [g.exit_programme_id for g in store.read.goals(other)] == []
    assert [g.exit_programme_id for g in store.read.goals(case_id)] == [programme]


def test_dates_outside_the_programme_and_empty_goals_are_refused(store: CaseStore) -> None:
    case_id = new_case(store)
    programme = store.support.enrol_exit_programme(case_id, date(2025, 2, 1))
    with pytest.raises(InputRejected, match="before the enrolment"):
        store.support.record_milestone(programme, "intake", date(2025, 1, 31))
    with pytest.raises(InputRejected, match="in the future"):
        store.support.record_milestone(programme, "intake", date(2025, 6, 16))
    with pytest.raises(InputRejected, match="before the enrolment"):
        store.support.set_exit_outcome(programme, "dropped_out", date(2025, 1, 1))
    with pytest.raises(InputRejected, match="needs a description"):
        store.plan.add_goal(case_id, _exit_goal(programme, "health", "  "))
    with pytest.raises(InputRejected, match="in the future"):
        store.plan.add_goal(
            case_id,
            _exit_goal(programme, "health", "GP", status="reached", status_on=date(2026, 1, 1)),
        )
    store.support.record_milestone(programme, "intake", date(2025, 2, 1))
    store.support.set_exit_outcome(programme, "moved_away", date(2025, 6, 15))
    exit_programme = store.cases.case_file(case_id).exit_programme
    assert exit_programme is not None
    assert store.read.goals(case_id) == []
    assert [m.milestone for m in exit_programme.milestones] == ["registered", "intake"]
    assert (exit_programme.outcome, exit_programme.outcome_on) == ("moved_away", date(2025, 6, 15))
