"""Row builders of case work (issue 16): a consent's further recipients, the case plan, the
contacts and their persons, case meetings with participants and actions, safety assessments.
The same contract as :mod:`carecoord.store.rows` (which re-exports every builder here and
merges :data:`CASE_WORK_COLUMNS` into its ``COLUMNS``): each builder returns the values in the
order of its table's columns, without the ``id``.
"""

from __future__ import annotations

from carecoord.domain.case_work import (
    CaseContact,
    CaseGoal,
    CaseMeeting,
    ContactPerson,
    MeetingAction,
    MeetingParticipant,
    SafetyAssessment,
)
from carecoord.domain.consent import Consent
from carecoord.store.sqlvalues import codes_json, d2s, dt2s

Row = tuple[object, ...]

CASE_WORK_COLUMNS: dict[str, tuple[str, ...]] = {
    "consent_recipients": ("consent_id", "organisation_id"),
    "case_goals": (
        "case_id",
        "domain",
        "goal",
        "status",
        "status_on",
        "target_on",
        "referral_id",
        "task_id",
        "recorded_by",
        "recorded_at",
        "exit_programme_id",
    ),
    "case_contacts": (
        "case_id",
        "role",
        "organisation_id",
        "ended_on",
        "recorded_by",
        "recorded_at",
    ),
    "case_contact_persons": ("contact_id", "name", "phone", "email"),
    "case_meetings": (
        "case_id",
        "held_on",
        "kind",
        "decisions",
        "legal_ground",
        "recorded_by",
        "recorded_at",
    ),
    "meeting_participants": ("meeting_id", "organisation_id", "consent_id"),
    "meeting_actions": (
        "meeting_id",
        "description",
        "owner_user",
        "owner_organisation_id",
        "due_on",
        "done_on",
    ),
    "safety_assessments": (
        "case_id",
        "assessed_on",
        "risk_level",
        "threats",
        "measures",
        "review_on",
        "recorded_by",
        "recorded_at",
    ),
}


def consent_recipient_rows(consent_id: int, consent: Consent) -> list[Row]:
    """Every recipient of the consent, the first-named (``consents.recipient_id``) included:
    the one write path of ``consent_recipients`` (the store's and the bulk writer's)."""
    return [(consent_id, org) for org in consent.recipient_ids]


def goal_row(case_id: int, goal: CaseGoal, user: str, recorded_at: str | None) -> Row:
    return (
        case_id,
        goal.domain,
        goal.goal,
        goal.status,
        d2s(goal.status_on),
        d2s(goal.target_on),
        goal.referral_id,
        goal.task_id,
        goal.recorded_by or user,
        dt2s(goal.recorded_at) or recorded_at,
        goal.exit_programme_id,
    )


def contact_row(case_id: int, contact: CaseContact, user: str, recorded_at: str | None) -> Row:
    """The coded part; the person's details are a row of ``case_contact_persons``."""
    return (
        case_id,
        contact.role,
        contact.organisation_id,
        d2s(contact.ended_on),
        contact.recorded_by or user,
        dt2s(contact.recorded_at) or recorded_at,
    )


def contact_person_row(contact_id: int, person: ContactPerson) -> Row:
    return (contact_id, person.name, person.phone, person.email)


def meeting_row(case_id: int, meeting: CaseMeeting, user: str, recorded_at: str | None) -> Row:
    """The meeting itself; participants and actions are rows of their own tables."""
    return (
        case_id,
        d2s(meeting.held_on),
        meeting.kind,
        meeting.decisions,
        meeting.legal_ground,
        meeting.recorded_by or user,
        dt2s(meeting.recorded_at) or recorded_at,
    )


def participant_row(meeting_id: int, participant: MeetingParticipant) -> Row:
    return (meeting_id, participant.organisation_id, participant.consent_id)


def action_row(meeting_id: int, action: MeetingAction) -> Row:
    return (
        meeting_id,
        action.description,
        action.owner_user,
        action.owner_organisation_id,
        d2s(action.due_on),
        d2s(action.done_on),
    )


def safety_row(
    case_id: int, assessment: SafetyAssessment, user: str, recorded_at: str | None
) -> Row:
    return (
        case_id,
        d2s(assessment.assessed_on),
        assessment.risk_level,
        codes_json(assessment.threats),
        assessment.measures,
        d2s(assessment.review_on),
        assessment.recorded_by or user,
        dt2s(assessment.recorded_at) or recorded_at,
    )
