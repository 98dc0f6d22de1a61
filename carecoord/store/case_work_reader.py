"""Reading case work (issue 16) into domain models: the plan's goals, the contacts with their
persons, case meetings with participants and actions, and the safety assessments. Part of
:class:`~carecoord.store.case_reader.CaseReader` (no audit here: the facade logs)."""

from __future__ import annotations

from typing import Any

from carecoord.domain.case_work import (
    CaseContact,
    CaseGoal,
    CaseMeeting,
    ContactPerson,
    MeetingAction,
    MeetingParticipant,
    SafetyAssessment,
)
from carecoord.store.sqlvalues import json_codes, s2d, s2d_required, s2dt
from carecoord.vault.database import Database

_ACTION_SELECT = (
    "SELECT a.id, a.meeting_id, a.description, a.owner_user, a.owner_organisation_id, a.due_on,"
    " a.done_on FROM meeting_actions a"
)


class CaseWorkReads:
    _db: Database

    def goals(self, case_id: int) -> list[CaseGoal]:
        """The case plan, by domain in the code list's order is the screen's job: here as
        recorded (domain, then id)."""
        return [
            CaseGoal(
                id=r[0],
                domain=r[1],
                goal=r[2],
                status=r[3],
                status_on=s2d(r[4]),
                target_on=s2d(r[5]),
                referral_id=r[6],
                task_id=r[7],
                recorded_by=r[8],
                recorded_at=s2dt(r[9]),
                exit_programme_id=r[10],
            )
            for r in self._db.all(
                "SELECT id, domain, goal, status, status_on, target_on, referral_id, task_id,"
                " recorded_by, recorded_at, exit_programme_id FROM case_goals WHERE case_id = ?"
                " ORDER BY domain, id",
                (case_id,),
            )
        ]

    def contacts(self, case_id: int) -> list[CaseContact]:
        found = []
        for r in self._db.all(
            "SELECT c.id, c.role, c.organisation_id, c.ended_on, c.recorded_by, c.recorded_at,"
            " p.name, p.phone, p.email FROM case_contacts c"
            " LEFT JOIN case_contact_persons p ON p.contact_id = c.id"
            " WHERE c.case_id = ? ORDER BY c.role, c.id",
            (case_id,),
        ):
            person = None if r[6] is None else ContactPerson(name=r[6], phone=r[7], email=r[8])
            found.append(
                CaseContact(
                    id=r[0],
                    role=r[1],
                    organisation_id=r[2],
                    ended_on=s2d(r[3]),
                    recorded_by=r[4],
                    recorded_at=s2dt(r[5]),
                    person=person,
                )
            )
        return found

    def meetings(self, case_id: int) -> list[CaseMeeting]:
        """Oldest first, each with its participants and actions."""
        participants: dict[int, list[MeetingParticipant]] = {}
        for meeting_id, organisation_id, consent_id in self._db.all(
            "SELECT p.meeting_id, p.organisation_id, p.consent_id FROM meeting_participants p"
            " JOIN case_meetings m ON m.id = p.meeting_id WHERE m.case_id = ?",
            (case_id,),
        ):
            participants.setdefault(meeting_id, []).append(
                MeetingParticipant(organisation_id=organisation_id, consent_id=consent_id)
            )
        actions: dict[int, list[MeetingAction]] = {}
        for r in self._db.all(
            _ACTION_SELECT + " JOIN case_meetings m ON m.id = a.meeting_id WHERE m.case_id = ?"
            " ORDER BY a.due_on, a.id",
            (case_id,),
        ):
            actions.setdefault(r[1], []).append(_action(r))
        return [
            CaseMeeting(
                id=r[0],
                held_on=s2d_required(r[1]),
                kind=r[2],
                decisions=r[3],
                legal_ground=r[4],
                recorded_by=r[5],
                recorded_at=s2dt(r[6]),
                participants=tuple(participants.get(r[0], ())),
                actions=tuple(actions.get(r[0], ())),
            )
            for r in self._db.all(
                "SELECT id, held_on, kind, decisions, legal_ground, recorded_by, recorded_at"
                " FROM case_meetings WHERE case_id = ? ORDER BY held_on, id",
                (case_id,),
            )
        ]

    def meeting_actions(self, case_id: int) -> list[MeetingAction]:
        """Every action of the case's meetings (for its deadlines), by due date."""
        return [
            _action(r)
            for r in self._db.all(
                _ACTION_SELECT + " JOIN case_meetings m ON m.id = a.meeting_id WHERE m.case_id = ?"
                " ORDER BY a.due_on, a.id",
                (case_id,),
            )
        ]

    def open_actions_of_user(self, user: str) -> list[tuple[int, MeetingAction]]:
        """(case id, action) of every open action owned by ``user``, by due date: the
        dashboard's "my open actions"."""
        return [
            (int(r[-1]), _action(r))
            for r in self._db.all(
                _ACTION_SELECT.replace(" FROM", ", m.case_id FROM")
                + " JOIN case_meetings m ON m.id = a.meeting_id WHERE a.owner_user = ? AND a.done_on IS NULL ORDER BY a.due_on, a.id",
                (user,),
            )
        ]

    def safety_assessments(self, case_id: int) -> list[SafetyAssessment]:
        """Oldest first; the last is the current assessment."""
        return [
            SafetyAssessment(
                id=r[0],
                assessed_on=s2d_required(r[1]),
                risk_level=r[2],
                threats=json_codes(r[3]),
                measures=r[4],
                review_on=s2d(r[5]),
                recorded_by=r[6],
                recorded_at=s2dt(r[7]),
            )
            for r in self._db.all(
                "SELECT id, assessed_on, risk_level, threats, measures, review_on, recorded_by,"
                " recorded_at FROM safety_assessments WHERE case_id = ? ORDER BY assessed_on, id",
                (case_id,),
            )
        ]


def _action(r: Any) -> MeetingAction:
    """``id, meeting_id, description, owner_user, owner_organisation_id, due_on, done_on``."""
    return MeetingAction(
        id=r[0],
        description=r[2],
        owner_user=r[3],
        owner_organisation_id=r[4],
        due_on=s2d_required(r[5]),
        done_on=s2d(r[6]),
    )
