"""The bulk writer's part for case work (issue 16): the plan, the contacts, the case meetings and
the safety assessments of a case that arrives whole (import, demo data).

The rows are those of the store (the builders of :mod:`carecoord.store.case_work_rows`), the
rules those the store applies (:mod:`carecoord.store.bulk_rules`, which calls the domain's own
checks): a meeting's participants get the consent the gate finds, or the meeting keeps its legal
ground; an MDT meeting moves the identification route as ``store.meetings.record`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from carecoord.domain.case_work import (
    CaseContact,
    CaseGoal,
    CaseMeeting,
    MeetingAction,
    SafetyAssessment,
    check_exit_goal,
    route_after_mdt_meeting,
)
from carecoord.domain.consent import Consent
from carecoord.domain.identification import IdentificationRoute
from carecoord.domain.referral import Referral
from carecoord.domain.support import ExitProgramme
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store import rows
from carecoord.store.bulk_rules import check_case_work, check_meeting_consent
from carecoord.store.rows import Row

# Tables whose rows get the writer's own id (children point at them within one batch).
CASE_WORK_ID_TABLES = (
    "case_goals",
    "case_contacts",
    "case_meetings",
    "meeting_actions",
    "safety_assessments",
)
# Parents before children; after the case's consents, referrals and tasks they point at.
CASE_WORK_ORDER = (
    "case_goals",
    "case_contacts",
    "case_contact_persons",
    "case_meetings",
    "meeting_participants",
    "meeting_actions",
    "safety_assessments",
)


@dataclass
class NewGoal:
    """A goal of the case plan; the referral or (manual) task that serves it by its place in the
    case's lists (the writer hands out their ids, so the goal's own ``referral_id`` and
    ``task_id`` are ignored). A goal without a status date has its status since the write.
    ``exit_programme``: the goal is one of the plan of the case's exit programme (the case must
    have one; the goal's own ``exit_programme_id`` is ignored)."""

    goal: CaseGoal
    referral_index: int | None = None
    task_index: int | None = None
    exit_programme: bool = False


@dataclass
class NewCaseWork:
    """The case work of one case. A meeting's participants name no consent: the writer finds it
    (the consent gate), as the store does."""

    goals: list[NewGoal] = field(default_factory=list)
    contacts: list[CaseContact] = field(default_factory=list)
    meetings: list[CaseMeeting] = field(default_factory=list)
    safety: list[SafetyAssessment] = field(default_factory=list)


@dataclass(frozen=True)
class WrittenCaseWork:
    """What the case's deadlines are derived from, with the ids the writer handed out."""

    goals: list[CaseGoal]
    actions: list[MeetingAction]
    safety: list[SafetyAssessment]


def route_after_meetings(
    route: IdentificationRoute | None, work: NewCaseWork
) -> IdentificationRoute | None:
    """The identification route once the case's MDT meetings are recorded, in the order given
    (``store.meetings.record`` moves it, or refuses, the same way)."""
    for meeting in work.meetings:
        if meeting.kind == "mdt":
            route = route_after_mdt_meeting(route, meeting.held_on)
    return route


class PendingRows:
    """What a builder of one case's rows writes with: the bulk writer's pending batches, its
    source of ids, and who writes when (shared by :class:`CaseWorkRows` and
    :class:`carecoord.store.bulk_case_rows.CaseRows`)."""

    def __init__(
        self,
        pending: dict[str, list[Row]],
        take: Callable[[str], int],
        *,
        user: str,
        now: str | None,
        today: date,
    ) -> None:
        self.pending = pending
        self.take = take  # the next id of a table
        self.user = user
        self.now = now
        self.today = today


class CaseWorkRows(PendingRows):
    """Builds the case-work rows of one case into the writer's pending batches."""

    def write(
        self,
        case_id: int,
        work: NewCaseWork,
        *,
        consents: list[Consent],
        referrals: list[Referral],
        task_ids: list[int],
        programme: ExitProgramme | None = None,
    ) -> WrittenCaseWork:
        check_case_work(
            [g.goal for g in work.goals], work.contacts, work.meetings, work.safety, self.today
        )
        goals = [self._goal(case_id, new, referrals, task_ids, programme) for new in work.goals]
        for contact in work.contacts:
            self._contact(case_id, contact)
        actions = [a for m in work.meetings for a in self._meeting(case_id, m, consents)]
        safety = []
        for assessment in work.safety:
            made = assessment.model_copy(update={"id": self.take("safety_assessments")})
            self.pending["safety_assessments"].append(
                (made.id, *rows.safety_row(case_id, made, self.user, self.now))
            )
            safety.append(made)
        return WrittenCaseWork(goals, actions, safety)

    def _goal(
        self,
        case_id: int,
        new: NewGoal,
        referrals: list[Referral],
        task_ids: list[int],
        programme: ExitProgramme | None,
    ) -> CaseGoal:
        if new.exit_programme and programme is None:
            raise InputRejected(_("A goal of the exit programme needs the case's enrolment."))
        goal = new.goal.model_copy(
            update={
                "id": self.take("case_goals"),
                "status_on": new.goal.status_on or self.today,
                "referral_id": None
                if new.referral_index is None
                else referrals[new.referral_index].id,
                "task_id": None if new.task_index is None else task_ids[new.task_index],
                "exit_programme_id": programme.id
                if new.exit_programme and programme is not None
                else None,
            }
        )
        if programme is not None and goal.exit_programme_id is not None:
            check_exit_goal(goal, programme.enrolled_on)  # as store.plan does
        self.pending["case_goals"].append(
            (goal.id, *rows.goal_row(case_id, goal, self.user, self.now))
        )
        return goal

    def _contact(self, case_id: int, contact: CaseContact) -> None:
        contact_id = self.take("case_contacts")
        self.pending["case_contacts"].append(
            (contact_id, *rows.contact_row(case_id, contact, self.user, self.now))
        )
        if contact.person is not None:
            self.pending["case_contact_persons"].append(
                rows.contact_person_row(contact_id, contact.person)
            )

    def _meeting(
        self, case_id: int, meeting: CaseMeeting, consents: list[Consent]
    ) -> list[MeetingAction]:
        gate = check_meeting_consent(meeting, consents)
        meeting_id = self.take("case_meetings")
        made = meeting.model_copy(update={"legal_ground": gate.legal_ground})
        self.pending["case_meetings"].append(
            (meeting_id, *rows.meeting_row(case_id, made, self.user, self.now))
        )
        self.pending["meeting_participants"] += [
            rows.participant_row(
                meeting_id, p.model_copy(update={"consent_id": gate.consents[p.organisation_id]})
            )
            for p in made.participants
        ]
        actions = [a.model_copy(update={"id": self.take("meeting_actions")}) for a in made.actions]
        self.pending["meeting_actions"] += [
            (a.id, *rows.action_row(meeting_id, a)) for a in actions
        ]
        return actions
