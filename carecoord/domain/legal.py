"""The legal track beside the care phase: the bedenktijd and the B8/3 residence permit.

Legal status is not a care phase (issue 15): a client in a COSM shelter during the bedenktijd is
"in opvang" on the care track and "bedenktijd" on this one. EU and Dutch clients need none of
this, and their track is simply empty. The terms follow the Vreemdelingencirculaire B8/3
(research/domain.md §1.2): a bedenktijd of at most three months, offered by the police, the
KMar or the labour inspectorate; a permit for one year on a ground (report filed, other
cooperation, witness-reporter, cannot cooperate), renewed yearly; continued residence
(voortgezet verblijf) applied for at the three-year mark.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, model_validator

from carecoord.domain.client import PERSONAL
from carecoord.domain.codelists import (
    PermitGround,
    ReflectionOfferedBy,
    ReflectionOutcome,
)
from carecoord.domain.dates import add_months, add_years

REFLECTION_MONTHS = 3  # B8/3 Vc 2000: at most three months
B8_CONTINUED_RESIDENCE_YEARS = 3  # after 3 years in B8/3: application for continued residence


def reflection_end(start: date) -> date:
    return add_months(start, REFLECTION_MONTHS)


class ReflectionPeriod(BaseModel):
    """One bedenktijd per case. ``ends_on`` defaults to three months after the start and may be
    earlier (the client chose before the end), never later."""

    model_config = PERSONAL

    id: int | None = None
    offered_on: date | None = None
    offered_by: ReflectionOfferedBy | None = None
    ind_informed_on: date | None = None
    started_on: date
    ends_on: date | None = None
    outcome: ReflectionOutcome = "pending"
    outcome_on: date | None = None

    @model_validator(mode="after")
    def _dates(self) -> ReflectionPeriod:
        if self.ends_on is None:
            object.__setattr__(self, "ends_on", reflection_end(self.started_on))
        assert self.ends_on is not None
        if self.ends_on < self.started_on:
            raise ValueError("the reflection period cannot end before it starts")
        if self.ends_on > reflection_end(self.started_on):
            raise ValueError("the reflection period lasts at most three months")
        if self.offered_on is not None and self.offered_on > self.started_on:
            raise ValueError("the reflection period cannot start before it is offered")
        if (self.outcome == "pending") != (self.outcome_on is None):
            raise ValueError("an outcome needs its date, and only an outcome has one")
        if self.outcome_on is not None and self.outcome_on < self.started_on:
            raise ValueError("the outcome cannot precede the start of the reflection period")
        return self

    @property
    def end(self) -> date:
        assert self.ends_on is not None  # set by the validator
        return self.ends_on


class PermitRenewal(BaseModel):
    model_config = PERSONAL

    renewed_on: date
    valid_until: date


ContinuedOutcome = Literal["granted", "rejected"]


class ResidencePermit(BaseModel):
    """A B8/3 residence permit from its application on: its ground, grant, renewals, rejection
    or end, and the application for continued residence at the three-year mark."""

    model_config = PERSONAL

    id: int | None = None
    ground: PermitGround = "unknown"
    applied_on: date | None = None
    granted_on: date | None = None
    valid_until: date | None = None
    rejected_on: date | None = None
    ended_on: date | None = None
    renewals: tuple[PermitRenewal, ...] = ()
    continued_applied_on: date | None = None
    continued_outcome: ContinuedOutcome | None = None
    continued_decided_on: date | None = None

    @model_validator(mode="after")
    def _dates(self) -> ResidencePermit:
        if self.applied_on is None and self.granted_on is None:
            raise ValueError("a permit needs the date it was applied for or granted")
        if (self.granted_on is None) != (self.valid_until is None):
            raise ValueError("a granted permit needs its end date, and only a granted one has it")
        if self.granted_on is not None and self.rejected_on is not None:
            raise ValueError("a permit is either granted or rejected")
        first = self.applied_on
        for later in (self.granted_on, self.rejected_on):
            if first is not None and later is not None and later < first:
                raise ValueError("a decision cannot precede the application")
        if self.granted_on is not None and self.valid_until is not None:
            if self.valid_until < self.granted_on:
                raise ValueError("a permit cannot expire before it is granted")
        elif self.renewals or self.ended_on is not None or self.continued_applied_on is not None:
            raise ValueError("only a granted permit is renewed, ended or continued")
        previous = self.valid_until
        for renewal in self.renewals:
            if previous is not None and renewal.valid_until <= previous:
                raise ValueError("a renewal must extend the permit")
            previous = renewal.valid_until
        if self.ended_on is not None and self.granted_on is not None:
            if self.ended_on < self.granted_on:
                raise ValueError("a permit cannot end before it is granted")
        return self

    @model_validator(mode="after")
    def _continued(self) -> ResidencePermit:
        if (self.continued_outcome is None) != (self.continued_decided_on is None):
            raise ValueError("a decision on continued residence needs its date")
        if self.continued_outcome is not None and self.continued_applied_on is None:
            raise ValueError("continued residence is decided only after it was applied for")
        if (
            self.continued_decided_on is not None
            and self.continued_applied_on is not None
            and self.continued_decided_on < self.continued_applied_on
        ):
            raise ValueError("the decision on continued residence cannot precede the application")
        return self

    @property
    def state(self) -> str:
        """The permit_state code: where the permit stands now."""
        if self.rejected_on is not None:
            return "rejected"
        if self.ended_on is not None:
            return "ended"
        if self.renewals:
            return "renewed"
        if self.granted_on is not None:
            return "granted"
        return "applied"

    @property
    def current_valid_until(self) -> date | None:
        return self.renewals[-1].valid_until if self.renewals else self.valid_until

    @property
    def three_year_mark(self) -> date | None:
        """When continued residence (voortgezet verblijf) can be applied for."""
        if self.granted_on is None:
            return None
        return add_years(self.granted_on, B8_CONTINUED_RESIDENCE_YEARS)

    @property
    def started_on(self) -> date:
        """The first date of the permit's history, for ordering."""
        first = self.applied_on or self.granted_on
        assert first is not None  # checked by the validator
        return first


LegalTrack = Literal["none", "reflection", "permit", "continued_residence"]


@dataclass(frozen=True)
class LegalStatus:
    """Where the legal track stands, for the case header and the case list.

    ``state`` is a code of the list the track names: ``reflection_outcome`` (``pending`` while
    the bedenktijd runs), ``permit_state`` or ``continued_residence``. ``until`` is the end of
    the bedenktijd or the permit's current end date."""

    track: LegalTrack
    state: str | None = None
    since: date | None = None
    until: date | None = None


def legal_status(
    reflection: ReflectionPeriod | None,
    permits: list[ResidencePermit] | tuple[ResidencePermit, ...],
) -> LegalStatus:
    """The newest step of the legal track: a permit outranks the bedenktijd that led to it, and
    continued residence outranks the permit it continues."""
    if permits:
        permit = max(permits, key=lambda p: (p.started_on, p.id or 0))
        if permit.continued_applied_on is not None:
            return LegalStatus(
                "continued_residence",
                permit.continued_outcome or "applied",
                permit.continued_decided_on or permit.continued_applied_on,
            )
        since = {
            "rejected": permit.rejected_on,
            "ended": permit.ended_on,
            "renewed": permit.renewals[-1].renewed_on if permit.renewals else None,
            "granted": permit.granted_on,
            "applied": permit.applied_on,
        }[permit.state]
        return LegalStatus("permit", permit.state, since, permit.current_valid_until)
    if reflection is not None:
        return LegalStatus(
            "reflection",
            reflection.outcome,
            reflection.outcome_on or reflection.started_on,
            reflection.end,
        )
    return LegalStatus("none")
