"""Case work (issue 16): the case plan, the people around the client, case meetings and the
safety assessment, with the rules that do not need the vault.

- A goal belongs to a domain (the exit programme's five life domains plus ``safety`` and
  ``legal``: list ``case_goal_domain``), several per domain. Its target date is a deadline while
  it is open or in progress. The exit programme's plan is goals of the same kind that name the
  programme (``exit_programme_id``), in its five life domains (list ``life_domain``) and dated
  from its enrolment on (:func:`check_exit_goal`).
- A contact has a role and is an organisation of the partner directory, a person (name and
  number: identifying, erased on anonymisation), or a person at an organisation.
- A case meeting shares the client's data with each participating organisation: each needs a
  consent for purpose ``case_consultation`` that names it and is valid on the meeting's date,
  or the meeting records a legal ground in writing, as a referral's override does
  (:func:`meeting_gate`). An MDT meeting is the meeting of the case's MDT identification route
  (:func:`route_after_mdt_meeting`).
- A safety assessment at medium or high risk must say when it is reviewed; at low risk a
  review date is optional. The latest assessment is the current one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel, Field, field_validator, model_validator

from carecoord.domain.client import PERSONAL
from carecoord.domain.codelists import (
    CaseGoalDomain,
    ContactRole,
    GoalStatus,
    MeetingKind,
    RiskLevel,
    Threat,
    codelist,
)
from carecoord.domain.consent import MIN_OVERRIDE_REASON, Consent, ConsentMissing
from carecoord.domain.identification import IdentificationRoute
from carecoord.errors import InputRejected
from carecoord.i18n import _, ngettext

MEETING_PURPOSE = "case_consultation"
# Goals whose target date is still a deadline.
OPEN_GOAL_STATUSES = frozenset({"open", "in_progress"})
# Risk levels whose assessment must name a review date.
REVIEWED_RISKS = frozenset({"medium", "high"})


def _blank_is_none(value: str | None) -> str | None:
    value = value.strip() if value else None
    return value or None


# -- the case plan ----------------------------------------------------------------------------
class CaseGoal(BaseModel):
    """``goal`` is None once the case is anonymised (the domain and dates stay)."""

    model_config = PERSONAL

    id: int | None = None
    domain: CaseGoalDomain
    goal: str | None = Field(default=None, max_length=2000)
    status: GoalStatus = "open"
    status_on: date | None = None  # the store sets it to today when a status is given without
    target_on: date | None = None
    referral_id: int | None = None
    task_id: int | None = None
    # Set: a goal of the case's exit programme (its plan), not of the case plan alone.
    exit_programme_id: int | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None

    @field_validator("goal")
    @classmethod
    def _clean(cls, value: str | None) -> str | None:
        return _blank_is_none(value)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_GOAL_STATUSES


def check_goal_status_on(on: date | None, today: date) -> None:
    if on is not None and on > today:
        raise InputRejected(_("A goal's status cannot be dated in the future."))


def check_goal(goal: CaseGoal, today: date) -> None:
    """The rules of a goal as written (the store's ``plan`` and the bulk writer)."""
    if not goal.goal:
        raise InputRejected(_("A goal needs a description."))
    check_goal_status_on(goal.status_on, today)


def check_exit_goal(goal: CaseGoal, enrolled_on: date) -> None:
    """A goal of the exit programme's plan lies in one of the programme's life domains and is
    not dated before the enrolment (the store's ``plan`` and the bulk writer)."""
    if goal.domain not in codelist("life_domain"):
        raise InputRejected(_("A goal of the exit programme lies in one of its life domains."))
    if goal.status_on is not None and goal.status_on < enrolled_on:
        raise InputRejected(_("A goal of the exit programme cannot be dated before the enrolment."))


# -- contacts and roles -----------------------------------------------------------------------
class ContactPerson(BaseModel):
    """A person around the client: identifying (kept apart, erased on anonymisation)."""

    model_config = PERSONAL

    name: str = Field(min_length=1, max_length=200)
    phone: str | None = Field(default=None, max_length=50)
    email: str | None = Field(default=None, max_length=200)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("a contact person needs a name")
        return value

    @field_validator("phone", "email")
    @classmethod
    def _clean(cls, value: str | None) -> str | None:
        return _blank_is_none(value)


class CaseContact(BaseModel):
    """A role in the case, held by an organisation of the directory and/or a person. After
    anonymisation a person's details are gone (``person`` None), the role stays."""

    model_config = PERSONAL

    id: int | None = None
    role: ContactRole
    organisation_id: int | None = None
    person: ContactPerson | None = None
    ended_on: date | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None


def check_new_contact(contact: CaseContact) -> None:
    if contact.organisation_id is None and contact.person is None:
        raise InputRejected(
            _("A contact is an organisation from the partner directory or a person with a name.")
        )


def check_contact(contact: CaseContact, today: date) -> None:
    """The rules of a contact as written (the store's ``contacts`` and the bulk writer); that
    its organisation is in the directory is the store's to check."""
    check_new_contact(contact)
    if contact.ended_on is not None and contact.ended_on > today:
        raise InputRejected(_("A contact's end cannot be dated in the future."))


# -- case meetings ----------------------------------------------------------------------------
class MeetingParticipant(BaseModel):
    """A participating organisation, and the consent that covered sharing with it (None: the
    meeting's legal ground covered it)."""

    model_config = PERSONAL

    organisation_id: int
    consent_id: int | None = None


class MeetingAction(BaseModel):
    """An action agreed in a meeting: a deadline (task kind ``meeting_action``) until done.
    The owner is a user of this vault or a partner organisation."""

    model_config = PERSONAL

    id: int | None = None
    description: str | None = Field(default=None, max_length=1000)
    owner_user: str | None = Field(default=None, max_length=100)
    owner_organisation_id: int | None = None
    due_on: date
    done_on: date | None = None

    @field_validator("description", "owner_user")
    @classmethod
    def _clean(cls, value: str | None) -> str | None:
        return _blank_is_none(value)

    @model_validator(mode="after")
    def _owner(self) -> MeetingAction:
        if (self.owner_user is None) == (self.owner_organisation_id is None):
            raise ValueError("an action has one owner: a user or an organisation")
        return self


class CaseMeeting(BaseModel):
    model_config = PERSONAL

    id: int | None = None
    held_on: date
    kind: MeetingKind
    participants: tuple[MeetingParticipant, ...] = Field(min_length=1)
    decisions: str | None = Field(default=None, max_length=10_000)
    legal_ground: str | None = Field(default=None, max_length=2000)
    actions: tuple[MeetingAction, ...] = ()
    recorded_by: str | None = None
    recorded_at: datetime | None = None

    @field_validator("decisions", "legal_ground")
    @classmethod
    def _clean(cls, value: str | None) -> str | None:
        return _blank_is_none(value)

    @field_validator("participants")
    @classmethod
    def _once_each(cls, value: tuple[MeetingParticipant, ...]) -> tuple[MeetingParticipant, ...]:
        ids = [p.organisation_id for p in value]
        if len(set(ids)) != len(ids):
            raise ValueError("an organisation takes part in a meeting once")
        return tuple(sorted(value, key=lambda p: p.organisation_id))

    @property
    def organisation_ids(self) -> tuple[int, ...]:
        return tuple(p.organisation_id for p in self.participants)


def check_action(action: MeetingAction, held_on: date, today: date) -> None:
    """The rules of an action of a meeting held on ``held_on`` (its owner organisation being in
    the directory is the store's to check)."""
    if not action.description:
        raise InputRejected(_("An action needs a description."))
    if action.due_on < held_on:
        raise InputRejected(_("An action cannot be due before its meeting."))
    if action.done_on is not None and not held_on <= action.done_on <= today:
        raise InputRejected(
            _("An action is done between its meeting and today, not before or after.")
        )


def check_meeting(meeting: CaseMeeting, today: date) -> None:
    """A meeting is recorded once held, with actions that follow the rules of an action. The
    consent or legal ground for its participants is :func:`meeting_gate`'s."""
    if meeting.held_on > today:
        raise InputRejected(_("A case meeting is recorded once it has been held."))
    for action in meeting.actions:
        check_action(action, meeting.held_on, today)


@dataclass(frozen=True)
class MeetingGate:
    """Why the meeting could share data: per organisation the covering consent (None where
    the legal ground covers it), and the legal ground when one was needed."""

    consents: dict[int, int | None]
    legal_ground: str | None


def meeting_consent(consents: list[Consent], organisation_id: int, on: date) -> Consent | None:
    """The most recently given consent for case consultation naming the organisation on ``on``."""
    found = [c for c in consents if c.covers(organisation_id, MEETING_PURPOSE, on)]
    return max(found, key=lambda c: (c.given_on, c.id or 0)) if found else None


def meeting_gate(
    consents: list[Consent],
    *,
    organisation_ids: tuple[int, ...],
    on: date,
    legal_ground: str | None = None,
) -> MeetingGate:
    """Each participant needs a covering consent; without one for every participant the
    meeting records a written legal ground (at least MIN_OVERRIDE_REASON characters). A ground
    given when every participant is covered is not kept: nothing needed it."""
    covered: dict[int, int | None] = {}
    for organisation_id in organisation_ids:
        consent = meeting_consent(consents, organisation_id, on)
        covered[organisation_id] = None if consent is None else consent.id
    missing = sum(1 for c in covered.values() if c is None)
    if not missing:
        return MeetingGate(covered, None)
    ground = (legal_ground or "").strip()
    if len(ground) >= MIN_OVERRIDE_REASON:
        return MeetingGate(covered, ground)
    if ground:
        raise ConsentMissing(
            _("A legal ground needs a written reason of at least %(count)d characters.")
            % {"count": MIN_OVERRIDE_REASON}
        )
    raise ConsentMissing(
        ngettext(
            "%(missing)d of the %(total)d participating organisations has no valid consent for "
            "case consultation on the meeting's date. Record the client's consent, or record "
            "the legal ground for sharing.",
            "%(missing)d of the %(total)d participating organisations have no valid consent for "
            "case consultation on the meeting's date. Record the client's consent, or record "
            "the legal ground for sharing.",
            missing,
        )
        % {"missing": missing, "total": len(covered)}
    )


def route_after_mdt_meeting(
    route: IdentificationRoute | None, held_on: date
) -> IdentificationRoute:
    """The identification route once an MDT meeting held on ``held_on`` is recorded.

    No route yet: the MDT route with this meeting. The MDT route without an advice: its
    meeting date becomes this one (a planned date is replaced by the date it was held). An
    advice already given belongs to its meeting: the meeting must be that one. Another route
    (criminal law, none) is not changed behind the coordinator's back: refused."""
    if route is None:
        return IdentificationRoute(route="mdt", mdt_meeting_on=held_on)
    if route.route != "mdt":
        raise InputRejected(
            _(
                "This case's identification route is not the MDT. Change the route first, or "
                "record the meeting as another kind."
            )
        )
    if route.mdt_advice_on is not None:
        if route.mdt_meeting_on != held_on:
            raise InputRejected(
                _(
                    "The MDT has already given its advice after the meeting of %(on)s. Record "
                    "a later meeting as a case consultation."
                )
                % {"on": route.mdt_meeting_on.isoformat() if route.mdt_meeting_on else "?"}
            )
        return route
    if route.mdt_requested_on is not None and held_on < route.mdt_requested_on:
        raise InputRejected(_("The MDT meeting cannot precede the request."))
    return route.model_copy(update={"mdt_meeting_on": held_on})


# -- safety -----------------------------------------------------------------------------------
class SafetyAssessment(BaseModel):
    """``measures`` (the agreed safety measures) identify the client and are erased on
    anonymisation; the risk level and threats are coded."""

    model_config = PERSONAL

    id: int | None = None
    assessed_on: date
    risk_level: RiskLevel
    threats: tuple[Threat, ...] = ()
    measures: str | None = Field(default=None, max_length=5000)
    review_on: date | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None

    @field_validator("measures")
    @classmethod
    def _clean(cls, value: str | None) -> str | None:
        return _blank_is_none(value)

    @field_validator("threats")
    @classmethod
    def _unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(set(value)))


def check_assessment(assessment: SafetyAssessment, today: date) -> None:
    """The rules of a new assessment, as refusals the coordinator reads (checked by the store,
    not by the model, so that a screen can build the model and show this one message)."""
    if assessment.assessed_on > today:
        raise InputRejected(_("A safety assessment cannot be dated in the future."))
    if assessment.review_on is not None and assessment.review_on <= assessment.assessed_on:
        raise InputRejected(_("The review date of a safety assessment comes after the assessment."))
    if assessment.risk_level in REVIEWED_RISKS and assessment.review_on is None:
        raise InputRejected(
            _("At medium or high risk, a safety assessment needs a date to review it again.")
        )


def current_assessment(
    assessments: list[SafetyAssessment] | tuple[SafetyAssessment, ...],
) -> SafetyAssessment | None:
    """The latest assessment (by date, then as recorded)."""
    if not assessments:
        return None
    return max(assessments, key=lambda a: (a.assessed_on, a.id or 0))
