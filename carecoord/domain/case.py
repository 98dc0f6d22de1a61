"""Cases and signals (meldingen): the coded facts of a trafficking case and how it came to light."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field, field_validator

from carecoord.domain.client import CODED, PERSONAL
from carecoord.domain.codelists import (
    ClosureReason,
    ExploitationForm,
    LocationType,
    Phase,
    Sector,
    Signaller,
)
from carecoord.domain.municipalities import MunicipalityCode


def normalise_forms(forms: tuple[str, ...]) -> tuple[str, ...]:
    """Sorted, unique; 'unknown' only when nothing else is known."""
    unique = sorted(set(forms))
    if not unique:
        return ("unknown",)
    if "unknown" in unique and len(unique) > 1:
        unique.remove("unknown")
    return tuple(unique)


class CaseFacts(BaseModel):
    """The coded facts of a case: what statistics count."""

    model_config = CODED

    exploitation_forms: tuple[ExploitationForm, ...] = ("unknown",)
    sector: Sector = "unknown"
    location_type: LocationType = "unknown"
    signaller: Signaller = "unknown"
    municipality: MunicipalityCode | None = None

    @field_validator("exploitation_forms")
    @classmethod
    def _forms(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return normalise_forms(value)


class Signal(BaseModel):
    """A signal. ``case_id`` is None for information without an identified person (a control
    at a holiday park that found indications): the municipality's view of risk locations."""

    model_config = PERSONAL

    id: int | None = None
    case_id: int | None = None
    signal_date: date
    signaller: Signaller = "unknown"
    location_type: LocationType = "unknown"
    sector: Sector = "unknown"
    municipality: MunicipalityCode | None = None
    exploitation_forms: tuple[ExploitationForm, ...] = ("unknown",)
    description: str | None = Field(default=None, max_length=20_000)
    recorded_by: str | None = None

    @field_validator("exploitation_forms")
    @classmethod
    def _forms(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return normalise_forms(value)


class PhaseChange(BaseModel):
    model_config = PERSONAL  # the reason is free text

    id: int | None = None
    from_phase: Phase | None
    to_phase: Phase
    changed_on: date
    changed_by: str
    reason: str | None = None
    closure_reason: ClosureReason | None = None  # on the change to 'closed' only
    recorded_at: datetime | None = None


class CaseSummary(BaseModel):
    """One row of the case list (contains the client's name: reading it is logged)."""

    model_config = PERSONAL

    id: int
    reference: str
    client_id: int
    client_reference: str
    display_name: str
    phase: Phase
    phase_since: date
    opened_on: date
    closed_on: date | None
    closure_reason: ClosureReason | None = None
    closure_migrated: bool = False  # reason 'other' given by the migration, not a choice
    # Issue 19: a case handed over by another region: its name, the day, its reference there.
    received_from: str | None = None
    received_on: date | None = None
    sender_reference: str | None = None
    municipality: str | None
    exploitation_forms: tuple[str, ...]
    next_deadline: date | None
