"""Tasks and deadlines: derived from the case's facts, plus tasks the coordinator adds by hand.

Derived deadlines are recomputed whenever a case changes (the store keeps them in a table so that
"what is due this week" is one indexed query); they disappear when the fact that caused them is
resolved: a decision after the reflection period, an ended stay, an answered referral.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import BaseModel, Field

from carecoord.domain.client import PERSONAL
from carecoord.domain.codelists import TaskKind
from carecoord.domain.consent import Consent
from carecoord.domain.dates import add_months, add_years
from carecoord.domain.legal import B8_CONTINUED_RESIDENCE_YEARS, ReflectionPeriod, ResidencePermit
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
) -> list[Deadline]:
    """Every open deadline of one case. A closed case has none."""
    if closed:
        return []
    found: list[Deadline] = []
    if reflection is not None and reflection.decision is None:
        found.append(
            Deadline(kind="reflection_end", due_on=reflection.ends_on, source_id=reflection.id)
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
    found.sort(key=lambda d: (d.due_on, d.kind))
    return found


def _permit_deadlines(permit: ResidencePermit) -> list[Deadline]:
    if permit.ended_on is not None:
        return []
    return [
        Deadline(kind="permit_renewal", due_on=permit.current_valid_until, source_id=permit.id),
        Deadline(
            kind="permit_three_years",
            due_on=add_years(permit.granted_on, B8_CONTINUED_RESIDENCE_YEARS),
            source_id=permit.id,
        ),
    ]


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
