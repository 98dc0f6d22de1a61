"""Risk locations and the controls held there (issue 18): the municipality's information position.

A location is not a person, but it can identify one (a one-person business, a private home): its
name and address are identifying (``PERSONAL``: never in a validation error's text), its codes
are what statistics count. A control's reason is free text and identifying as well.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, field_validator, model_validator

from carecoord.domain.client import PERSONAL, REFERENCE_PATTERN
from carecoord.domain.codelists import (
    ControlBy,
    ControlFollowUp,
    ControlOutcome,
    LocationIndicator,
    LocationStatus,
    LocationType,
    Sector,
)
from carecoord.domain.municipalities import MunicipalityCode

NAME_MAX = 200
ADDRESS_MAX = 500
REASON_MAX = 2000


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    """Sorted and unique: a set stored as ';'-separated codes compares equal however entered."""
    return tuple(sorted(set(values)))


class RiskLocation(BaseModel):
    """One location in the register. ``closed_on`` is set by the store when the status becomes
    closed (retention counts from ``last_seen``; closing is when the watch ended)."""

    model_config = PERSONAL

    id: int | None = None
    # The register's number, not identifying (a code or the municipality's own number); the
    # store gives the next RL-NNNN when it is None.
    reference: str | None = Field(default=None, pattern=REFERENCE_PATTERN)
    name: str = Field(min_length=1, max_length=NAME_MAX)
    location_type: LocationType = "unknown"
    municipality: MunicipalityCode
    address: str | None = Field(default=None, max_length=ADDRESS_MAX)
    sector: Sector = "unknown"
    indicators: tuple[LocationIndicator, ...] = ()
    first_seen: date
    last_seen: date
    status: LocationStatus = "watch"
    closed_on: date | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("a location needs a name")
        return value

    @field_validator("address")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return value.strip() or None

    @field_validator("indicators")
    @classmethod
    def _indicators(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(value)

    @model_validator(mode="after")
    def _dates(self) -> RiskLocation:
        if self.last_seen < self.first_seen:
            raise ValueError("last seen lies before first seen")
        return self


class LocationControl(BaseModel):
    """A control (inspection) at a location: who, when, why, what it found and what followed."""

    model_config = PERSONAL

    id: int | None = None
    location_id: int
    control_date: date
    control_by: ControlBy
    reason: str | None = Field(default=None, max_length=REASON_MAX)
    outcome: ControlOutcome
    follow_ups: tuple[ControlFollowUp, ...] = ()

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return value.strip() or None

    @field_validator("follow_ups")
    @classmethod
    def _follow_ups(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unique = _unique(value)
        if "none" in unique and len(unique) > 1:
            raise ValueError("'none' cannot be combined with another follow-up")
        return unique


class LocationSummary(BaseModel):
    """A line of the register as the list shows it, with its counts (no reason texts)."""

    model_config = PERSONAL

    location: RiskLocation
    signals: int
    controls: int
    cases: int
    last_control: date | None


class LinkedSignal(BaseModel):
    """A signal at a location as the location's page shows it: codes and a dossier number."""

    model_config = PERSONAL

    signal_id: int
    signal_date: date
    signaller: str
    sector: str
    case_reference: str | None


class LocationDossier(BaseModel):
    """A location's page: the location, its signals and controls, linked cases by dossier number."""

    model_config = PERSONAL

    location: RiskLocation
    signals: tuple[LinkedSignal, ...]
    controls: tuple[LocationControl, ...]
    case_references: tuple[str, ...]
