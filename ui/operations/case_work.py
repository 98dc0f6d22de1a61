"""Case work (issue 16): the case plan, the contacts around the client, case meetings and the
safety assessment (store.plan, store.contacts, store.meetings, store.safety), and the reads the
dashboard and the meeting form need.

Goals, meeting actions and safety reviews make deadlines, so their writes announce tasks too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carecoord.domain.case_work import (
    CaseContact,
    CaseGoal,
    CaseMeeting,
    MeetingAction,
    SafetyAssessment,
)
from carecoord.domain.referral import Organisation
from carecoord.store.tasks import DueItem
from carecoord.vault import Vault
from ui.operations import Changes, Op
from ui.operations.store_access import store_of

# Everything of case work shows in the case view; deadlines also on the dashboard and task list.
_WORK = Changes.SUPPORT | Changes.TASKS
_CONTACTS = Changes.SUPPORT
# Sharing in a meeting is weighed against the consents; an MDT meeting moves the route.
_MEETING = Changes.SUPPORT | Changes.TASKS | Changes.CASES


# -- the case plan ----------------------------------------------------------------------------
def add_goal(case_id: int, goal: CaseGoal) -> Op[int]:
    return Op(lambda v: store_of(v).plan.add_goal(case_id, goal), _WORK)


def update_goal(goal_id: int, goal: CaseGoal) -> Op[None]:
    return Op(lambda v: store_of(v).plan.update_goal(goal_id, goal), _WORK)


def set_goal_status(goal_id: int, status: str, on: date) -> Op[None]:
    return Op(lambda v: store_of(v).plan.set_goal_status(goal_id, status, on), _WORK)


# -- contacts ---------------------------------------------------------------------------------
def add_contact(case_id: int, contact: CaseContact) -> Op[int]:
    return Op(lambda v: store_of(v).contacts.add(case_id, contact), _CONTACTS)


def update_contact(contact_id: int, contact: CaseContact) -> Op[None]:
    return Op(lambda v: store_of(v).contacts.update(contact_id, contact), _CONTACTS)


def end_contact(contact_id: int, ended_on: date) -> Op[None]:
    return Op(lambda v: store_of(v).contacts.end(contact_id, ended_on), _CONTACTS)


# -- case meetings ----------------------------------------------------------------------------
def record_meeting(case_id: int, meeting: CaseMeeting) -> Op[int]:
    """Refused with ConsentMissing when a participant lacks consent and no ground is given."""
    return Op(lambda v: store_of(v).meetings.record(case_id, meeting), _MEETING)


def add_action(meeting_id: int, action: MeetingAction) -> Op[int]:
    return Op(lambda v: store_of(v).meetings.add_action(meeting_id, action), _WORK)


def complete_action(action_id: int, done_on: date) -> Op[None]:
    return Op(lambda v: store_of(v).meetings.complete_action(action_id, done_on), _WORK)


# -- safety -----------------------------------------------------------------------------------
def assess_safety(case_id: int, assessment: SafetyAssessment) -> Op[int]:
    return Op(lambda v: store_of(v).safety.assess(case_id, assessment), _WORK)


# -- reads ------------------------------------------------------------------------------------
def organisations(vault: Vault) -> list[Organisation]:
    """Every partner organisation, the inactive ones too (an old contact may name one)."""
    return store_of(vault).organisations.all()


def action_owners(vault: Vault) -> tuple[list[str], list[Organisation]]:
    """Who can own a meeting action: the users of this vault and the active partners."""
    return vault.users(), store_of(vault).organisations.all(active_only=True)


@dataclass(frozen=True)
class OpenAction:
    """A row of the dashboard's "my open actions"."""

    case_id: int
    case_reference: str
    description: str
    due_on: date


def my_open_actions(vault: Vault) -> list[OpenAction]:
    """The open meeting actions owned by the signed-in user, by due date (the store logs the
    list with the cases it names)."""
    store = store_of(vault)
    found = store.meetings.open_actions()
    references = {case_id: store.read.summary(case_id).reference for case_id, _a in found}
    return [
        OpenAction(case_id, references[case_id], action.description or "", action.due_on)
        for case_id, action in found
    ]


def safety_reviews_due(vault: Vault, limit: int = 50) -> list[DueItem]:
    """Safety reviews overdue or due in the coming days (the task list's own window)."""
    # Asked by kind: filtered after a limit, a busy day list would hide them.
    return store_of(vault).tasks.day_list(kind="safety_review", limit=limit)
