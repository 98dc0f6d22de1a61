"""Tasks and deadlines: derived from the case's facts, plus tasks the coordinator adds by hand.

Derived deadlines are recomputed whenever a case changes (the store keeps them in a table so that
"what is due this week" is one indexed query); they disappear when the fact that caused them is
resolved: the outcome of the bedenktijd, an ended stay, an answered referral, a goal reached or
dropped, a meeting's action done, a safety assessment followed by a newer one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import BaseModel, Field

from carecoord.domain.case_work import (
    CaseGoal,
    MeetingAction,
    SafetyAssessment,
    current_assessment,
)
from carecoord.domain.client import PERSONAL
from carecoord.domain.codelists import TaskKind
from carecoord.domain.consent import Consent
from carecoord.domain.dates import add_months
from carecoord.domain.legal import ReflectionPeriod, ResidencePermit
from carecoord.domain.referral import Referral
from carecoord.domain.support import ExitProgramme, ShelterStay

DEFAULT_DUE_SOON_DAYS = 14
AFTERCARE_FOLLOW_UPS = (("sustained_exit_6m", 6), ("sustained_exit_12m", 12))


class Deadline(BaseModel):
    """A derived deadline. ``source_id`` is the row it comes from (stay, permit, referral…)."""

    model_config = PERSONAL

    kind: TaskKind
    due_on: date
    source_id: int | None = None


class Task(BaseModel):
    """A row of the task list: a derived deadline or a manual task."""

    model_config = PERSONAL

    id: int | None = None
    case_id: int
    kind: TaskKind
    due_on: date
    source_id: int | None = None
    title: str | None = Field(default=None, max_length=500)
    done_on: date | None = None
    created_by: str | None = None
    created_at: datetime | None = None


def derive_deadlines(
    *,
    closed: bool,
    reflection: ReflectionPeriod | None,
    permits: list[ResidencePermit],
    shelter_stays: list[ShelterStay],
    exit_programme: ExitProgramme | None,
    referrals: list[Referral],
    consents: list[Consent],
    goals: list[CaseGoal] | tuple[CaseGoal, ...] = (),
    meeting_actions: list[MeetingAction] | tuple[MeetingAction, ...] = (),
    safety: list[SafetyAssessment] | tuple[SafetyAssessment, ...] = (),
) -> list[Deadline]:
    """Every open deadline of one case. A closed case has none."""
    if closed:
        return []
    found: list[Deadline] = []
    if reflection is not None and reflection.outcome == "pending":
        found.append(
            Deadline(kind="reflection_end", due_on=reflection.end, source_id=reflection.id)
        )
    found += [
        Deadline(kind="cosm_term", due_on=stay.term_ends_on, source_id=stay.id)
        for stay in shelter_stays
        if stay.ended_on is None and stay.term_ends_on is not None
    ]
    for permit in permits:
        found += _permit_deadlines(permit)
    found += [
        Deadline(kind="consent_expiry", due_on=consent.valid_until, source_id=consent.id)
        for consent in consents
        if consent.withdrawn_on is None and consent.valid_until is not None
    ]
    found += [
        Deadline(kind="referral_feedback", due_on=due, source_id=referral.id)
        for referral in referrals
        if (due := referral.feedback_due) is not None
    ]
    if exit_programme is not None:
        found += _aftercare_deadlines(exit_programme)
    found += _case_work_deadlines(goals, meeting_actions, safety)
    found.sort(key=lambda d: (d.due_on, d.kind))
    return found


def _permit_deadlines(permit: ResidencePermit) -> list[Deadline]:
    """Only a granted permit that still runs has deadlines: an application waits for the IND, a
    rejected or ended permit has nothing to renew. Renewal is due on the current end date (the
    last renewal's); the three-year mark stays due until continued residence (voortgezet
    verblijf) was applied for. A granted continued residence replaces the B8/3 permit, so its
    renewal is no longer due."""
    if permit.state not in ("granted", "renewed"):
        return []
    found: list[Deadline] = []
    until = permit.current_valid_until
    if until is not None and permit.continued_outcome != "granted":
        found.append(Deadline(kind="permit_renewal", due_on=until, source_id=permit.id))
    mark = permit.three_year_mark
    if mark is not None and permit.continued_applied_on is None:
        found.append(Deadline(kind="permit_three_years", due_on=mark, source_id=permit.id))
    return found


def _case_work_deadlines(
    goals: list[CaseGoal] | tuple[CaseGoal, ...],
    actions: list[MeetingAction] | tuple[MeetingAction, ...],
    safety: list[SafetyAssessment] | tuple[SafetyAssessment, ...],
) -> list[Deadline]:
    """A goal's target date while it is open or in progress; a meeting's action until done;
    the review date of the current (latest) safety assessment: the review is made by
    recording a new assessment, which replaces the deadline with its own review date."""
    found = [
        Deadline(kind="goal_target", due_on=goal.target_on, source_id=goal.id)
        for goal in goals
        if goal.is_open and goal.target_on is not None
    ]
    found += [
        Deadline(kind="meeting_action", due_on=action.due_on, source_id=action.id)
        for action in actions
        if action.done_on is None
    ]
    current = current_assessment(safety)
    if current is not None and current.review_on is not None:
        found.append(Deadline(kind="safety_review", due_on=current.review_on, source_id=current.id))
    return found


def _aftercare_deadlines(programme: ExitProgramme) -> list[Deadline]:
    stopped = programme.reached("stopped_sex_work")
    if programme.outcome != "ongoing" or stopped is None:
        return []
    for milestone, months in AFTERCARE_FOLLOW_UPS:
        if programme.reached(milestone) is None:
            # One follow-up at a time: the 12-month check is due once the 6-month one is recorded.
            return [
                Deadline(
                    kind="aftercare_follow_up",
                    due_on=add_months(stopped, months),
                    source_id=programme.id,
                )
            ]
    return []


def is_overdue(due_on: date, today: date) -> bool:
    return due_on < today


def is_due_soon(due_on: date, today: date, days: int = DEFAULT_DUE_SOON_DAYS) -> bool:
    return today <= due_on <= today + timedelta(days=days)
